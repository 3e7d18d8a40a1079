"""Demonstration follow-up (``load_demo_followup``, idempotent): ``ars-occitanie`` and
``ars-bretagne`` become named referents of signatories of their region, with exchanges
held, overdue and planned, and message threads; every notice goes through the kernel, so
the demo mailbox (/notifications/boite/) shows the e-mails sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cesp.contracts.models import Contract

from . import services
from .enums import Channel, MeetingMode, ReferentLevel
from .models import Referent
from .schedule import schedule_of

#: referent account -> (department of the referent, follow-up region, signatories named)
REFERENTS = {"ars-occitanie": ("34", "76", 24), "ars-bretagne": ("35", "53", 16)}
DIRECTOR = "ars-occitanie-directeur"
OWN_STUDENTS = ("etudiant", "etudiant-2", "etudiant-3")


@dataclass
class Summary:
    already_loaded: bool = False
    missing: str = ""
    created: list[str] = field(default_factory=list)


def _candidates(region: str, count: int) -> list[Contract]:
    """Signatories of the region: the demo students first, then others, by reference."""
    contracts = Contract.objects.filter(followup_region=region)
    own = list(contracts.filter(signatory__username__in=OWN_STUDENTS).order_by("reference"))
    others = list(
        contracts.exclude(pk__in=[c.pk for c in own])
        .filter(signature_date__lte=timezone.localdate() - timedelta(days=200))
        .order_by("-signature_date", "reference")[: count * 3]
    )
    picked = own + [c for c in others if schedule_of(c).next is not None]
    return picked[:count]


def load_demo_followup(today: date | None = None) -> Summary:
    today = today or timezone.localdate()
    summary = Summary()
    users = get_user_model().objects
    if Referent.objects.filter(user__username__in=list(REFERENTS)).exists():
        summary.already_loaded = True
        return summary
    accounts = {u.username: u for u in users.filter(username__in=[*REFERENTS, DIRECTOR])}
    if not all(name in accounts for name in REFERENTS):
        summary.missing = "comptes ars-occitanie et ars-bretagne absents (données de démonstration)"
        return summary
    with transaction.atomic():
        for name, (department, region, count) in REFERENTS.items():
            referent = accounts[name]
            by = accounts.get(DIRECTOR, referent)
            services.make_referent(
                referent, level=ReferentLevel.DEPARTMENT, department_code=department, by=by
            )
            contracts = _candidates(region, count)
            for index, contract in enumerate(contracts):
                services.assign_referent(
                    contract, referent, by=by, reason="Désignation initiale (démonstration)"
                )
                _story(contract, referent, index, today)
            summary.created.append(f"{name} : référent de {len(contracts)} signataires")
    return summary


def _story(contract: Contract, referent, index: int, today: date) -> None:
    """Per signatory, by rank: exchanges held each year; the last one left overdue; a
    planned exchange; a conversation for the demo students."""
    schedule = schedule_of(contract, today)
    modes = list(MeetingMode)
    for exchange in schedule.exchanges:
        if exchange.status == "held" or exchange.due > today:
            continue
        if index % 3 == 1 and exchange is schedule.exchanges[-1]:
            continue  # left overdue (or missed): the referent's workload shows it
        held = min(exchange.due + timedelta(days=7 * (index % 4)), today)
        services.record_meeting(
            contract,
            by=referent,
            held_on=held,
            mode=modes[(index + exchange.number) % len(modes)],
            project_update=(
                "Projet d'exercice en médecine générale confirmé ; recherche d'une maison de "
                "santé en zone d'intervention prioritaire."
            ),
        )
    upcoming = schedule_of(contract, today).next
    if upcoming is not None and index % 3 == 2:
        services.plan_meeting(
            contract,
            by=referent,
            planned_on=max(today + timedelta(days=14), min(upcoming.due, today + timedelta(60))),
            mode=MeetingMode.IN_PERSON,
        )
    if contract.signatory is not None and contract.signatory.username in OWN_STUDENTS:
        thread = services.start_thread(
            contract,
            by=contract.signatory,
            channel=Channel.ARS,
            subject="Mon projet d'installation",
            body=(
                "Bonjour, je pense m'installer dans l'Aveyron. Pouvons-nous en parler lors de "
                "notre prochain échange ?"
            ),
        )
        services.post_message(
            thread,
            by=referent,
            body="Bien sûr : je vous propose un échange en visioconférence le mois prochain.",
        )
        services.start_thread(
            contract,
            by=contract.signatory,
            channel=Channel.NATIONAL,
            subject="Attestation de revenus",
            body="Bonjour, où trouver l'attestation de mes allocations pour les impôts ?",
        )


__all__ = ["load_demo_followup"]
