"""A broken contract reads right (issue 12 §2): the allocation period that actually ran
(or none, never an end before its start), no engagement left to serve, what is owed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from cesp.contracts import figures
from cesp.contracts.enums import Category, EventType
from tests.factories import ContractEventFactory, ContractFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, tzinfo=dt.UTC)


@pytest.fixture
def broken_at_once(world):
    """Signed in the third cycle on 2 October 2026, broken the next day: the allocation
    would have taken effect on 1 November, so no month was financed."""
    contract = ContractFactory(
        reference="CESP-MTP-0900",
        signatory=world.users["student"],
        ufr=world.orgs["ufr_mtp"],
        category=Category.THIRD_CYCLE,
        campaign_year=2026,
        signature_date=dt.date(2026, 10, 2),
    )
    ContractEventFactory(
        contract=contract, type=EventType.BREACH, date=dt.date(2026, 10, 3), cause="voluntary"
    )
    return contract


@pytest.fixture
def broken_later(world):
    """Broken on 20 March 2024 after 30 months of allocation."""
    ContractEventFactory(
        contract=world.own, type=EventType.BREACH, date=dt.date(2024, 3, 20), cause="voluntary"
    )
    return world.own


def _client(world, role):
    client = Client()
    client.force_login(world.users[role])
    return client


@time_machine.travel(NOW, tick=False)
def test_figures_read_no_period_and_nothing_left_to_serve(broken_at_once, broken_later):
    result = figures.figures(broken_at_once, NOW.date())
    # the engine's dates alone would read "from 1/11/2026 until 2/10/2026"
    assert result["allocation"]["end_date"] < result["allocation"]["effective_date"]
    assert figures.allocation_period(result) is None
    assert figures.engagement_remaining(result) is None
    later = figures.figures(broken_later, NOW.date())
    assert figures.allocation_period(later) == (dt.date(2021, 10, 1), dt.date(2024, 3, 19))
    assert figures.engagement_remaining(later) is None


@time_machine.travel(NOW, tick=False)
def test_the_contract_page_shows_what_ran_and_what_is_owed(world, broken_at_once, broken_later):
    client = _client(world, "ufr_agent")
    page = client.get(f"/contrats/{broken_at_once.pk}/").content.decode()
    assert "aucune allocation versée" in page
    assert "octobre 2026 au" not in page and "jusqu'au" not in page
    assert "mois restants" not in page and 'data-figure="engagement.ended"' in page
    assert "Sommes dues (rupture)" in page
    later = client.get(f"/contrats/{broken_later.pk}/").content.decode()
    assert "du 1 octobre 2021 au 19 mars 2024" in later and "mois restants" not in later
    listing = client.get("/contrats/", {"q": "CESP-MTP-0900"}).content.decode()
    assert "<td>—</td>" in listing


@time_machine.travel(NOW, tick=False)
def test_the_students_home_shows_no_engagement_left_but_what_is_owed(world, broken_at_once):
    home = _client(world, "student").get("/").content.decode()
    assert f'id="ended-{broken_at_once.pk}"' in home
    assert "aucune allocation versée" in home
    assert "Contrat terminé le 3 octobre 2026" in home
    # the other (running) contract still shows its engagement
    assert "restant à effectuer" in home
