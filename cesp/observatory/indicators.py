"""Live indicators the 2018 survey had to collect by questionnaire (seed 001), no Django.

Each indicator is computed from platform facts when they exist, otherwise it is
reported as not available yet, with why. The facts are passed in by an adapter
(``cesp.observatory.platform`` for the database; none for a cohort file).

- ``seen_by_referent_12m``: share of signatories with a follow-up interview recorded in
  the last 12 months (survey 2018: 78,2 % had no referent during the first cycles);
- ``payment_delay``: share of monthly payments made after the month they cover, and the
  mean delay in days (survey: payments late "in more than a quarter of cases");
- ``informed_of_zoning_change``: share of signatories affected by a zoning change who
  were notified (survey: 46 % were not told of a change), overall and for each change;
- ``with_referent``: share of signatories with a named ARS referent today (survey: 78,2 %
  had none in the 1st and 2nd cycles, 81,2 % in the 3rd);
- ``answer_delay``: how long the answers to the signatories' messages take (days from a
  signatory's message to the first answer), and the share answered;
- ``first_payment_delay``: days from signature to the first payment of the contracts the
  payer watches, the share paid within its target, and the contracts still waiting
  (survey: a third paid up to four months late);
- ``offer_outcomes``: what became of the contract offers (signed, declined, lapsed,
  withdrawn, still open) — counts, no share.

Every count is a count of people (or payments, messages, offers): publication mode masks
it like any other (``privacy``), and a share whose numerator or complement is 1–10.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from cesp.observatory.stats import mean_sd, share


@dataclass(frozen=True)
class PlatformFacts:
    """What the platform knows; ``None`` means the module that records it is absent."""

    signatories: Sequence[str] | None = None
    #: (seen, signatories) when the follow-up counts them itself (the 12 months its own)
    seen_last_12_months: tuple[int, int] | None = None
    followup_dates: dict[str, Sequence[date]] | None = None
    payments: Sequence[tuple[date, date]] | None = None  # (month covered, paid on)
    zoning_changes: dict[str, bool] | None = None  # signatory -> notified
    #: each zoning change: (label, day it came into force, signatory -> notified)
    zoning_by_change: Sequence[tuple[str, date, dict[str, bool]]] | None = None
    referents: dict[str, bool] | None = None  # signatory -> has a named referent today
    #: per message of a signatory: days until the first answer, None while unanswered
    answer_delays: Sequence[float | None] | None = None
    offer_outcomes: dict[str, int] | None = None  # outcome -> offers
    #: the payments app's delay to the first payment (``DelayIndicator.as_dict()``)
    first_payment: dict[str, Any] | None = None
    missing_because: dict[str, str] = field(default_factory=dict)


def _unavailable(indicator: str, label: str, why: str) -> dict[str, Any]:
    return {"id": indicator, "label": label, "available": False, "value": None, "why": why}


#: The key of each indicator's share numerator (``_part_of``'s ``name``); publication
#: mode masks each of them (``privacy``), the tables name them (``tables.PART_LABELS``).
PARTS = ("seen", "late", "informed", "named", "answered", "within")


def _part_of(indicator: str, label: str, name: str, part: int, n: int) -> dict[str, Any]:
    """An available indicator whose value is the share ``part`` of ``n`` (``name``: the
    key of the part); callers add their own figures after these keys."""
    return {
        "id": indicator,
        "label": label,
        "available": True,
        "value": share(part, n),
        "n": n,
        name: part,
    }


def seen_by_referent(facts: PlatformFacts, as_of: date) -> dict[str, Any]:
    label = "Part des signataires vus par un référent ARS dans les 12 derniers mois"
    if facts.seen_last_12_months is not None:
        seen, n = facts.seen_last_12_months
    elif facts.signatories is None or facts.followup_dates is None:
        why = facts.missing_because.get("followup", "le suivi annuel n'est pas encore enregistré")
        return _unavailable("seen_by_referent_12m", label, why)
    else:
        since = as_of - timedelta(days=365)
        seen = sum(
            1
            for person in facts.signatories
            if any(since < day <= as_of for day in facts.followup_dates.get(person, ()))
        )
        n = len(facts.signatories)
    return _part_of("seen_by_referent_12m", label, "seen", seen, n)


def payment_delay(facts: PlatformFacts) -> dict[str, Any]:
    label = "Versements mensuels payés après le mois couvert"
    if facts.payments is None:
        why = facts.missing_because.get("payments", "les versements ne sont pas encore enregistrés")
        return _unavailable("payment_delay", label, why)
    delays = [max((paid - covered_end(month)).days, 0) for month, paid in facts.payments]
    late = sum(1 for d in delays if d > 0)
    return {
        **_part_of("payment_delay", label, "late", late, len(delays)),
        "delay_days": mean_sd(delays),
    }


def covered_end(month: date) -> date:
    """Last day of the month covered (a payment is late when made after it)."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


def informed_of_zoning_change(facts: PlatformFacts) -> dict[str, Any]:
    """Overall on (change, signatory) pairs when the changes are known one by one (a
    signatory touched by two changes counts twice: each change must be told), else on
    signatories; ``by_change`` gives each change's share."""
    label = "Part des signataires concernés par un changement de zonage qui en ont été informés"
    if facts.zoning_changes is None and facts.zoning_by_change is None:
        why = facts.missing_because.get(
            "zoning", "les notifications de changement de zonage ne sont pas encore enregistrées"
        )
        return _unavailable("informed_of_zoning_change", label, why)
    if facts.zoning_by_change is None:
        told = list((facts.zoning_changes or {}).values())
        by_change = None
    else:
        told = [notified for _, _, people in facts.zoning_by_change for notified in people.values()]
        by_change = [
            {
                "label": name,
                "valid_from": day.isoformat(),
                "n": len(people),
                "informed": sum(1 for notified in people.values() if notified),
                "value": share(sum(1 for v in people.values() if v), len(people)),
            }
            for name, day, people in facts.zoning_by_change
        ]
    informed = sum(1 for notified in told if notified)
    result = _part_of("informed_of_zoning_change", label, "informed", informed, len(told))
    if by_change is not None:
        result["by_change"] = by_change
    return result


def with_referent(facts: PlatformFacts) -> dict[str, Any]:
    label = "Part des signataires ayant un référent ARS nommé"
    if facts.referents is None:
        why = facts.missing_because.get("referents", "les référents ne sont pas encore enregistrés")
        return _unavailable("with_referent", label, why)
    named = sum(1 for has in facts.referents.values() if has)
    return _part_of("with_referent", label, "named", named, len(facts.referents))


def answer_delay(facts: PlatformFacts) -> dict[str, Any]:
    """Share of the signatories' messages answered, and the days the answers took."""
    label = "Messages des signataires ayant reçu une réponse, et délai de réponse (jours)"
    if facts.answer_delays is None:
        why = facts.missing_because.get(
            "messages", "les échanges écrits avec les signataires ne sont pas encore enregistrés"
        )
        return _unavailable("answer_delay", label, why)
    delays = [d for d in facts.answer_delays if d is not None]
    summary = mean_sd(delays)
    summary["median"] = round(float(statistics.median(delays)), 4) if delays else None
    return {
        **_part_of("answer_delay", label, "answered", len(delays), len(facts.answer_delays)),
        "delay_days": summary,
    }


#: The outcomes of an offer, in the order they are shown (the offers app's, ``pending``
#: the offers still running; French labels in ``tables.OUTCOME_LABELS``).
OFFER_OUTCOMES = ("signed", "countersigned", "declined", "lapsed", "withdrawn", "pending")


def first_payment_delay(facts: PlatformFacts) -> dict[str, Any]:
    """From the payments app's delay indicator: among the contracts it watches, those paid
    (days from signature to the first payment; share within its alert delay), those
    waiting within that delay, and those waiting beyond it."""
    label = "Délai entre la signature et le premier versement"
    source = facts.first_payment
    if source is None or not source.get("contracts"):
        why = facts.missing_because.get(
            "first_payment", "aucun contrat suivi par le payeur sur la période"
        )
        return _unavailable("first_payment_delay", label, why)
    days = source["days_to_first_payment"]
    paid = int(source["paid"])
    within = int(days["within_alert_days"])
    median = days.get("median")
    return {
        **_part_of("first_payment_delay", label, "within", within, paid),
        "delay_days": {
            "n": int(days["n"]),
            "mean": days.get("mean"),
            "sd": None,  # the payments app gives the mean, median and maximum only
            "median": None if median is None else round(float(median), 4),
        },
        "contracts": int(source["contracts"]),
        "waiting": int(source["waiting"]),
        "overdue": int(source["overdue"]),
        "alert_days": int(source["alert_days"]),
        "watch_since": source["watch_since"],
    }


def offer_outcomes(facts: PlatformFacts) -> dict[str, Any]:
    label = "Issue des offres de contrat"
    if facts.offer_outcomes is None:
        why = facts.missing_because.get(
            "offers", "les offres de contrat ne sont pas encore enregistrées"
        )
        return _unavailable("offer_outcomes", label, why)
    outcomes = {key: int(facts.offer_outcomes.get(key, 0)) for key in OFFER_OUTCOMES}
    return {
        "id": "offer_outcomes",
        "label": label,
        "available": True,
        "value": None,  # counts, not a share
        "n": sum(outcomes.values()),
        "outcomes": outcomes,
    }


def live_indicators(facts: PlatformFacts, as_of: date) -> list[dict[str, Any]]:
    return [
        seen_by_referent(facts, as_of),
        with_referent(facts),
        informed_of_zoning_change(facts),
        answer_delay(facts),
        payment_delay(facts),
        first_payment_delay(facts),
        offer_outcomes(facts),
    ]


def from_cohort_file() -> PlatformFacts:
    """A cohort file carries none of these facts: say so for each indicator."""
    why = "le fichier de cohorte ne contient pas cette information"
    topics = ("followup", "referents", "zoning", "messages", "payments", "first_payment", "offers")
    return PlatformFacts(missing_because=dict.fromkeys(topics, why))
