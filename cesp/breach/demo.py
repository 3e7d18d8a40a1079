"""Demonstration breach cases at every step (``load_demo_breach``), through the same use
cases as real ones (the workflow's guards, the contract's breach event, the documents).

Idempotent: nothing is loaded when a breach case already exists on a demo contract. The
cases sit on demo contracts followed in Occitanie (seen by ``ars-occitanie``); two are on
contracts of their own with a signatory account (``signataire-rupture``: sums notified,
appeal still possible; ``signataire-echeancier``: an instalment plan with a late
instalment), created in demo mode only (password « demo »). Each contract first gets the
payments actually made up to the breach (the ledger's history lines), so that its
statement is computed from them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from cesp.accounts.enums import Role
from cesp.accounts.models import Organisation, User
from cesp.contracts import services as contract_services
from cesp.contracts.models import Contract
from cesp.core.workflow.engine import TransitionRefused
from cesp.payments import services as payments
from cesp.rules.errors import SituationError

from . import collection, services, statement
from .enums import Channel, DispatchKind, Ground
from .models import BreachCase

PREFIX = "DEMO-"
REGION = "76"
REASON = "Données de démonstration (synthétiques)"
#: The signatory accounts of the demo (username → contract reference, first and last name).
SIGNATORIES = {
    "signataire-rupture": ("DEMO-RUPTURE-0001", "Hugo", "Marty"),
    "signataire-echeancier": ("DEMO-RUPTURE-0002", "Inès", "Castan"),
}


@dataclass
class Summary:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    already_loaded: bool = False
    missing: str = ""


def _users() -> tuple[User | None, User | None]:
    national = User.objects.filter(username="national", is_active=True).first()
    national = national or User.objects.filter(role=Role.NATIONAL_AGENT, is_active=True).first()
    ars = User.objects.filter(username="ars-occitanie", is_active=True).first()
    ars = (
        ars
        or User.objects.filter(
            role=Role.ARS_REFERENT, organisation__region_code=REGION, is_active=True
        ).first()
    )
    return national, ars


def _candidates(today: date) -> Iterator[Contract]:
    """Demo contracts followed in Occitanie, without account, not broken."""
    taken = set(BreachCase.objects.values_list("contract_id", flat=True))
    rows = Contract.objects.filter(
        reference__startswith=PREFIX, followup_region=REGION, signatory=None
    ).exclude(pk__in=taken)
    for contract in rows.order_by("reference").iterator():
        try:
            if statement.estimate(contract, today - timedelta(days=200)) is None:
                continue
        except SituationError:
            continue
        yield contract


def _own_contract(username: str, today: date) -> Contract | None:
    """A contract of the demo signatory account (created in demo mode only)."""
    reference, first, last = SIGNATORIES[username]
    contract = Contract.objects.filter(reference=reference).first()
    if contract is not None:
        return contract
    if not settings.CESP_DEMO_MODE:
        return None
    ufr = Organisation.objects.filter(code="ufr-montpellier").first()
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={
            "role": Role.STUDENT,
            "is_active": True,
            "first_name": first,
            "last_name": last,
            "email": f"{username}@demo.cesp.invalid",
        },
    )
    user.set_password("demo")
    user.save(update_fields=["password"])
    return contract_services.create_contract(
        None,
        {
            "reference": reference,
            "signatory": user,
            "profession": "medecine",
            "category": "second_cycle",
            "campaign_year": 2022,
            "signature_date": date(2022, 9, 15),
            "ufr": ufr,
            "followup_region": REGION,
            "signatory_first_name": first,
            "signatory_last_name": last,
        },
        reason=REASON,
    )


def _paid_until(contract: Contract, until: date) -> None:
    """The payments actually made up to ``until`` (the ledger's history lines), so that the
    statements are computed from them (arrêté du 26 mai 2020 art. 1)."""
    try:
        payments.record_paid_history(contract, until)
    except SituationError:
        return


def _try(contracts: Iterator[Contract], build: Callable[[Contract], BreachCase]) -> BreachCase:
    """The first contract on which the whole story goes through (each try is rolled back
    when the rules or a guard refuse it)."""
    for contract in contracts:
        try:
            with transaction.atomic():
                return build(contract)
        except (TransitionRefused, SituationError):
            continue
    raise LookupError("aucun contrat de démonstration ne convient")


def load_demo_breach(today: date | None = None) -> Summary:
    today = today or date.today()
    summary = Summary()
    if BreachCase.objects.filter(contract__reference__startswith=PREFIX).exists():
        summary.already_loaded = True
        return summary
    national, ars = _users()
    if national is None or ars is None:
        summary.missing = "comptes national et ars-occitanie absents (données de démonstration)"
        return summary
    day = lambda n: today - timedelta(days=n)  # noqa: E731

    def letter(contract: Contract, received: int) -> BreachCase:
        _paid_until(contract, day(received))
        return services.open_by_letter(
            national,
            contract,
            received_on=day(received),
            sent_on=day(received + 2),
            proof=f"1A {contract.pk:09d} 1",
            facts="Je vous informe de ma décision de rompre mon contrat d'engagement.",
        )

    def reported(contract: Contract, ground: str, when: int, facts: str) -> BreachCase:
        _paid_until(contract, today)
        return services.report(ars, contract, ground=ground, facts=facts, reported_on=day(when))

    def noticed(contract: Contract, when: int) -> BreachCase:
        case = reported(
            contract,
            Ground.CHANGE_OF_PLACE,
            when,
            "Exercice constaté à Montpellier depuis trois mois, hors du lieu autorisé.",
        )
        services.send_notice(national, case, sent_on=day(when - 14), number="1A 000 111 2")
        services.record_receipt(national, case.dispatch(DispatchKind.NOTICE), day(when - 16))
        return case

    def notified(contract: Contract, received: int, sent: int, ack: int) -> BreachCase:
        case = letter(contract, received)
        case = services.decide(national, case, decided_on=day(sent))
        case = collection.notify_sums(
            national, case, sent_on=day(sent), number="1A 000 222 3", due_on=day(sent - 60)
        )
        services.record_receipt(national, case.dispatch(DispatchKind.NOTIFICATION), day(ack))
        case.refresh_from_db()
        return case

    pool = _candidates(today)
    stories: list[tuple[str, Callable[[Contract], BreachCase], Iterator[Contract]]] = [
        ("ouvert sur lettre", lambda c: letter(c, 3), pool),
        (
            "ouvert sur signalement",
            lambda c: reported(
                c, Ground.ABSENCES, 2, "Absent aux deux dernières convocations de l'ARS."
            ),
            pool,
        ),
        ("mise en demeure envoyée", lambda c: noticed(c, 20), pool),
    ]

    def observed(contract: Contract) -> BreachCase:
        case = noticed(contract, 55)
        services.add_observations(
            national,
            case,
            text="Le changement de lieu a été demandé à l'ARS ; je joins le courrier.",
            received_on=day(30),
            channel=Channel.LETTER,
        )
        return case

    def appealed(contract: Contract) -> BreachCase:
        case = notified(contract, 120, 100, 96)
        collection.file_appeal(
            national,
            case,
            text="Je conteste le nombre de mois d'allocation retenus.",
            received_on=day(60),
            channel=Channel.LETTER,
            proof="1A 000 333 4",
        )
        return case

    def planned(contract: Contract) -> BreachCase:
        case = notified(contract, 200, 180, 176)
        total = case.statement().total
        quarter = (total / 4).quantize(Decimal("0.01"))
        collection.grant_plan(
            national,
            case,
            instalments=[
                (day(120), quarter),
                (day(60), quarter),
                (day(-30), quarter),
                (day(-90), total - 3 * quarter),
            ],
            granted_on=day(150),
        )
        collection.record_repayment(
            national, case, received_on=day(121), amount=quarter, reference="VIR-0001"
        )
        collection.record_repayment(
            national,
            case,
            received_on=day(58),
            amount=(quarter / 2).quantize(Decimal("0.01")),
            reference="VIR-0002",
        )
        return case

    stories += [("observations reçues", observed, pool), ("recours amiable", appealed, pool)]
    own = [c for name in SIGNATORIES if (c := _own_contract(name, today)) is not None]
    notified_pool: Iterator[Contract] = iter(own[:1]) if own else pool
    plan_pool: Iterator[Contract] = iter(own[1:2]) if len(own) > 1 else pool
    stories += [
        ("sommes notifiées", lambda c: notified(c, 45, 25, 20), notified_pool),
        ("échéancier avec une échéance impayée", planned, plan_pool),
    ]
    for label, build, contracts in stories:
        try:
            case = _try(contracts, build)
        except LookupError:
            summary.skipped.append(label)
            continue
        summary.created.append(f"{case.reference} ({label})")
    return summary
