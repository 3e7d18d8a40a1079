"""The ledger's lines: unique (contract, month, kind, sequence), first of month."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connections, transaction

from cesp.payments.enums import LineKind
from cesp.payments.models import PaymentLine
from tests.factories import ContractFactory, PaymentFactory

pytestmark = pytest.mark.django_db


def test_a_payment_line_cannot_be_written_twice():
    payment = PaymentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentFactory(contract=payment.contract, month=payment.month)
    # Another kind or another sequence is another line.
    PaymentFactory(contract=payment.contract, month=payment.month, kind=LineKind.ARREARS)
    PaymentFactory(contract=payment.contract, month=payment.month, sequence=2)
    assert PaymentLine.objects.count() == 3


def test_a_payment_month_is_a_first_of_month():
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentFactory(month=dt.date(2021, 10, 15))


@pytest.mark.postgres
def test_concurrent_monthly_runs_cannot_duplicate_lines():
    """reliability.md: 4 naive concurrent runs wrote 6 147 rows for 2 000 lines."""
    contracts = [ContractFactory() for _ in range(10)]
    months = [dt.date(2022, m, 1) for m in range(1, 13)]
    barrier = threading.Barrier(4)

    def run() -> None:
        try:
            barrier.wait()
            for contract in contracts:
                for month in months:
                    if PaymentLine.objects.filter(contract=contract, month=month).exists():
                        continue  # the naive check that races
                    try:
                        with transaction.atomic():
                            PaymentLine.objects.create(
                                contract=contract,
                                month=month,
                                gross=Decimal("1200.00"),
                                net=Decimal("1085.63"),
                                payer="asp",
                                paid_on=dt.date(2022, 7, 5),
                            )
                    except IntegrityError:
                        pass
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert PaymentLine.objects.count() == len(contracts) * len(months)
