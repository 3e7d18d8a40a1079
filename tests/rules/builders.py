"""Small builders for rule tests: a situation dict in the interfaces.md §1 format."""

from __future__ import annotations

from typing import Any


def situation(
    *events: dict[str, Any],
    profession: str = "medecine",
    category: str = "second_cycle",
    campaign_year: int = 2021,
    signature_date: str = "2022-06-20",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "profession": profession,
        "category": category,
        "campaign_year": campaign_year,
        "signature_date": signature_date,
        "events": list(events),
        **extra,
    }


def ev(event_type: str, when: str | None = None, **fields: Any) -> dict[str, Any]:
    """An event; ``when`` is its ``date`` (dated events) or ``from`` (periods)."""
    data: dict[str, Any] = {"type": event_type}
    if when is not None:
        key = (
            "from"
            if event_type in {"suspension", "deferral", "practice", "practice_suspension"}
            else "date"
        )
        data[key] = when
    data.update({("from" if k == "start" else k): v for k, v in fields.items()})
    return data
