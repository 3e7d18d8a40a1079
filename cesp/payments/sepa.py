"""The SEPA credit-transfer file of a run: pain.001.001.03 built with ``sepaxml``, made
deterministic, validated against the XSD sepaxml ships (workflows-payments.md §2.6, §2.9-5).

- Every IBAN and BIC (the debtor's and each creditor's) is checked with ``schwifty`` first:
  the XSD does not check an IBAN's key (§0.5).
- Identifiers are the run's, never random: ``MsgId`` = ``CESP-{YYYYMM}-{run}-{attempt}``,
  ``PmtInfId`` = ``{MsgId}-PMT``, ``EndToEndId`` = the transfer's; ``CreDtTm`` is the
  moment the run was ordered. Rebuilding a file from the database gives the same bytes
  (same SHA-256).
- EUR, ``SvcLvl=SEPA``, ``ChrgBr=SLEV``, one batch (``BtchBookg=true``) at the execution
  date; names transliterated to the restricted Latin set and cut at 70 characters;
  ``Ustrd`` ≤ 140 with the contract reference and the month; no creditor address.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

import sepaxml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from lxml import etree
from sepaxml import SepaTransfer

from cesp.rules.months import Month
from cesp.rules.payments import month_text

from .iban import check_account
from .models import PaymentRun, Transfer

SCHEMA = "pain.001.001.03"
NAMESPACE = f"urn:iso:std:iso:20022:tech:xsd:{SCHEMA}"
#: The paying manager's account (settings.CESP_PAYMENTS_DEBTOR overrides it).
DEFAULT_DEBTOR = {
    "name": "AGENCE DE SERVICES ET DE PAIEMENT",
    "IBAN": "FR7610071750000000100000177",
    "BIC": "TRPUFRP1",
}


class FileRefused(Exception):
    """The file cannot be built; ``problems`` are French sentences (one per account)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))


@dataclass(frozen=True)
class BuiltFile:
    name: str
    message_id: str
    content: bytes
    sha256: str
    transactions: int
    total: Decimal


def debtor() -> dict[str, str]:
    return {**DEFAULT_DEBTOR, **getattr(settings, "CESP_PAYMENTS_DEBTOR", {})}


def message_id(run: PaymentRun, attempt: int) -> str:
    return f"CESP-{run.month:%Y%m}-{run.pk}-{attempt}"


def file_name(run: PaymentRun, attempt: int) -> str:
    return f"{message_id(run, attempt)}.pain.001.xml"


def execution_date(run: PaymentRun) -> date:
    """The run's date, or the day it was ordered when later (a bank refuses a past date)."""
    ordered = timezone.localdate(run.ordered_at) if run.ordered_at else run.run_date
    return max(run.run_date, ordered)


def creation_stamp(run: PaymentRun) -> str:
    midnight = datetime.combine(run.run_date, datetime.min.time())
    moment = run.ordered_at or timezone.make_aware(midnight)
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M:%S")


def remittance(reference: str, month: Month) -> str:
    return f"Allocation CESP {month_text(month)} - contrat {reference}"[:140]


def check_accounts(transfers: list[Transfer]) -> None:
    """Every account of the file checked with schwifty; raise ``FileRefused`` naming each
    contract whose account is wrong."""
    problems = []
    source = debtor()
    try:
        check_account(source["IBAN"], source.get("BIC", ""))
    except ValidationError as error:
        problems.append(f"Compte du gestionnaire payeur : {' '.join(error.messages)}")
    for transfer in transfers:
        account = transfer.bank_account
        if account is None:
            problems.append(f"Contrat {transfer.contract.reference} : aucun IBAN confirmé.")
            continue
        try:
            check_account(account.iban, account.bic)
        except ValidationError as error:
            problems.append(f"Contrat {transfer.contract.reference} : {' '.join(error.messages)}")
    if problems:
        raise FileRefused(problems)


def build_pain001(run: PaymentRun, transfers: list[Transfer], attempt: int = 1) -> BuiltFile:
    """The pain.001.001.03 of ``transfers`` (with ``bank_account`` and ``contract``
    loaded), validated against the XSD; raises ``FileRefused``."""
    if not transfers:
        raise FileRefused(["Aucun virement à produire pour ce versement."])
    check_accounts(transfers)
    source = debtor()
    msg_id = message_id(run, attempt)
    sepa = SepaTransfer(
        {
            "name": source["name"],
            "IBAN": source["IBAN"],
            "BIC": source["BIC"],
            "batch": True,
            "currency": "EUR",
        },
        schema=SCHEMA,
        clean=True,
    )
    header = sepa._xml.find("CstmrCdtTrfInitn/GrpHdr")
    header.find("MsgId").text = msg_id
    header.find("CreDtTm").text = creation_stamp(run)
    when = execution_date(run)
    month = Month.of(run.month)
    total = Decimal(0)
    for transfer in transfers:
        account = transfer.bank_account
        cents = int((transfer.amount * 100).to_integral_value())
        total += transfer.amount
        sepa.add_payment(
            {
                "name": account.holder_name,
                "IBAN": account.iban,
                "BIC": account.bic,
                "amount": cents,
                "execution_date": when,
                "description": remittance(transfer.contract.reference, month),
                "endtoend_id": transfer.end_to_end_id,
            }
        )
    raw = sepa.export(validate=False)
    content = _fixed_payment_info_id(raw, f"{msg_id}-PMT")
    try:
        validate(content)
    except XsdError as error:  # an illegal value sepaxml let through: say it, send nothing
        raise FileRefused([str(error)]) from None
    return BuiltFile(
        name=file_name(run, attempt),
        message_id=msg_id,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        transactions=len(transfers),
        total=total,
    )


PAYMENT_INFO_ID = re.compile(rb"<PmtInfId>[^<]*</PmtInfId>")


def _fixed_payment_info_id(raw: bytes, payment_info_id: str) -> bytes:
    """sepaxml draws ``PmtInfId`` at random: replace it (one batch, one id)."""
    return PAYMENT_INFO_ID.sub(f"<PmtInfId>{payment_info_id}</PmtInfId>".encode(), raw)


class XsdError(Exception):
    """The file does not follow the XSD; the message says where, in French."""


@cache
def _schema() -> etree.XMLSchema:
    """The pain.001.001.03 XSD that sepaxml ships (its own ``export(validate=True)``
    uses the same file through xmlschema, ~100 times slower on a 100 000-transfer file)."""
    path = Path(sepaxml.__file__).parent / "schemas" / f"{SCHEMA}.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def validate(content: bytes) -> None:
    """Validate a file against the XSD; raises ``XsdError`` naming the first problem."""
    schema = _schema()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    document = etree.fromstring(content, parser)
    if not schema.validate(document):
        error = schema.error_log.last_error
        raise XsdError(
            f"Le fichier ne respecte pas le schéma {SCHEMA} (ligne {error.line}) : {error.message}"
        )
