"""The cohort analysis of the 2025 Occitanie study, reproduced (interfaces.md §2).

Pure functions on :class:`~cesp.observatory.cohort.CohortRow` lists, no Django. Each
figure leaves unknown values out and says with ``n`` how many were used and with
``missing`` how many were left out. Definitions: interfaces.md §2 and
docs/observatory.md.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from cesp.observatory import geo, survival
from cesp.observatory.cohort import PHASES, CohortRow
from cesp.observatory.costs import cost_of, per_unit
from cesp.observatory.stats import counts, mean_sd, rounded, share
from cesp.rules.money import format_euros
from cesp.rules.months import whole_months_between

INSTALLED_PHASES = ("completed", "installed")
DELAYS = {"thesis_to_installation": "thesis_date", "des_to_installation": "des_date"}


def flow(rows: Sequence[CohortRow], profession: str) -> tuple[dict[str, Any], list[CohortRow]]:
    """Inclusion flow (STROBE) and the studied rows.

    Order of the steps (a profile lands in the first that applies): without data,
    withdrawn before signature, another profession, deceased, studied.
    """
    other: dict[str, int] = {}
    withdrawn = deceased = without_data = 0
    profession_unknown = 0
    studied: list[CohortRow] = []
    for row in rows:
        if row.without_data:
            without_data += 1
        elif not row.is_signed:
            withdrawn += 1
        elif row.profession is None:
            profession_unknown += 1
        elif row.profession != profession:
            other[row.profession] = other.get(row.profession, 0) + 1
        elif row.deceased:
            deceased += 1
        else:
            studied.append(row)
    not_included: dict[str, Any] = {
        "profession": dict(sorted(other.items())),
        "withdrawn_before_signature": withdrawn,
    }
    if profession_unknown:
        not_included["profession_unknown"] = profession_unknown
    result = {
        "profiles": len(rows),
        "not_included": not_included,
        "excluded": {"deceased": deceased, "without_data": without_data},
        "studied": len(studied),
        "profession_studied": profession,
    }
    return result, studied


def age_in_completed_years(birth: date, on: date) -> int:
    """Age at ``on`` in completed years (birthday reached or not)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def population(rows: Sequence[CohortRow]) -> dict[str, Any]:
    ages = [
        age_in_completed_years(r.birth_date, r.signature_date)
        for r in rows
        if r.birth_date and r.signature_date
    ]
    bridge_known = [r for r in rows if r.bridge_entry is not None]
    bridges = [r for r in bridge_known if r.bridge_entry]
    origin_known = [r for r in bridges if r.bridge_origin is not None]
    health = sum(1 for r in origin_known if r.bridge_origin == "health_social")
    engagement = [r.engagement_months for r in rows if r.engagement_months is not None]
    years = counts([str(r.signature_date.year) for r in rows if r.signature_date])
    return {
        "age_at_signature": {**mean_sd(ages), "missing": len(rows) - len(ages)},
        "bridge_entry_share": share(len(bridges), len(bridge_known)),
        "bridge_entry": {"n": len(bridge_known), "entries": len(bridges)},
        "bridge_health_social_share": share(health, len(origin_known)),
        "bridge_origin": {"n": len(origin_known), "health_social": health},
        "engagement_months": {**mean_sd(engagement), "missing": len(rows) - len(engagement)},
        "signature_region": counts([r.signature_region for r in rows if r.signature_region]),
        "signatures_per_year": dict(sorted(years.items())),
    }


def _home(row: CohortRow, region: str | None) -> str | None:
    """The reference region of a row: ``--region``, or with no region (national view)
    the row's own signature region (docs/observatory.md)."""
    return region or row.signature_region


def phases(rows: Sequence[CohortRow], region: str | None) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for phase in PHASES:
        members = [r for r in rows if r.phase == phase]
        engagement = [r.engagement_months for r in members if r.engagement_months is not None]
        planned = [
            (r.planned_region, _home(r, region)) for r in members if r.planned_region is not None
        ]
        result[phase] = {
            "n": len(members),
            "engagement_months": {**mean_sd(engagement), "missing": len(members) - len(engagement)},
            "specialties": counts([r.specialty for r in members if r.specialty]),
            "specialty_missing": sum(1 for r in members if not r.specialty),
            "planned_in_region_share": share(
                sum(1 for p, home in planned if p == home), len(planned)
            ),
            "planned_region_known": len(planned),
            "planned_region_missing": len(members) - len(planned),
        }
    return result


def phase_engagement_test(rows: Sequence[CohortRow]) -> dict[str, Any]:
    """Kruskal–Wallis across the phases on engagement months, with ANOVA alongside."""
    from scipy import stats as scipy_stats  # heavy (~0.3 s): only when a test is computed

    groups = {
        phase: [
            r.engagement_months
            for r in rows
            if r.phase == phase and r.engagement_months is not None
        ]
        for phase in PHASES
    }
    used = {phase: values for phase, values in groups.items() if values}
    result: dict[str, Any] = {
        "test": "kruskal",
        "variable": "engagement_months",
        "groups": {phase: len(values) for phase, values in groups.items()},
        "statistic": None,
        "p_value": None,
        "anova": {"test": "f_oneway", "statistic": None, "p_value": None},
    }
    if len(used) < 2:
        result["not_computed"] = "moins de deux phases avec des données"
        return result
    samples = list(used.values())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            kruskal = scipy_stats.kruskal(*samples)
            result["statistic"] = rounded(float(kruskal.statistic))
            result["p_value"] = rounded(float(kruskal.pvalue), 6)
        except ValueError as error:
            result["not_computed"] = f"test impossible : {error}"
        if all(len(s) >= 2 for s in samples):
            anova = scipy_stats.f_oneway(*samples)
            result["anova"]["statistic"] = rounded(float(anova.statistic))
            result["anova"]["p_value"] = rounded(float(anova.pvalue), 6)
    return result


def _delay_values(rows: Iterable[CohortRow], start_field: str) -> list[int]:
    values = []
    for row in rows:
        start = getattr(row, start_field)
        if start is not None and row.installation_date is not None:
            values.append(whole_months_between(start, row.installation_date))
    return values


def delays(rows: Sequence[CohortRow]) -> dict[str, Any]:
    """Whole months from thesis / end of DES to installation (interfaces.md §2)."""
    result: dict[str, Any] = {}
    for name, start_field in DELAYS.items():
        groups: dict[str, Any] = {}
        for key, members in (
            ("completed", [r for r in rows if r.phase == "completed"]),
            ("installed", [r for r in rows if r.phase == "installed"]),
            ("all", [r for r in rows if r.phase in INSTALLED_PHASES]),
        ):
            values = _delay_values(members, start_field)
            groups[key] = {
                **mean_sd(values),
                "missing": len(members) - len(values),
                "negative": sum(1 for v in values if v < 0),
            }
        result[name] = groups
    return result


def installations(rows: Sequence[CohortRow], region: str | None) -> dict[str, Any]:
    installed = [r for r in rows if r.phase in INSTALLED_PHASES]
    known = [r for r in installed if r.installation_commune]
    in_region = [
        r
        for r in known
        if geo.region_of(r.installation_commune) == _home(r, region)  # type: ignore[arg-type]
    ]
    classes = [geo.density_class(r.installation_commune) for r in in_region]  # type: ignore[arg-type]
    graded = [c for c in classes if c is not None]
    by_phase = {}
    for phase in INSTALLED_PHASES:
        phase_known = [r for r in known if r.phase == phase]
        phase_in = sum(1 for r in in_region if r.phase == phase)
        by_phase[phase] = {
            "n": len(phase_known),
            "in_region": phase_in,
            "in_region_share": share(phase_in, len(phase_known)),
        }
    density_counts = {
        name: sum(1 for c in graded if c == name) for name in ("rural", "small_town", "urban")
    }
    return {
        "n": len(installed),
        "commune_known": len(known),
        "commune_missing": len(installed) - len(known),
        "in_region": len(in_region),
        "in_region_by_phase": by_phase,
        "density": {name: share(count, len(graded)) for name, count in density_counts.items()},
        "density_counts": density_counts,
        "density_n": len(graded),
        "density_missing": len(in_region) - len(graded),
        "by_department": counts([geo.department_of(r.installation_commune) or "?" for r in known]),  # type: ignore[arg-type]
        "by_commune_in_region": counts([r.installation_commune for r in in_region]),  # type: ignore[misc]
    }


def _months_and_cost(rows: Iterable[CohortRow], fallback: date) -> tuple[int, Decimal, int, int]:
    """Months financed and their cost, each month priced at the amount in force at the
    signature; months are summed per signature month, then priced once (same result)."""
    by_month: dict[tuple[int, int], int] = {}
    used = missing = 0
    for row in rows:
        if row.allocation_months is None:
            missing += 1
            continue
        used += 1
        day = row.signature_date or fallback
        key = (day.year, day.month)
        by_month[key] = by_month.get(key, 0) + row.allocation_months
    total = sum((cost_of(m, date(y, mo, 1)) for (y, mo), m in by_month.items()), Decimal(0))
    return sum(by_month.values()), total, used, missing


def cost(rows: Sequence[CohortRow], as_of: date) -> dict[str, Any]:
    """Months financed × the gross monthly amount (1 200 €), installed and overall.

    "installed" = completed + installed; ``cost_per_installation`` divides by the
    installations whose months are known (seed 000, oracle T44). The amount is the one in
    force at each signature (the report date when unknown).
    """
    months_i, cost_i, used_i, missing_i = _months_and_cost(
        (r for r in rows if r.phase in INSTALLED_PHASES), as_of
    )
    months_a, cost_a, used_a, missing_a = _months_and_cost(rows, as_of)
    months_s, cost_s, used_s, missing_s = _months_and_cost(
        (r for r in rows if r.phase == "studies"), as_of
    )
    return {
        "months_financed_installed": months_i,
        "cost_installed": format_euros(cost_i),
        "cost_per_installation": per_unit(cost_i, used_i),
        "installed_n": used_i,
        "installed_missing": missing_i,
        "months_financed_all": months_a,
        "cost_all": format_euros(cost_a),
        "all_n": used_a,
        "all_missing": missing_a,
        "months_financed_studies": months_s,
        "cost_committed_studies": format_euros(cost_s),
        "studies_n": used_s,
        "studies_missing": missing_s,
    }


def analyse(
    rows: Sequence[CohortRow],
    *,
    region: str | None = "76",
    profession: str = "medecine",
    as_of: date | None = None,
) -> dict[str, Any]:
    """Every figure of the study, on the studied profiles (interfaces.md §2).

    ``region=None`` is the national view: "in the region" then means in the profile's own
    signature region."""
    as_of = as_of or date.today()
    flow_figures, studied = flow(rows, profession)
    return {
        "parameters": {"region": region, "profession": profession, "as_of": as_of.isoformat()},
        "flow": flow_figures,
        "population": population(studied),
        "phases": phases(studied, region),
        "phase_unknown": sum(1 for r in studied if r.phase is None),
        "phase_engagement_test": phase_engagement_test(studied),
        "delays_months": delays(studied),
        "installations": installations(studied, region),
        "cost": cost(studied, as_of),
        "time_to_installation": survival.time_to_installation(studied, as_of),
        "breach_incidence": survival.breach_incidence_by_year(studied, as_of),
    }
