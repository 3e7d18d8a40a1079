"""Demo payments (``load_demo_payments``, idempotent): the ledger as a payer's agents and
the signatories see it, built through the ledger's use cases.

- Two agents of the payer: ``national`` orders (ordonnateur), ``comptable`` produces the
  file (comptable public): the two roles are incompatible (décret 2012-1246, art. 9).
- The three demo signatories' history under the CNG (until December 2025, when the ASP
  took over, décret 2025-270) as lines of origin « historique repris »
  (``services.record_paid_history``) with the accounts they had declared then.
- A few contracts signed in 2026, some with an account (paid), the others without one (the
  run's anomalies, the delays page and its alert).
- Six monthly runs, each left at another step: acknowledged with a transfer rejected by
  the bank (closed account), acknowledged, exported, ordered, checked with anomalies,
  draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from cesp.accounts.enums import Role
from cesp.accounts.models import Organisation, User
from cesp.contracts.models import Contract
from cesp.rules.errors import SituationError
from cesp.rules.months import Month
from cesp.rules.payments import month_text

from . import runs, services
from .enums import (
    AccountStatus,
    FileKind,
    RunStatus,
    TransferStatus,
)
from .iban import check_account
from .models import BankAccount, PaymentRun

SIGNATORIES = ("etudiant", "etudiant-2", "etudiant-3")
#: The signatory whose transfer the bank rejects (closed account).
REJECTED_SIGNATORY = "etudiant-3"
ACCOUNTANT = "comptable"
ORDERING = "national"
CNG_UNTIL = Month(2025, 12)
#: Contracts signed in 2026 taken into the runs, and how many of them have an account.
NEW_CONTRACTS, NEW_WITH_ACCOUNT = 8, 4
#: Valid French IBANs (check digits right) for the demo, one per account.
IBANS = (
    "FR7630006000011234567890189",
    "FR7610107001011234567890226",
    "FR7630004000031234567890337",
    "FR7620041010051234567890469",
    "FR7617515900001234567890523",
    "FR7611315000011234567890623",
    "FR7630002005502234567890117",
    "FR7630003036202234567890247",
)
GROUPS = {
    "Ordonnateurs des versements": ("order_run", "import_returns"),
    "Comptables des versements": ("export_run", "import_returns"),
}


@dataclass
class DemoPayments:
    already_loaded: bool = False
    history_lines: int = 0
    runs: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.already_loaded:
            return "Paiements de démonstration déjà présents : rien à faire."
        return (
            f"Paiements de démonstration : {self.history_lines} lignes d'historique, "
            f"versements {', '.join(self.runs)}. Le compte « national » ordonnance, le "
            f"compte « {ACCOUNTANT} » (mot de passe demo) produit les fichiers de virement."
        )


def _agents() -> tuple[User, User]:
    asp = Organisation.objects.filter(code="asp").first()
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="payments", codename__in=codenames)
        )
    ordering = User.objects.get(username=ORDERING)
    ordering.groups.add(Group.objects.get(name="Ordonnateurs des versements"))
    accountant, created = User.objects.get_or_create(
        username=ACCOUNTANT,
        defaults={
            "role": Role.NATIONAL_AGENT,
            "organisation": asp or ordering.organisation,
            "first_name": "Claude",
            "last_name": "Comptable",
        },
    )
    if created:
        accountant.set_password("demo")
        accountant.save(update_fields=["password"])
    accountant.groups.add(Group.objects.get(name="Comptables des versements"))
    # permissions are cached per instance: read them afresh
    return User.objects.get(pk=ordering.pk), User.objects.get(pk=accountant.pk)


def _account(contract: Contract, iban: str, valid_from: date, holder: str) -> None:
    """An account the signatory declared and confirmed (to the CNG, before the platform:
    history, hence written as it was; new ones go through ``services``)."""
    checked = check_account(iban, "")
    BankAccount.objects.create(
        contract=contract,
        iban=checked.iban,
        bic=checked.bic,
        holder_name=holder,
        valid_from=valid_from,
        status=AccountStatus.CONFIRMED,
        confirmed_at=timezone.now(),
    )


def _pain002(run: PaymentRun, rejected: set[str]) -> bytes:
    """The bank's status report on the run's file: every transfer accepted but those of
    ``rejected`` (AC04, closed account)."""
    sent = run.files.get(kind=FileKind.PAIN001)
    rows = []
    for transfer in run.transfers.order_by("file_line"):
        if transfer.end_to_end_id in rejected:
            rows.append(
                f"<TxInfAndSts><OrgnlEndToEndId>{transfer.end_to_end_id}</OrgnlEndToEndId>"
                "<TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf>"
                "</TxInfAndSts>"
            )
        else:
            rows.append(
                f"<TxInfAndSts><OrgnlEndToEndId>{transfer.end_to_end_id}</OrgnlEndToEndId>"
                "<TxSts>ACSC</TxSts></TxInfAndSts>"
            )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">'
        f"<CstmrPmtStsRpt><GrpHdr><MsgId>RET-{sent.message_id}</MsgId></GrpHdr>"
        f"<OrgnlGrpInfAndSts><OrgnlMsgId>{sent.message_id}</OrgnlMsgId>"
        "<OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>"
        f"<OrgnlPmtInfAndSts>{''.join(rows)}</OrgnlPmtInfAndSts>"
        "</CstmrPmtStsRpt></Document>"
    ).encode()


#: Each demo run, from the oldest, and the step it is left at.
STEPS = ("acknowledged", "acknowledged", "exported", "ordered", "checked", "draft")


def load_demo_payments(today: date | None = None) -> DemoPayments:
    """Load the demo payments once (nothing when a run already exists)."""
    today = today or timezone.localdate()
    outcome = DemoPayments()
    if PaymentRun.objects.exists() or not User.objects.filter(username="etudiant").exists():
        outcome.already_loaded = True
        return outcome
    ordering, accountant = _agents()
    people = {user.username: user for user in User.objects.filter(username__in=SIGNATORIES)}
    contracts = {
        name: Contract.objects.filter(signatory=user).order_by("pk").first()
        for name, user in people.items()
    }
    contracts = {name: c for name, c in contracts.items() if c is not None}
    ibans = iter(IBANS)
    first = Month.of(today) - (len(STEPS) - 2)
    with transaction.atomic():
        for name, contract in contracts.items():
            # ``etudiant``'s allocation ended with its diploma (2024), recorded when the
            # demo was loaded: its history is read with today's facts; the others' up to
            # the CNG's last month.
            until = today if name == "etudiant" else min(today, CNG_UNTIL.last_day())
            try:
                outcome.history_lines += services.record_paid_history(contract, until)
            except SituationError:
                continue
            holder = contract.signatory_name
            _account(contract, next(ibans), contract.signature_date, holder)
        new = list(
            Contract.objects.filter(
                signature_date__gte=date(2026, 1, 1), signature_date__lt=first.first_day()
            )
            .exclude(pk__in=[c.pk for c in contracts.values()])
            .order_by("signature_date", "pk")[:NEW_CONTRACTS]
        )
        for contract in new[:NEW_WITH_ACCOUNT]:
            _account(contract, next(ibans), contract.signature_date, contract.signatory_name)
    # ``etudiant``'s diploma (2024) was recorded when the demo was loaded: a run dated
    # before that day would not know it and would pay on. Its allocation is over: it
    # joins no run.
    ids = [c.pk for name, c in contracts.items() if name != "etudiant"] + [c.pk for c in new]
    rejected_contract = contracts.get(REJECTED_SIGNATORY)
    for index, step in enumerate(STEPS):
        month = first + index
        result = runs.compute_run(month, apply=True, contract_ids=ids)
        run = result.run
        outcome.runs.append(f"{month_text(month)} ({RunStatus(step).label.lower()})")
        if step == "draft":
            continue
        services.check_run(ordering, run)
        if step == "checked":
            continue
        services.order_run(ordering, run)
        if step == "ordered":
            continue
        if not run.transfers.exists():
            continue  # nothing to pay: no file to produce
        services.export_run(accountant, run)
        if step == "exported":
            continue
        services.mark_run_sent(accountant, run)
        rejected = set()
        if index == 0 and rejected_contract is not None:
            rejected = set(
                run.transfers.filter(
                    contract=rejected_contract, status=TransferStatus.SENT
                ).values_list("end_to_end_id", flat=True)
            )
        content = _pain002(run, rejected)
        services.import_bank_return(accountant, content, f"retour-{month}.xml")
    return outcome
