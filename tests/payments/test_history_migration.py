"""The payments recorded by contracts become the ledger's history (migration 0002)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("contracts", "0007_api_order_index"), ("payments", "0001_ledger")]
AFTER = [("payments", "0002_history_from_contracts")]


@pytest.mark.django_db(transaction=True)
def test_history_copied_with_payer_and_breakdown():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Contract = apps.get_model("contracts", "Contract")
    Payment = apps.get_model("contracts", "Payment")
    old = Contract.objects.create(
        reference="CESP-OLD",
        pseudonym="p-old",
        profession="medecine",
        category="second_cycle",
        campaign_year=2021,
        signature_date=dt.date(2021, 9, 15),
    )
    new = Contract.objects.create(
        reference="CESP-NEW",
        pseudonym="p-new",
        profession="medecine",
        category="second_cycle",
        campaign_year=2025,
        signature_date=dt.date(2025, 9, 15),
    )
    net = Decimal("1085.63")
    Payment.objects.create(
        contract=old, month=dt.date(2021, 10, 1), gross=1200, net=net, paid_on=dt.date(2022, 7, 1)
    )
    Payment.objects.create(
        contract=old, month=dt.date(2026, 1, 1), gross=1200, net=1000, paid_on=dt.date(2026, 1, 28)
    )
    Payment.objects.create(
        contract=new, month=dt.date(2025, 10, 1), gross=1200, net=net, paid_on=dt.date(2025, 10, 28)
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    lines = {
        (line.contract.reference, line.month): line
        for line in apps.get_model("payments", "PaymentLine").objects.select_related("contract")
    }
    first = lines["CESP-OLD", dt.date(2021, 10, 1)]
    assert (first.payer, first.origin, first.paid_on) == ("cng", "history", dt.date(2022, 7, 1))
    assert (first.csg, first.crds, first.taxable) == (
        Decimal("108.47"),
        Decimal("5.90"),
        Decimal("1119.83"),
    )
    odd = lines["CESP-OLD", dt.date(2026, 1, 1)]
    assert odd.payer == "asp" and odd.csg is None  # net not the rule's: split unknown
    assert lines["CESP-NEW", dt.date(2025, 10, 1)].payer == "asp"
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
