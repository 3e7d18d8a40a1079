"""Run steps, roles, the SEPA file (XSD, determinism) and the bank's returns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from sepaxml.validation import try_valid_xml

from cesp.contracts import figures
from cesp.core.workflow.engine import TransitionRefused
from cesp.payments import runs, sepa, services
from cesp.payments.enums import FileKind, RunStatus, TransferStatus
from cesp.payments.models import PaymentFile, PaymentLine, PaymentRun, Transfer
from cesp.payments.returns import ReturnFileError, reason_text
from cesp.payments.sepa import XsdError
from cesp.rules.months import Month
from tests.factories import ContractFactory
from tests.payments.factories import IBAN_2, BankAccountFactory, agent

pytestmark = pytest.mark.django_db
NET = Decimal("1085.63")


def _at(day: dt.date, hour: int = 10):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC))


@pytest.fixture
def people():
    return {
        "orderer": agent("order_run", username="ordonnateur"),
        "accountant": agent("export_run", "import_returns", username="comptable"),
        "both": agent("order_run", "export_run", username="les-deux"),
        "plain": agent(username="agent"),
    }


@pytest.fixture
def ordered(people):
    """Two contracts with accounts; July 2022's run computed, checked and ordered."""
    contracts = [ContractFactory(), ContractFactory(signatory__last_name="Zoé Léger-Müller")]
    for contract in contracts:
        BankAccountFactory(contract=contract, holder_name="Zoé Léger-Müller")
    with _at(dt.date(2022, 7, 20)):
        runs.compute_run(Month(2022, 7), apply=True)
        run = PaymentRun.objects.get()
        services.check_run(people["plain"], run)
        services.order_run(people["orderer"], run)
    return run, contracts


def _pain002(ids: list[tuple[str, str, str]], msg: str = "RET-1") -> bytes:
    txs = "".join(
        f"<TxInfAndSts><OrgnlEndToEndId>{e2e}</OrgnlEndToEndId><TxSts>{status}</TxSts>"
        + (f"<StsRsnInf><Rsn><Cd>{code}</Cd></Rsn></StsRsnInf>" if code else "")
        + "</TxInfAndSts>"
        for e2e, status, code in ids
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>'
        f"<GrpHdr><MsgId>{msg}</MsgId></GrpHdr>"
        "<OrgnlGrpInfAndSts><OrgnlMsgId>X</OrgnlMsgId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>"
        f"<OrgnlPmtInfAndSts>{txs}</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>"
    ).encode()


def _camt054(e2e: str, code: str | None) -> bytes:
    returned = f"<RtrInf><Rsn><Cd>{code}</Cd></Rsn></RtrInf>" if code else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">'
        "<BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>CAMT-1</MsgId></GrpHdr><Ntfctn><Ntry><NtryDtls>"
        f"<TxDtls><Refs><EndToEndId>{e2e}</EndToEndId></Refs>{returned}</TxDtls>"
        "</NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>"
    ).encode()


def test_ordering_and_export_are_two_people(ordered, people):
    run, _ = ordered
    assert run.status == RunStatus.ORDERED and run.ordered_by == people["orderer"]
    with pytest.raises(TransitionRefused, match="n'avez pas le droit"):
        services.export_run(people["orderer"], run)  # no export permission
    both = people["both"]
    fresh = PaymentRun.objects.get(pk=run.pk)
    fresh.ordered_by = both
    PaymentRun.objects.filter(pk=run.pk).update(ordered_by=both)
    with pytest.raises(TransitionRefused, match="n'avez pas le droit"):
        services.export_run(both, fresh)  # ordered it: may not export it
    assert not PaymentFile.objects.exists()


def test_order_needs_the_ordering_role(people):
    ContractFactory()
    with _at(dt.date(2022, 7, 20)):
        runs.compute_run(Month(2022, 7), apply=True)
    run = PaymentRun.objects.get()
    services.check_run(people["plain"], run)
    with pytest.raises(TransitionRefused, match="n'avez pas le droit"):
        services.order_run(people["accountant"], run)


def test_export_builds_a_valid_deterministic_pain001_once(ordered, people):
    run, contracts = ordered
    with _at(dt.date(2022, 7, 21)):
        stored = services.export_run(people["accountant"], run)
    content = bytes(stored.content)
    sepa.validate(content)  # the XSD sepaxml ships (pain.001.001.03), with lxml
    try_valid_xml(content, "pain.001.001.03")  # and sepaxml's own validator agrees
    text = content.decode()
    assert f"<MsgId>CESP-202207-{run.pk}-1</MsgId>" in text
    assert f"<PmtInfId>CESP-202207-{run.pk}-1-PMT</PmtInfId>" in text
    assert f"<EndToEndId>CESP-{contracts[0].pk}-202207</EndToEndId>" in text
    assert "<SvcLvl><Cd>SEPA</Cd></SvcLvl>" in text and "<ChrgBr>SLEV</ChrgBr>" in text
    assert "Zoe Leger-Muller" in text  # restricted Latin character set
    assert "<NbOfTxs>2</NbOfTxs>" in text and f"<CtrlSum>{20 * NET}</CtrlSum>" in text
    assert stored.transactions == 2 and stored.total == 20 * NET
    # Rebuilt from the database: the same bytes, the same SHA-256.
    transfers = list(
        Transfer.objects.filter(run=run)
        .select_related("bank_account", "contract")
        .order_by("contract_id")
    )
    again = sepa.build_pain001(PaymentRun.objects.get(pk=run.pk), transfers)
    assert again.content == content and again.sha256 == stored.sha256
    run.refresh_from_db()
    assert run.status == RunStatus.EXPORTED
    with pytest.raises(TransitionRefused, match="un second export est refusé"):
        services.export_run(people["accountant"], run)
    assert PaymentFile.objects.filter(kind=FileKind.PAIN001).count() == 1


def test_a_tampered_file_fails_the_xsd(ordered, people):
    run, _ = ordered
    stored = services.export_run(people["accountant"], run)
    broken = bytes(stored.content).replace(b"<ChrgBr>SLEV</ChrgBr>", b"<ChrgBr>NOPE</ChrgBr>")
    with pytest.raises(XsdError):
        sepa.validate(broken)


def test_a_wrong_iban_stops_the_export_naming_the_contract(ordered, people):
    run, contracts = ordered
    contracts[1].bank_accounts.update(iban="FR7630006000011234567890188")  # bad key
    with pytest.raises(TransitionRefused) as refused:
        services.export_run(people["accountant"], run)
    assert contracts[1].reference in str(refused.value) and "clé de contrôle" in str(refused.value)
    run.refresh_from_db()
    assert run.status == RunStatus.ORDERED and not PaymentFile.objects.exists()


def test_sent_then_returns_acknowledge_reject_and_block(ordered, people):
    run, (good, bad) = ordered
    services.export_run(people["accountant"], run)
    with _at(dt.date(2022, 7, 22)):
        services.mark_run_sent(people["accountant"], run)
    received = figures.payments_made([good.pk, bad.pk])
    assert len(received[good.pk]) == 10 and received[good.pk][0].paid_on == dt.date(2022, 7, 20)
    e2e = {t.contract_id: t.end_to_end_id for t in Transfer.objects.all()}
    # A line that matches nothing: the whole file is refused, naming the line.
    unknown = _pain002([(e2e[good.pk], "ACSC", ""), ("CESP-999-202207", "RJCT", "AC01")])
    with pytest.raises(ReturnFileError, match=r"Ligne 2 du fichier .*CESP-999-202207"):
        services.import_bank_return(people["accountant"], unknown, "retour.xml")
    assert Transfer.objects.filter(status=TransferStatus.SENT).count() == 2
    content = _pain002([(e2e[good.pk], "ACSC", ""), (e2e[bad.pk], "RJCT", "AC04")])
    with _at(dt.date(2022, 7, 25)):
        counts = services.import_bank_return(people["accountant"], content, "retour.xml")
    assert counts == {"acknowledged": 1, "rejected": 1, "unchanged": 0}
    with pytest.raises(ReturnFileError, match="déjà été importé"):
        services.import_bank_return(people["accountant"], content, "retour.xml")
    rejected = Transfer.objects.get(contract=bad)
    assert rejected.status == TransferStatus.REJECTED
    assert rejected.return_label == "compte clôturé (code AC04)"
    assert not PaymentLine.objects.filter(contract=bad, paid_on__isnull=False).exists()
    run.refresh_from_db()
    assert run.status == RunStatus.ACKNOWLEDGED
    # Next month: the rejected contract is blocked until a new IBAN is confirmed.
    with _at(dt.date(2022, 8, 20)):
        august = runs.compute_run(Month(2022, 8), apply=True)
    blocked = [a for a in august.anomalies if a.code == "rejected_blocking"]
    assert [a.contract for a in blocked] == [bad.pk] and "compte clôturé" in blocked[0].message
    assert not Transfer.objects.filter(contract=bad, run__month=dt.date(2022, 8, 1)).exists()
    with _at(dt.date(2022, 8, 25)):
        BankAccountFactory(
            contract=bad,
            iban=IBAN_2,
            valid_from=dt.date(2022, 8, 25),
            confirmed_at=dt.datetime(2022, 8, 25, 9, tzinfo=dt.UTC),
        )
    with _at(dt.date(2022, 9, 20)):
        runs.compute_run(Month(2022, 9), apply=True)
    again = Transfer.objects.get(contract=bad, run__month=dt.date(2022, 9, 1))
    assert again.amount == 12 * NET and again.bank_account.iban == IBAN_2


def test_camt054_return_and_reason_texts(ordered, people):
    run, (good, _) = ordered
    services.export_run(people["accountant"], run)
    services.mark_run_sent(people["accountant"], run)
    e2e = Transfer.objects.get(contract=good).end_to_end_id
    counts = services.import_bank_return(people["accountant"], _camt054(e2e, "MD07"), "camt.xml")
    assert counts["rejected"] == 1
    assert (
        Transfer.objects.get(contract=good).return_label == "titulaire du compte décédé (code MD07)"
    )
    assert reason_text("ZZ99") == "motif ZZ99 communiqué par la banque (code non répertorié)"
    with pytest.raises(ReturnFileError, match="ni un compte rendu"):
        services.import_bank_return(people["accountant"], b"<a><b/></a>", "x.xml")
    with pytest.raises(ReturnFileError, match="pas un XML lisible"):
        services.import_bank_return(people["accountant"], b"<a>", "x.xml")


def test_returns_need_the_role(people):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.import_bank_return(people["orderer"], _camt054("X", None), "camt.xml")


def test_the_return_command_is_a_dry_run_unless_applied(ordered, people, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    run, (good, _) = ordered
    services.export_run(people["accountant"], run)
    services.mark_run_sent(people["accountant"], run)
    e2e = Transfer.objects.get(contract=good).end_to_end_id
    path = tmp_path / "camt054.xml"
    path.write_bytes(_camt054(e2e, "AC04"))
    call_command("payments_import_return", str(path))
    assert Transfer.objects.get(contract=good).status == TransferStatus.SENT
    call_command("payments_import_return", str(path), "--apply")
    assert Transfer.objects.get(contract=good).status == TransferStatus.REJECTED
    with pytest.raises(CommandError, match="déjà été importé"):
        call_command("payments_import_return", str(path), "--apply")
