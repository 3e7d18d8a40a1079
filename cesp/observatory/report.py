"""Assemble the full observatory report (JSON-ready dict), no Django.

The fields of interfaces.md §2, plus: data quality (rows set aside and why), the
amount source, Kaplan–Meier and breach incidence, live indicators, privacy mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from cesp.observatory import geo, indicators, privacy
from cesp.observatory.analysis import analyse
from cesp.observatory.cohort import Cohort, CohortRow
from cesp.observatory.costs import amount_source

FORMAT_VERSION = "1.0"
#: Where the indicators' definitions come from, said to a reader (never a file path).
DEFINITIONS = (
    "celles de l'enquête nationale de 2018 sur le CESP (profils, phases du contrat, délais "
    "d'installation, coûts), calculées sur les faits enregistrés"
)


def build_report(
    rows: Sequence[CohortRow],
    *,
    region: str | None = "76",
    profession: str = "medecine",
    as_of: date | None = None,
    publication: bool = False,
    cohort: Cohort | None = None,
    facts: indicators.PlatformFacts | None = None,
    source: str = "",
) -> dict[str, Any]:
    as_of = as_of or date.today()
    report = analyse(rows, region=region, profession=profession, as_of=as_of)
    report["cost"]["amount_source"] = amount_source()
    report["report"] = {
        "format_version": FORMAT_VERSION,
        "generator": "cesp observatory",
        "source": source,
        "region": region,
        "region_name": geo.region_name(region) if region else "France entière",
        "profession": profession,
        "as_of": as_of.isoformat(),
        "definitions": DEFINITIONS,
    }
    if cohort is not None:
        report["data_quality"] = cohort.quality()
    facts = facts if facts is not None else indicators.from_cohort_file()
    report["indicators"] = indicators.live_indicators(facts, as_of)
    if publication:
        return privacy.publication(report)
    report["privacy"] = privacy.raw_privacy_section()
    return report
