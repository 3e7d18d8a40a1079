"""Live indicators the 2018 survey had to collect by questionnaire (seed 001), no Django.

Each indicator is computed from platform facts when they exist, otherwise it is
reported as not available yet, with why. The facts are passed in by an adapter
(``cesp.observatory.platform`` for the database; none for a cohort file).

- ``seen_by_referent_12m``: share of signatories with a follow-up interview recorded in
  the last 12 months (survey 2018: 78,2 % had no referent during the first cycles);
- ``payment_delay``: share of monthly payments made after the month they cover, and the
  mean delay in days (survey: payments late "in more than a quarter of cases");
- ``informed_of_zoning_change``: share of signatories affected by a zoning change who
  were notified (survey: 46 % were not told of a change).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from cesp.observatory.stats import mean_sd, share


@dataclass(frozen=True)
class PlatformFacts:
    """What the platform knows; ``None`` means the module that records it is absent."""

    signatories: Sequence[str] | None = None
    followup_dates: dict[str, Sequence[date]] | None = None
    payments: Sequence[tuple[date, date]] | None = None  # (month covered, paid on)
    zoning_changes: dict[str, bool] | None = None  # signatory -> notified
    missing_because: dict[str, str] = field(default_factory=dict)


def _unavailable(indicator: str, label: str, why: str) -> dict[str, Any]:
    return {"id": indicator, "label": label, "available": False, "value": None, "why": why}


def seen_by_referent(facts: PlatformFacts, as_of: date) -> dict[str, Any]:
    label = "Part des signataires vus par un référent ARS dans les 12 derniers mois"
    if facts.signatories is None or facts.followup_dates is None:
        why = facts.missing_because.get("followup", "le suivi annuel n'est pas encore enregistré")
        return _unavailable("seen_by_referent_12m", label, why)
    since = as_of - timedelta(days=365)
    seen = sum(
        1
        for person in facts.signatories
        if any(since < day <= as_of for day in facts.followup_dates.get(person, ()))
    )
    return {
        "id": "seen_by_referent_12m",
        "label": label,
        "available": True,
        "value": share(seen, len(facts.signatories)),
        "n": len(facts.signatories),
        "seen": seen,
    }


def payment_delay(facts: PlatformFacts) -> dict[str, Any]:
    label = "Versements mensuels payés après le mois couvert"
    if facts.payments is None:
        why = facts.missing_because.get("payments", "les versements ne sont pas encore enregistrés")
        return _unavailable("payment_delay", label, why)
    delays = [max((paid - covered_end(month)).days, 0) for month, paid in facts.payments]
    late = sum(1 for d in delays if d > 0)
    return {
        "id": "payment_delay",
        "label": label,
        "available": True,
        "value": share(late, len(delays)),
        "n": len(delays),
        "late": late,
        "delay_days": mean_sd(delays),
    }


def covered_end(month: date) -> date:
    """Last day of the month covered (a payment is late when made after it)."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


def informed_of_zoning_change(facts: PlatformFacts) -> dict[str, Any]:
    label = "Part des signataires concernés par un changement de zonage qui en ont été informés"
    if facts.zoning_changes is None:
        why = facts.missing_because.get(
            "zoning", "les notifications de changement de zonage ne sont pas encore enregistrées"
        )
        return _unavailable("informed_of_zoning_change", label, why)
    informed = sum(1 for notified in facts.zoning_changes.values() if notified)
    return {
        "id": "informed_of_zoning_change",
        "label": label,
        "available": True,
        "value": share(informed, len(facts.zoning_changes)),
        "n": len(facts.zoning_changes),
        "informed": informed,
    }


def live_indicators(facts: PlatformFacts, as_of: date) -> list[dict[str, Any]]:
    return [seen_by_referent(facts, as_of), payment_delay(facts), informed_of_zoning_change(facts)]


def from_cohort_file() -> PlatformFacts:
    """A cohort file carries none of these facts: say so for each indicator."""
    why = "le fichier de cohorte (interfaces.md §2) ne contient pas cette information"
    return PlatformFacts(missing_because={"followup": why, "payments": why, "zoning": why})
