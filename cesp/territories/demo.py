"""Demonstration professional projects, so the zoning-change impact has signatories to find.

Runs after the demo contracts exist (``cesp demo``); idempotent: a contract that already
has a declaration is left alone. Deterministic: the commune is drawn from the contract id.
"""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from cesp.contracts.demo import STUDENT_COMMUNE, STUDENT_REFERENCE
from cesp.contracts.models import Contract
from cesp.core import geography

from .impact import notify_impacts
from .models import ProjectDeclaration, ZoningVersion

DEMO_REGION = "76"
#: Share of Occitanie-followed signatories who have declared a project in the demo.
SHARE_WITH_PROJECT = 0.6


@transaction.atomic
def load_demo_projects(today: date | None = None) -> int:
    """Declare a project commune for about 60 % of the contracts followed in Occitanie.

    Half keep the same commune since a year after signature (a stable project in the
    sense of R25), the others changed it more recently, so both outcomes of the
    3-year protection show up in the impact listing of a new zoning. The ``etudiant``
    account's contract declares its project (Rodez) on the day it signs, so its zoning
    attestation names a commune classed by the demo zoning in force then.
    """
    today = today or date.today()
    communes = [c.code for c in geography.communes_in_region(DEMO_REGION)]
    if not communes:
        return 0
    contracts = (
        Contract.objects.filter(followup_region=DEMO_REGION, project_declarations__isnull=True)
        .order_by("id")
        .only("id", "reference", "signature_date")
    )
    declarations = []
    student = contracts.filter(reference=STUDENT_REFERENCE).first()
    if student is not None:
        declarations.append(
            ProjectDeclaration(
                contract=student, commune_code=STUDENT_COMMUNE, declared_on=student.signature_date
            )
        )
        contracts = contracts.exclude(pk=student.pk)
    for contract in contracts:
        rng = random.Random(contract.id)
        if rng.random() > SHARE_WITH_PROJECT:
            continue
        first = _anniversary(contract.signature_date, 1)
        if first > today:
            continue
        declarations.append(
            ProjectDeclaration(
                contract=contract, commune_code=rng.choice(communes), declared_on=first
            )
        )
        changed_on = _anniversary(contract.signature_date, rng.choice((2, 3, 4)))
        if rng.random() < 0.5 and changed_on <= today:
            declarations[-1].withdrawn_on = changed_on
            declarations.append(
                ProjectDeclaration(
                    contract=contract, commune_code=rng.choice(communes), declared_on=changed_on
                )
            )
    ProjectDeclaration.objects.bulk_create(declarations)
    return len(declarations)


def _anniversary(day: date, years: int) -> date:
    """The same day ``years`` later (29 February falls back to 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def notify_demo_zoning() -> int:
    """Notify the impacts of the demo zoning (so the demo mailbox has e-mails to show);
    idempotent: each message has its key. Returns the number of impacts."""
    version = ZoningVersion.objects.filter(region=DEMO_REGION, is_demo=True).first()
    return len(notify_impacts(version)) if version is not None else 0
