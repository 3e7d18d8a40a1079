"""Reminders of an instalment plan: an instalment due within ``lead_days``, and an
instalment left unpaid past its due date (kernel notifications, one per instalment and
kind: the idempotency key makes a second run write nothing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from cesp.core.notifications.services import notify
from cesp.rules.money import format_euros_fr

from . import schedule
from .enums import CaseState
from .models import BreachCase


@dataclass
class Planned:
    case: BreachCase
    kind: str  # breach_instalment_due | breach_instalment_late
    row: schedule.InstalmentRow


def planned(today: date, lead_days: int = 10) -> list[Planned]:
    """The reminders due on ``today`` (for signatories with an account)."""
    cases = (
        BreachCase.objects.filter(state__in=[CaseState.INSTALMENTS, CaseState.DEFAULTED])
        .exclude(contract__signatory=None)
        .select_related("contract", "contract__signatory")
        .prefetch_related("repayments", "plan__items")
        .order_by("pk")
    )
    out = []
    horizon = today + timedelta(days=lead_days)
    for case in cases:
        for row in schedule.rows(case, today):
            if row.late:
                out.append(Planned(case, "breach_instalment_late", row))
            elif not row.paid and today <= row.due_on <= horizon:
                out.append(Planned(case, "breach_instalment_due", row))
    return out


def send(items: list[Planned]) -> int:
    """Write the messages (once each: ``instalment:<id>:<kind>``); returns how many exist."""
    written = 0
    with transaction.atomic():
        for item in items:
            message = notify(
                item.kind,
                item.case.contract.signatory,
                {
                    "case": item.case.reference,
                    "number": item.row.number,
                    "due_on": f"{item.row.due_on:%d/%m/%Y}",
                    "amount": format_euros_fr(item.row.amount).removesuffix("\u00a0€"),
                    "missing": format_euros_fr(item.row.missing).removesuffix("\u00a0€"),
                },
                idempotency_key=f"instalment:{item.row.pk}:{item.kind}",
                link=f"/ruptures/{item.case.pk}/",
            )
            written += message is not None
    return written
