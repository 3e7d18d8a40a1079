"""Reconciliation over generated careers (issue 10, Checks): the platform's runs, month
after month, on facts recorded late or in advance; once every fact is recorded and a run
has seen it, each contract's lines (payments less regularisations) total the engine's
net allocation, to the cent, and the transfers carry exactly what is not pending."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Sum
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cesp.contracts import figures
from cesp.contracts.enums import EventType
from cesp.payments import runs
from cesp.payments.models import PaymentLine, PaymentRun, Transfer
from cesp.rules.months import Month
from cesp.rules.payments import run_date
from tests.factories import ContractFactory
from tests.payments.factories import BankAccountFactory, recorded

pytestmark = pytest.mark.django_db


@st.composite
def careers(draw):
    profession = draw(st.sampled_from(["medecine", "odontologie"]))
    category = draw(st.sampled_from(["second_cycle", "third_cycle"]))
    campaign = draw(st.integers(2019, 2022))
    signature = dt.date(campaign + 1, draw(st.integers(1, 9)), draw(st.integers(1, 28)))
    diploma = signature + dt.timedelta(days=draw(st.integers(120, 900)))
    late = draw(st.integers(-40, 300))
    events = []
    if draw(st.booleans()):
        start = (Month.of(signature) + draw(st.integers(1, 10))).first_day()
        end = (Month.of(start) + draw(st.integers(1, 4))).last_day()
        if end < diploma:
            seen = max(signature, start + dt.timedelta(days=draw(st.integers(-30, 200))))
            events.append((EventType.SUSPENSION, {"start": start, "end": end}, seen))
    seen = max(signature, diploma + dt.timedelta(days=late))
    if profession == "medecine":
        events.append((EventType.DES, {"date": diploma - dt.timedelta(days=20)}, seen))
    events.append((EventType.THESIS, {"date": diploma}, seen))
    return profession, category, campaign, signature, events


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(careers())
def test_lines_reconcile_with_the_engine_to_the_cent(career):
    profession, category, campaign, signature, events = career
    PaymentLine.objects.all().delete()
    Transfer.objects.all().delete()
    PaymentRun.objects.all().delete()
    contract = ContractFactory(
        profession=profession, category=category, campaign_year=campaign, signature_date=signature
    )
    BankAccountFactory(contract=contract, valid_from=signature)
    for kind, fields, seen in events:
        recorded(contract, seen, type=kind, **{"date": None, **fields})
    last_seen = max(seen for _, _, seen in events)
    first, last = Month.of(signature), Month.of(last_seen) + 2
    refused = False
    for index in range(first.index, last.index + 1):
        month = Month.from_index(index)
        day = run_date(month)
        if day <= signature:
            continue
        with time_machine.travel(dt.datetime(day.year, day.month, day.day, 20, tzinfo=dt.UTC)):
            outcome = runs.compute_run(month, apply=True, contract_ids=[contract.pk])
        refused = refused or any(a.code == "facts_refused" for a in outcome.anomalies)
        # Each run is taken to the bank: its transfer leaves the pending lines.
        PaymentRun.objects.update(status="sent")
    assume(not refused)
    contract.refresh_from_db()
    engine = figures.figures(contract, day)["allocation"]
    lines = PaymentLine.objects.filter(contract=contract)
    total = lines.aggregate(net=Sum("net"))["net"] or Decimal("0.00")
    assert total == Decimal(engine["net_total"]), (total, engine)
    paying = lines.exclude(kind="regularisation").count()
    assert paying - lines.filter(kind="regularisation").count() == engine["months"]
    carried = Transfer.objects.filter(contract=contract).aggregate(a=Sum("amount"))["a"] or 0
    pending = lines.filter(transfer__isnull=True).aggregate(n=Sum("net"))["n"] or 0
    assert carried + pending == total
