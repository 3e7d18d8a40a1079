"""load_demo_payments: runs at every step, a transfer rejected, the signatories' months
paid and their gaps; a second load changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from cesp.contracts.demo import load_demo
from cesp.contracts.models import Contract
from cesp.payments.enums import RunStatus, TransferStatus
from cesp.payments.history import NOT_DUE, PAID, RETURNED, history
from cesp.payments.models import PaymentLine, PaymentRun, Transfer

TODAY = dt.date(2026, 12, 2)


@pytest.mark.django_db
def test_demo_payments_tell_every_step():
    with time_machine.travel(dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC), tick=False):
        load_demo(total=200, today=TODAY)
        out = io.StringIO()
        call_command("load_demo_payments", stdout=out)
        assert "versements août 2026" in out.getvalue()
        statuses = list(PaymentRun.objects.order_by("month").values_list("status", flat=True))
        assert statuses == [
            RunStatus.ACKNOWLEDGED,
            RunStatus.ACKNOWLEDGED,
            RunStatus.EXPORTED,
            RunStatus.ORDERED,
            RunStatus.CHECKED,
            RunStatus.DRAFT,
        ]
        checked = PaymentRun.objects.get(status=RunStatus.CHECKED)
        assert checked.anomalies
        rejected = Transfer.objects.get(status=TransferStatus.REJECTED)
        assert rejected.contract.signatory.username == "etudiant-3"
        assert "compte clôturé" in rejected.return_label
        student = Contract.objects.get(signatory__username="etudiant")
        states = {row.state for row in history(student, TODAY).rows}
        assert {PAID, NOT_DUE} <= states
        third = Contract.objects.get(signatory__username="etudiant-3")
        assert RETURNED in {row.state for row in history(third, TODAY).rows}
        lines = PaymentLine.objects.count()
        again = io.StringIO()
        call_command("load_demo_payments", stdout=again)
        assert "déjà présents" in again.getvalue()
        assert PaymentLine.objects.count() == lines
