"""Four monthly runs at once, on PostgreSQL, pay nothing twice (reliability.md: naive
concurrent runs duplicated lines; SQLite serialises writers and hides it)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connections
from django.db.models import Count

from cesp.payments import runs
from cesp.payments.models import PaymentLine, PaymentRun, Transfer
from cesp.rules.months import Month
from tests.factories import ContractFactory
from tests.payments.factories import BankAccountFactory


@pytest.mark.postgres
def test_four_concurrent_runs_then_a_second_one_write_each_line_once():
    contracts = [ContractFactory() for _ in range(12)]
    for contract in contracts[:10]:
        BankAccountFactory(contract=contract)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with time_machine.travel(dt.datetime(2022, 7, 20, 18, tzinfo=dt.UTC)):
                barrier.wait()
                runs.compute_run(Month(2022, 7), apply=True)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with time_machine.travel(dt.datetime(2022, 7, 21, 9, tzinfo=dt.UTC)):
        again = runs.compute_run(Month(2022, 7), apply=True)
    assert again.lines == 0
    assert PaymentRun.objects.count() == 1
    assert PaymentLine.objects.count() == 12 * 10  # Oct 2021 → Jul 2022, once each
    duplicates = (
        PaymentLine.objects.values("contract", "month").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert not duplicates.exists()
    assert Transfer.objects.count() == 10
