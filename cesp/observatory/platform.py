"""The observatory on the platform's own contracts: facts → cohort rows (Django).

Each contract becomes one :class:`~cesp.observatory.cohort.CohortRow`, pseudonymised
(``profile_id`` = the research pseudonym, ``pseudonyms.research_pseudonym``: never the
reference, the signatory or the platform's pseudonym):

- phase from the rules' status (``contracts.figures``, never re-derived here):
  ``in_studies``/``suspended``/``deferred`` → studies; ``practising``/
  ``practice_suspended`` → installed; ``completed`` → completed; ``broken`` → broken;
  ``ended_without_repayment`` → deceased when the cause is death, else broken;
- allocation months and engagement months due from the rules' figures;
- thesis, DES, breach dates, installation date and commune: ``figures.milestones``;
- signature region = region of the UFR (else the region of follow-up).

A contract the rules refuse (inconsistent facts) is set aside and counted.
Researchers' extracts have dates at month precision (reliability.md): the day becomes 1.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.db.models import QuerySet

from cesp.contracts import figures
from cesp.contracts.models import Contract
from cesp.observatory.cohort import COLUMNS, CohortRow
from cesp.observatory.cohort import DATE_COLUMNS as DATE_FIELDS
from cesp.observatory.indicators import PlatformFacts
from cesp.observatory.live_facts import platform_facts
from cesp.observatory.pseudonyms import research_pseudonym
from cesp.rules.errors import SituationError
from cesp.rules.vocabulary import PHASE_OF_STATUS


@dataclass
class PlatformCohort:
    rows: list[CohortRow]
    set_aside: Counter[str] = field(default_factory=Counter)
    facts: PlatformFacts = field(default_factory=PlatformFacts)

    def quality(self) -> dict[str, Any]:
        return {
            "rows_read": len(self.rows) + sum(self.set_aside.values()),
            "rows_used": len(self.rows),
            "rows_set_aside": sum(self.set_aside.values()),
            "set_aside_by_reason": dict(self.set_aside),
            "ignored_columns": [],
            "issues": [],
            "issues_total": sum(self.set_aside.values()),
            "notes": [],
            "notes_total": 0,
        }


def contract_row(contract: Contract, as_of: date) -> CohortRow:
    """One contract as a cohort row (raises ``SituationError`` on inconsistent facts)."""
    result = figures.figures(contract, as_of)
    status = result["status"]
    path = figures.milestones(contract)
    deceased = status == "ended_without_repayment" and path.breach_cause == "death"
    ufr_region = getattr(contract.ufr, "region_code", "") if contract.ufr_id else ""
    return CohortRow(
        line=0,
        profile_id=research_pseudonym(contract.reference),
        profession=contract.profession,
        status="signed",
        deceased=deceased,
        birth_date=contract.birth_date,
        signature_date=contract.signature_date,
        bridge_entry=contract.bridge_entry,
        bridge_origin=contract.bridge_origin or None,
        signature_region=ufr_region or contract.followup_region or None,
        phase=PHASE_OF_STATUS.get(status),
        specialty=contract.specialty or None,
        allocation_months=result["allocation"]["months"],
        engagement_months=result["engagement"]["months_due"],
        planned_region=contract.planned_region or None,
        thesis_date=path.thesis_date,
        des_date=path.des_date,
        installation_date=path.installation_date,
        breach_date=path.breach_date,
        installation_commune=path.installation_commune or None,
    )


def contracts_for(queryset: QuerySet[Contract]) -> QuerySet[Contract]:
    return queryset.select_related("ufr").with_facts(rules_only=True)


def platform_cohort(
    queryset: QuerySet[Contract],
    as_of: date,
    *,
    region: str | None = None,
    profession: str | None = None,
) -> PlatformCohort:
    cohort = PlatformCohort(rows=[])
    for contract in contracts_for(queryset).iterator(chunk_size=500):
        try:
            cohort.rows.append(contract_row(contract, as_of))
        except SituationError:
            cohort.set_aside["rules_refused_facts"] += 1
    cohort.facts = platform_facts(queryset, as_of, region=region, profession=profession)
    return cohort


def month_precision(row: CohortRow) -> CohortRow:
    """The row with every date moved to the first of its month (researchers' extracts)."""
    changes = {
        name: getattr(row, name).replace(day=1) for name in DATE_FIELDS if getattr(row, name)
    }
    return replace(row, **changes)


def cohort_csv(rows: list[CohortRow]) -> str:
    """Rows in the cohort format of interfaces.md §2."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        cells = []
        for name in COLUMNS:
            value = getattr(row, name)
            if isinstance(value, bool):
                value = "1" if value else "0"
            cells.append("" if value is None else str(value))
        if row.status:
            cells[COLUMNS.index("status")] = row.status
        writer.writerow(cells)
    return buffer.getvalue()


def freshness_key(queryset: QuerySet[Contract]) -> tuple[Any, ...]:
    """Changes whenever a fact of these contracts changes (for the dashboard cache)."""
    return figures.facts_stamp(queryset)
