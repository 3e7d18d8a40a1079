"""Counts of offers by outcome: the campaigns pages and the observatory read them
(workflows-payments.md §1.7 item 7: declined, lapsed and withdrawn counted apart)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from cesp.rules import vocabulary

from .enums import PENDING
from .models import Offer

#: The outcomes, in the order the pages show them.
OUTCOMES = ("pending", "signed", "countersigned", "declined", "lapsed", "withdrawn")


def outcome_counts(offers: QuerySet) -> dict[str, int]:
    """``{outcome: count}`` over ``offers`` (``pending``: sent or received, still running),
    every outcome present (0 when none) plus ``total``."""
    counts = dict.fromkeys(OUTCOMES, 0)
    for row in offers.order_by().values("state").annotate(n=Count("id")):
        key = "pending" if row["state"] in PENDING else row["state"]
        counts[key] += row["n"]
    counts["total"] = sum(counts[outcome] for outcome in OUTCOMES)
    return counts


def outcome_label(outcome: str) -> str:
    if outcome == "pending":
        return "En cours"
    return vocabulary.OFFER_STATE_LABELS[outcome]


def campaign_outcome_counts(academic_year: int, ufr_id: int | None = None) -> dict[str, int]:
    """The counts of one campaign year, nationally or for one UFR (the observatory's)."""
    offers = Offer.objects.filter(round__ranked_list__campaign__academic_year=academic_year)
    if ufr_id is not None:
        offers = offers.filter(round__ranked_list__campaign__ufr_id=ufr_id)
    return outcome_counts(offers)
