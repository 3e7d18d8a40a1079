"""The monthly run: the rule on the platform's facts, written once (issue 10)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from cesp.contracts import figures
from cesp.core.jobs.models import JobRun
from cesp.payments import ledger, runs
from cesp.payments.enums import LineKind, Payer, RunStatus
from cesp.payments.models import PaymentLine, PaymentRun, Transfer
from cesp.rules.months import Month
from tests.factories import ContractFactory
from tests.payments.factories import BankAccountFactory, thesis

pytestmark = pytest.mark.django_db
NET = Decimal("1085.63")


def _at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 18, tzinfo=dt.UTC))


def test_first_run_pays_arrears_back_to_the_effect_date_then_nothing_twice():
    contract = ContractFactory()  # 2nd cycle, campaign 2021, signed 2022-06-20
    BankAccountFactory(contract=contract)
    with _at(dt.date(2022, 7, 20)):
        dry = runs.compute_run(Month(2022, 7), apply=False)
        assert dry.lines == 10 and not PaymentLine.objects.exists()
        assert not PaymentRun.objects.exists()
        first = runs.compute_run(Month(2022, 7), apply=True)
        again = runs.compute_run(Month(2022, 7), apply=True)
    lines = list(PaymentLine.objects.order_by("month"))
    assert first.lines == 10 and again.lines == 0 and len(lines) == 10
    assert lines[0].month == dt.date(2021, 10, 1) and lines[0].kind == LineKind.ARREARS
    assert lines[-1].month == dt.date(2022, 7, 1) and lines[-1].kind == LineKind.REGULAR
    assert {(x.gross, x.csg, x.crds, x.net, x.taxable) for x in lines} == {
        (Decimal("1200.00"), Decimal("108.47"), Decimal("5.90"), NET, Decimal("1119.83"))
    }
    assert {x.payer for x in lines} == {Payer.CNG}  # signed before 2025-03-26, paid in 2022
    transfer = Transfer.objects.get()
    assert transfer.amount == 10 * NET and transfer.end_to_end_id == f"CESP-{contract.pk}-202207"
    assert set(PaymentLine.objects.values_list("transfer", flat=True)) == {transfer.pk}
    # Nothing is received until the transfer is sent.
    assert figures.payments_made([contract.pk]) == {}


def test_the_job_is_a_dry_run_unless_applied_and_logs_each_run():
    contract = ContractFactory(signature_date=dt.date(2026, 9, 1), campaign_year=2026)
    BankAccountFactory(contract=contract, valid_from=dt.date(2026, 9, 1))
    with _at(dt.date(2026, 11, 20)):
        call_command("payments_run", "--month", "2026-11")
        assert not PaymentLine.objects.exists()
        call_command("payments_run", "--month", "2026-11", "--apply")
        call_command("payments_run", "--month", "2026-11", "--apply")
    # 2nd cycle campaign 2026: October (arrears) and November (regular), paid by the ASP.
    assert list(PaymentLine.objects.values_list("kind", "payer")) == [
        (LineKind.ARREARS, Payer.ASP),
        (LineKind.REGULAR, Payer.ASP),
    ]
    logged = list(JobRun.objects.filter(name="payments_run").order_by("started_at"))
    assert [run.dry_run for run in logged] == [True, False, False]
    assert logged[1].counts["lines"] == 2 and logged[2].counts["lines"] == 0


def test_a_diploma_recorded_after_payments_is_claimed_back_with_a_proposal():
    contract = ContractFactory(odontologie=True)
    BankAccountFactory(contract=contract)
    for month in (7, 8, 9):
        with _at(dt.date(2022, month, 20)):
            runs.compute_run(Month(2022, month), apply=True)
    assert ledger.paid_months([contract.pk])[contract.pk] >= {Month(2022, 9).index}
    thesis(contract, dt.date(2022, 8, 10), on=dt.date(2022, 10, 5))  # learned late
    with _at(dt.date(2022, 10, 6)):
        proposal = runs.pending_regularisation(contract)
    assert proposal is not None and proposal.total_net == -NET
    assert not proposal.offset_possible and "ordre de recouvrement" in proposal.proposal
    assert "septembre 2022" in proposal.proposal
    with _at(dt.date(2022, 10, 20)):
        outcome = runs.compute_run(Month(2022, 10), apply=True)
    claimed = PaymentLine.objects.get(kind=LineKind.REGULARISATION)
    assert claimed.month == dt.date(2022, 9, 1) and claimed.net == -NET and claimed.sequence == 1
    assert claimed.csg == Decimal("-108.47") and claimed.taxable == Decimal("-1119.83")
    assert "overpayment" in {a.code for a in outcome.anomalies}
    assert outcome.transfers == 0  # a negative balance is not a transfer: it waits an offset


def test_anomalies_missing_iban_and_facts_refused():
    without = ContractFactory()
    with _at(dt.date(2022, 7, 20)):
        outcome = runs.compute_run(Month(2022, 7), apply=True)
    codes = {(a.reference, a.code) for a in outcome.anomalies}
    assert (without.reference, "missing_iban") in codes
    run = PaymentRun.objects.get()
    assert run.status == RunStatus.DRAFT and run.anomalies[0]["code"] == "missing_iban"
    assert "Aucun IBAN confirmé" in run.anomalies[0]["message"]
    assert not Transfer.objects.exists()
    # The lines wait: the next run, once an account is confirmed, carries them all.
    BankAccountFactory(contract=without, valid_from=dt.date(2022, 8, 1))
    with _at(dt.date(2022, 8, 20)):
        runs.compute_run(Month(2022, 8), apply=True)
    assert Transfer.objects.get().amount == 11 * NET


def test_a_closed_run_is_not_recomputed():
    ContractFactory()
    with _at(dt.date(2022, 7, 20)):
        runs.compute_run(Month(2022, 7), apply=True)
        PaymentRun.objects.update(status=RunStatus.CHECKED)
        with pytest.raises(runs.RunClosed, match="ne se recalculent plus"):
            runs.compute_run(Month(2022, 7), apply=True)


def test_a_history_is_recorded_once_and_the_next_run_pays_only_the_new_month():
    from cesp.payments import services

    contract = ContractFactory()
    assert services.record_paid_history(contract, dt.date(2022, 10, 30)) == 13
    assert services.record_paid_history(contract, dt.date(2022, 10, 30)) == 0
    first = PaymentLine.objects.order_by("month").first()
    assert (first.kind, first.paid_on, first.payer) == (
        LineKind.ARREARS,
        dt.date(2022, 7, 5),
        Payer.CNG,
    )
    assert len(figures.payments_made([contract.pk])[contract.pk]) == 13
    with _at(dt.date(2022, 11, 20)):
        outcome = runs.compute_run(Month(2022, 11), apply=True)
    assert outcome.lines == 1 and outcome.lines_by_kind == {LineKind.REGULAR: 1}
