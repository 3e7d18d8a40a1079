"""The quota of a UFR, category and profession: computed from the facts, never stored.

Quota known on a day = contracts opened by the annual arrêtés published by then
+ movements received − movements given, effective by then (workflows-payments.md §1.4–1.5;
R631-24-1 and R631-24-5 C. éduc.; digest R5, R11).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Min, Sum

from .models import QuotaLine, QuotaMovement


@dataclass(frozen=True, slots=True)
class Quota:
    """The quota of one (UFR, year, category, profession) on a day, with its make-up."""

    arrete: int
    received: int
    given: int
    published_on: date | None

    @property
    def contracts(self) -> int:
        return self.arrete + self.received - self.given


def quota_on(ufr_id: int, academic_year: int, category: str, profession: str, on: date) -> Quota:
    lines = QuotaLine.objects.known_on(on).filter(
        ufr_id=ufr_id, arrete__academic_year=academic_year, category=category, profession=profession
    )
    figures = lines.aggregate(n=Sum("contracts"), first=Min("arrete__published_on"))
    moves = QuotaMovement.objects.filter(academic_year=academic_year).effective_on_or_before(on)
    received = (
        moves.filter(
            target_ufr_id=ufr_id, target_category=category, target_profession=profession
        ).aggregate(n=Sum("contracts"))["n"]
        or 0
    )
    given = (
        moves.filter(
            source_ufr_id=ufr_id, source_category=category, source_profession=profession
        ).aggregate(n=Sum("contracts"))["n"]
        or 0
    )
    return Quota(figures["n"] or 0, received, given, figures["first"])


def quota_table(ufr_id: int, academic_year: int, on: date) -> list[tuple[str, str, Quota]]:
    """Every (category, profession) with a quota line or a movement at this UFR."""
    keys: set[tuple[str, str]] = set(
        QuotaLine.objects.known_on(on)
        .filter(ufr_id=ufr_id, arrete__academic_year=academic_year)
        .values_list("category", "profession")
    )
    moves = QuotaMovement.objects.filter(academic_year=academic_year).effective_on_or_before(on)
    keys |= set(
        moves.filter(target_ufr_id=ufr_id).values_list("target_category", "target_profession")
    )
    keys |= set(
        moves.filter(source_ufr_id=ufr_id).values_list("source_category", "source_profession")
    )
    return [
        (category, profession, quota_on(ufr_id, academic_year, category, profession, on))
        for category, profession in sorted(keys, key=lambda k: (k[1], k[0]))
    ]
