"""The deadlines of a case, read from its facts and the rules (never stored)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from cesp.rules import appeals, recovery
from cesp.rules.explain import Figure

from . import schedule
from .enums import CaseState, DispatchKind


@dataclass(frozen=True)
class Deadline:
    label: str
    day: date | None  # None: the period has not started (receipt not proven yet)
    text: str = ""

    def passed(self, today: date) -> bool:
        return self.day is not None and self.day < today


def _from_receipt(
    label: str,
    received_on: date | None,
    period_end: Callable[[date], Figure[date]],
    pending: str,
) -> Deadline:
    """A period that runs from a letter's proven receipt (not started while unproven)."""
    if received_on:
        return Deadline(label, period_end(received_on).value)
    return Deadline(label, None, pending)


def deadlines(case: Any, today: date) -> list[Deadline]:
    out: list[Deadline] = []
    notice = case.dispatch(DispatchKind.NOTICE)
    if case.state in (CaseState.NOTICE_SENT, CaseState.OBSERVATIONS) and notice:
        out.append(
            _from_receipt(
                "Fin du délai d'observations (15 jours)",
                notice.received_on,
                recovery.observations_deadline,
                "court à compter de la réception de la mise en demeure",
            )
        )
    notification = case.dispatch(DispatchKind.NOTIFICATION)
    if notification and case.state == CaseState.NOTIFIED:
        out.append(
            _from_receipt(
                "Fin du délai de recours amiable (2 mois)",
                notification.received_on,
                appeals.amicable_appeal_deadline,
                "court à compter de la réception de la notification",
            )
        )
    if case.due_on and case.state in (CaseState.NOTIFIED, CaseState.APPEALED):
        out.append(Deadline("Échéance de paiement", case.due_on))
    if case.state in (CaseState.INSTALMENTS, CaseState.DEFAULTED):
        for row in schedule.rows(case, today):
            if not row.paid:
                out.append(Deadline(f"Échéance n° {row.number}", row.due_on))
                break
    return out


def next_deadline(case: Any, today: date) -> Deadline | None:
    found = deadlines(case, today)
    return found[0] if found else None
