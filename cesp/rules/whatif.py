"""What-if situations: the same facts plus a hypothetical voluntary breach.

Pure (no Django): used by the contract page ("ce que coûterait une rupture aujourd'hui",
through ``contracts.figures``) and by the simulator. Only the *facts* are changed —
periods still open on the breach date are closed the day before, facts after that date
are left out — and the rules engine computes everything (interfaces.md §1: termination
takes effect on receipt).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def with_breach(situation: dict[str, Any], on: date) -> dict[str, Any]:
    """``situation`` with a voluntary breach on ``on`` (a new dict; the input is kept).

    Returns the situation unchanged if it already holds a breach (the contract has
    ended: there is nothing left to break).
    """
    events = situation.get("events") or []
    if any(e.get("type") == "breach" for e in events):
        return situation
    kept: list[dict[str, Any]] = []
    for event in events:
        start = _as_date(event.get("from"))
        if start is not None or "from" in event:
            if start is not None and start >= on:
                continue
            end = _as_date(event.get("to"))
            if end is None or end >= on:
                event = {**event, "to": on - timedelta(days=1)}
        elif (when := _as_date(event.get("date"))) is not None and when >= on:
            continue
        kept.append(event)
    kept.append({"type": "breach", "date": on, "cause": "voluntary"})
    return {**situation, "events": kept}
