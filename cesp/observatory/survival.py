"""Time-to-event analyses beyond the 2025 study (no Django).

- Kaplan–Meier estimate of the time from diploma to installation, with censoring;
- cumulative incidence of breach by signature year (1 − Kaplan–Meier, breach as event).

Times are whole months (``whole_months_between``, interfaces.md §2). A censored
subject is at risk at its censoring time (the usual convention).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from cesp.observatory.cohort import CohortRow
from cesp.observatory.stats import rounded
from cesp.rules.months import whole_months_between

HORIZONS = (6, 12, 24, 36, 60)


def kaplan_meier(times: Sequence[int], events: Sequence[bool]) -> list[dict[str, Any]]:
    """Product-limit estimate: one step per distinct time with an event or a censoring.

    ``survival`` is S(t) just after t: the product over event times u ≤ t of
    (1 − d_u / n_u), n_u the subjects whose time is ≥ u.
    """
    event_counts: Counter[int] = Counter()
    censor_counts: Counter[int] = Counter()
    for time, event in zip(times, events, strict=True):
        (event_counts if event else censor_counts)[time] += 1
    at_risk = len(times)
    survival = 1.0
    steps = []
    for time in sorted(set(event_counts) | set(censor_counts)):
        deaths, censored = event_counts[time], censor_counts[time]
        if deaths:
            survival *= 1 - deaths / at_risk
        steps.append(
            {
                "month": time,
                "at_risk": at_risk,
                "events": deaths,
                "censored": censored,
                "survival": rounded(survival, 6),
            }
        )
        at_risk -= deaths + censored
    return steps


def survival_at(steps: Sequence[dict[str, Any]], month: int) -> float | None:
    """S(month) from the steps; None beyond the last observed time."""
    if not steps or month > steps[-1]["month"]:
        return None
    value = 1.0
    for step in steps:
        if step["month"] > month:
            break
        value = step["survival"]
    return value


def median_time(steps: Sequence[dict[str, Any]]) -> int | None:
    """First time where S(t) ≤ 0.5, None when never reached."""
    for step in steps:
        if step["survival"] <= 0.5:
            return int(step["month"])
    return None


def _diploma(row: CohortRow) -> date | None:
    """The later of the DES and the thesis (the allocation stops at the later one)."""
    known = [d for d in (row.des_date, row.thesis_date) if d is not None]
    return max(known) if known else None


def time_to_installation(rows: Sequence[CohortRow], as_of: date) -> dict[str, Any]:
    """Kaplan–Meier: months from diploma to installation.

    Event: completed/installed with an installation date. Censored: in studies at
    ``as_of``; broken at the breach date. Left out (counted): no diploma date, diploma
    after ``as_of``, broken before the diploma, installed without installation date.
    Installations before the diploma count at month 0.
    """
    times: list[int] = []
    events: list[bool] = []
    left_out: Counter[str] = Counter()
    before_diploma = 0
    for row in rows:
        diploma = _diploma(row)
        if row.phase is None:
            left_out["phase_unknown"] += 1
        elif diploma is None:
            left_out["no_diploma_date"] += 1
        elif row.phase in ("completed", "installed"):
            if row.installation_date is None:
                left_out["no_installation_date"] += 1
                continue
            months = whole_months_between(diploma, row.installation_date)
            before_diploma += months < 0
            times.append(max(months, 0))
            events.append(True)
        elif row.phase == "broken":
            if row.breach_date is None or row.breach_date < diploma:
                left_out["broken_before_diploma_or_undated"] += 1
                continue
            times.append(whole_months_between(diploma, row.breach_date))
            events.append(False)
        elif diploma > as_of:
            left_out["diploma_after_report_date"] += 1
        else:
            times.append(whole_months_between(diploma, as_of))
            events.append(False)
    steps = kaplan_meier(times, events)
    return {
        "method": "kaplan_meier",
        "origin": "diploma (later of DES and thesis)",
        "n": len(times),
        "events": sum(events),
        "censored": len(times) - sum(events),
        "installed_before_diploma": before_diploma,
        "left_out": dict(sorted(left_out.items())),
        "median_months": median_time(steps),
        "installed_share_by_month": {
            str(h): None if (s := survival_at(steps, h)) is None else rounded(1 - s)
            for h in HORIZONS
        },
        "curve": steps,
    }


def breach_incidence_by_year(rows: Sequence[CohortRow], as_of: date) -> dict[str, Any]:
    """Cumulative incidence of breach since signature, per signature year.

    Event: a breach dated; others are censored at ``as_of``. Incidence at h months is
    1 − S(h), None beyond the follow-up of the year's cohort.
    """
    by_year: dict[int, tuple[list[int], list[bool]]] = {}
    left_out: Counter[str] = Counter()
    for row in rows:
        if row.signature_date is None or row.phase is None:
            left_out["no_signature_date_or_phase"] += 1
            continue
        if row.phase == "broken":
            if row.breach_date is None:
                left_out["broken_without_date"] += 1
                continue
            end, event = row.breach_date, True
        else:
            end, event = as_of, False
        if end < row.signature_date:
            left_out["end_before_signature"] += 1
            continue
        times, events = by_year.setdefault(row.signature_date.year, ([], []))
        times.append(whole_months_between(row.signature_date, end))
        events.append(event)
    years = {}
    for year in sorted(by_year):
        times, events = by_year[year]
        steps = kaplan_meier(times, events)
        years[str(year)] = {
            "n": len(times),
            "breaches": sum(events),
            "cumulative_incidence": {
                str(h): None if (s := survival_at(steps, h)) is None else rounded(1 - s)
                for h in HORIZONS
            },
            # breaches by each horizon: lets publication mode mask an incidence that
            # a few breaches would give back (removed from the published report)
            "breaches_by_month": {
                str(h): sum(1 for t, e in zip(times, events, strict=True) if e and t <= h)
                for h in HORIZONS
            },
        }
    return {
        "method": "1 - kaplan_meier",
        "origin": "signature",
        "left_out": dict(left_out),
        "years": years,
    }
