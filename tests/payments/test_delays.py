"""Delays of the first payment: per contract, per region, nationally, and the alert job
(idempotent, dry run by default)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from cesp.core.notifications.models import Message
from cesp.payments import delays
from cesp.payments.enums import LineKind
from tests.factories import ContractFactory
from tests.payments.line_factories import paid_line

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 9, 30)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 9, 30, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def signed(world):
    """Four contracts of campaign 2025 signed in 2026: paid after 32 days, paid after 95,
    overdue (70 days, nothing), recent (10 days, nothing); one in Bretagne overdue; one
    signed in 2025 (before the ASP's ledger: not watched)."""
    ufr, other = world.orgs["ufr_mtp"], world.orgs["ufr_rns"]
    make = ContractFactory
    c = {
        "fast": make(ufr=ufr, campaign_year=2025, signature_date=dt.date(2026, 6, 19)),
        "slow": make(ufr=ufr, campaign_year=2025, signature_date=dt.date(2026, 5, 1)),
        "overdue": make(ufr=ufr, campaign_year=2025, signature_date=dt.date(2026, 7, 22)),
        "recent": make(ufr=ufr, campaign_year=2025, signature_date=dt.date(2026, 9, 20)),
        "breton": make(ufr=other, campaign_year=2025, signature_date=dt.date(2026, 7, 1)),
        "old": make(ufr=ufr, campaign_year=2024, signature_date=dt.date(2025, 6, 1)),
    }
    for month in ("2025-10", "2025-11"):
        paid_line(c["fast"], month, dt.date(2026, 7, 21), kind=LineKind.ARREARS)
    paid_line(c["slow"], "2025-10", dt.date(2026, 8, 4), kind=LineKind.ARREARS)
    world.contracts = c
    return world


def test_contract_delay_days_and_late_months(signed):
    fast = delays.contract_delay(signed.contracts["fast"], TODAY)
    assert fast.days_to_first_payment == 32
    assert not fast.overdue
    slow = delays.contract_delay(signed.contracts["slow"], TODAY)
    assert slow.days_to_first_payment == 95
    # the first run after 1 May 2026 is 20 May: every month due then was late past 31 May
    assert slow.late_months[0].year == 2025
    overdue = delays.contract_delay(signed.contracts["overdue"], TODAY)
    assert overdue.first_paid_on is None and overdue.days_waiting == 70 and overdue.overdue
    assert not delays.contract_delay(signed.contracts["recent"], TODAY).overdue


def test_national_and_regional_indicators(signed):
    national = delays.national_delay_indicator(TODAY)
    assert national.contracts == 5  # "old" is before the watch
    assert sorted(national.days) == [32, 95]
    assert national.median_days == 63.5
    assert national.overdue_count == 2 and national.waiting == 1
    occitanie = delays.regional_delay_indicator("76", TODAY)
    assert occitanie.overdue_count == 1
    assert [item.contract for item in occitanie.overdue] == [signed.contracts["overdue"]]
    figures = national.as_dict()
    assert figures["days_to_first_payment"]["median"] == 63.5
    assert figures["overdue"] == 2


def test_one_pass_gives_the_national_and_each_regional_indicator(signed):
    national, regions = delays.national_and_regional_indicators(TODAY)
    assert national == delays.national_delay_indicator(TODAY)
    codes = sorted({c.followup_region for c in signed.contracts.values() if c.followup_region})
    assert regions == [delays.regional_delay_indicator(code, TODAY) for code in codes]
    assert any(region.overdue for region in regions)


def test_alert_job_is_a_dry_run_by_default_then_idempotent(signed):
    call_command("alert_payment_delays")
    assert Message.objects.count() == 0
    call_command("alert_payment_delays", apply=True)
    sent = Message.objects.count()
    # national agent: 2 contracts; Occitanie referent + director: 1; Bretagne referent: 1
    assert sent == 2 + 2 + 1
    call_command("alert_payment_delays", apply=True)
    assert Message.objects.count() == sent
    message = Message.objects.filter(recipient=signed.users["ars_referent"]).get()
    assert signed.contracts["overdue"].reference in message.subject
    assert "70 jours" in message.body


def test_delays_page_by_scope(client, signed):
    client.force_login(signed.users["national"])
    html = client.get("/paiements/retards/").content.decode()
    assert "France entière" in html and 'id="delays-by-region"' in html
    assert signed.contracts["breton"].reference in html
    client.force_login(signed.users["ars_referent"])
    html = client.get("/paiements/retards/").content.decode()
    assert signed.contracts["overdue"].reference in html
    assert signed.contracts["breton"].reference not in html
    for who in ("student", "ufr_agent", "researcher"):
        client.force_login(signed.users[who])
        assert client.get("/paiements/retards/").status_code == 404
