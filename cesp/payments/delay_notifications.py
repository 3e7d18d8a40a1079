"""The notification of a first payment that does not come (registered in ``apps.py``):
to the payer (national agents) and to the ARS of the follow-up region, whom the 2018
survey asks to watch that payment starts from the signature (seed 001 §12)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from cesp.accounts.enums import Role
from cesp.contracts.models import Contract
from cesp.core.audiences import Audience
from cesp.core.notifications.registry import Kind, register
from cesp.core.notifications.services import notify

from . import delays

BODY = (
    "Le contrat {{ reference }} a été signé le {{ signed }} : aucun versement de "
    "l'allocation n'est enregistré {{ days }} jours plus tard (seuil d'alerte : "
    "{{ threshold }} jours). Le premier versement suivant la signature paie tous les mois "
    "dus depuis la date d'effet, avec leurs rappels."
)
LATE_FIRST_PAYMENT = Kind(
    code="payment_first_late",
    label="Premier versement de l'allocation en retard",
    audience=Audience.NATIONAL_MANAGER,
    mandatory=False,
    subject="Allocation non versée : {{ reference }} signé le {{ signed }}",
    body=BODY,
)
LATE_FIRST_PAYMENT_ARS = Kind(
    code="payment_first_late_ars",
    label="Premier versement en retard d'un signataire suivi",
    audience=Audience.ARS_AGENT,
    mandatory=False,
    subject="Allocation non versée : {{ reference }} signé le {{ signed }}",
    body=BODY,
)
KINDS = (LATE_FIRST_PAYMENT, LATE_FIRST_PAYMENT_ARS)


def register_kinds() -> None:
    register(*KINDS)


def _recipients(region: str) -> tuple[list, list]:
    users = get_user_model().objects.filter(is_active=True)
    national = list(users.filter(role=Role.NATIONAL_AGENT))
    ars = []
    if region:
        ars = list(
            users.filter(
                role__in=[Role.ARS_REFERENT, Role.ARS_DIRECTOR],
                organisation__region_code=region,
            )
        )
    return national, ars


def alert_overdue(as_of: date, *, apply: bool) -> tuple[int, int]:
    """Notify each overdue contract once (key per contract: a second run, or a run the
    next day, writes nothing new). (contracts overdue, messages written or found)."""
    contracts = list(delays.overdue_contracts(Contract.objects.all(), as_of))
    if not apply:
        return len(contracts), 0
    messages = 0
    recipients: dict[str, tuple[list, list]] = {}
    for contract in contracts:
        region = contract.followup_region or ""
        if region not in recipients:
            recipients[region] = _recipients(region)
        national, ars = recipients[region]
        context = {
            "reference": contract.reference,
            "signed": f"{contract.signature_date:%d/%m/%Y}",
            "days": (as_of - contract.signature_date).days,
            "threshold": delays.alert_days(),
            "contract_id": contract.pk,
        }
        key = f"payment-first-late:contract:{contract.pk}"
        with transaction.atomic():
            for user in national:
                if notify(
                    LATE_FIRST_PAYMENT,
                    user,
                    context,
                    idempotency_key=key,
                    link="/paiements/retards/",
                ):
                    messages += 1
            for user in ars:
                if notify(
                    LATE_FIRST_PAYMENT_ARS,
                    user,
                    context,
                    idempotency_key=key,
                    link="/paiements/retards/",
                ):
                    messages += 1
    return len(contracts), messages
