"""The follow-up of an instalment plan, derived from the repayments actually received.

Repayments received after the plan was granted are applied to the instalments in order
(the oldest due first): an instalment is paid when the repayments received by a date cover
it and every earlier one; it is late once its due date has passed without that. Nothing
here is stored: it is read from the plan and the repayments each time (docs/breach.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .models import InstalmentPlan


def repaid(case: Any, on: date | None = None) -> Decimal:
    """The sum repaid on the case (by ``on`` when given)."""
    return sum(
        (r.amount for r in case.repayments.all() if on is None or r.received_on <= on),
        Decimal(0),
    )


@dataclass(frozen=True)
class InstalmentRow:
    pk: int
    number: int
    due_on: date
    amount: Decimal
    covered: Decimal  # what the repayments received cover of this instalment
    late: bool

    @property
    def paid(self) -> bool:
        return self.covered >= self.amount

    @property
    def missing(self) -> Decimal:
        return self.amount - self.covered

    @property
    def status(self) -> str:
        if self.paid:
            return "réglée"
        if self.late:
            return "impayée"
        if self.covered:
            return "réglée en partie"
        return "à venir"


def rows(case: Any, today: date) -> list[InstalmentRow]:
    """The instalments of the case's plan with what is paid and what is late on ``today``."""
    try:
        plan = case.plan  # prefetch ``plan__items`` when listing cases
    except InstalmentPlan.DoesNotExist:
        return []
    # what was repaid by the day the plan was granted is already out of its total
    available = max(repaid(case, today) - repaid(case, plan.granted_on), Decimal(0))
    out = []
    for item in plan.items.all():
        covered = min(available, item.amount)
        available -= covered
        out.append(
            InstalmentRow(
                item.pk,
                item.number,
                item.due_on,
                item.amount,
                covered,
                late=covered < item.amount and item.due_on < today,
            )
        )
    return out
