"""Exports to the recovering body: one CSV line per case whose sums were notified, with
the creditor the rules name (``cesp.rules.recovery.creditor``: CPAM, CNG or ASP)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from cesp.contracts import figures
from cesp.rules import recovery
from cesp.rules.errors import SituationError
from cesp.rules.vocabulary import CREDITOR_LABELS

from . import schedule
from .enums import CaseState
from .models import BreachCase

PRACTISING = frozenset({"practising", "practice_suspended"})
EXPORTED = (
    CaseState.NOTIFIED,
    CaseState.APPEALED,
    CaseState.APPEAL_ANSWERED,
    CaseState.INSTALMENTS,
    CaseState.DEFAULTED,
    CaseState.PAID,
)
HEADER = [
    "dossier",
    "contrat",
    "signataire",
    "date_effet_rupture",
    "montant_notifie",
    "rembourse",
    "solde",
    "echeance",
    "etat",
    "creancier",
    "creancier_libelle",
]


def creditor_of(case: BreachCase, on: date) -> str:
    """Who recovers this case's sums on ``on`` (practising: the contract's status the day
    before the breach took effect)."""
    contract = case.contract
    try:
        regime = figures.regime(contract)
        before = (case.breach_date or on) - timedelta(days=1)
        status = figures.figures(contract, as_of=before).get("status")
    except SituationError:
        regime, status = "post2020", ""
    return recovery.creditor(regime, status in PRACTISING, on).value


def rows(cases: Iterable[BreachCase], on: date) -> list[dict[str, Any]]:
    out = []
    for case in cases:
        current = case.statement()
        if current is None:
            continue
        paid = schedule.repaid(case)
        creditor = creditor_of(case, on)
        out.append(
            {
                "dossier": case.reference,
                "contrat": case.contract.reference,
                "signataire": case.contract.signatory_name,
                "date_effet_rupture": case.breach_date.isoformat() if case.breach_date else "",
                "montant_notifie": f"{current.total:.2f}",
                "rembourse": f"{paid:.2f}",
                "solde": f"{current.total - paid:.2f}",
                "echeance": case.due_on.isoformat() if case.due_on else "",
                "etat": case.get_state_display(),
                "creancier": creditor,
                "creancier_libelle": CREDITOR_LABELS[creditor],
            }
        )
    return out


def exported_cases(queryset) -> Any:
    return (
        queryset.filter(state__in=EXPORTED)
        .select_related("contract", "contract__signatory")
        .prefetch_related("statements", "repayments")
        .order_by("pk")
    )


def to_csv(cases: Iterable[BreachCase], on: date, creditor: str = "") -> str:
    """The CSV (semicolon, UTF-8) of the notified cases, for one creditor or all."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, delimiter=";")
    writer.writeheader()
    for row in rows(cases, on):
        if not creditor or row["creancier"] == creditor:
            writer.writerow(row)
    return buffer.getvalue()
