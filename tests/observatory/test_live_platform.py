"""The zoning-change indicator on the platform's facts: who a new zoning touched
(territories' assessment) and who was sent the notice (the kernel's stored copy)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cesp.observatory import services
from cesp.observatory.live_facts import offers_outcomes
from cesp.offers import services as offer_services
from cesp.offers.models import Offer
from cesp.territories import services as zoning_services
from cesp.territories.models import ProjectDeclaration
from tests.factories import ContractFactory, UserFactory
from tests.offers.factories import make_lists, published
from tests.territories.conftest import zoning_csv

AS_OF = dt.date(2025, 6, 30)


@pytest.fixture
def zoning_world(world):
    """09001 leaves the CESP zones on 16 May 2025. The own contract named it before the
    new zoning (it was told at the import); a second one named it afterwards (never told)."""
    ProjectDeclaration.objects.create(
        contract=world.own, commune_code="09001", declared_on=dt.date(2021, 9, 1)
    )
    for valid_from, overrides, act in (
        (dt.date(2022, 5, 4), {}, "Arrêté ARS Occitanie du 4 mai 2022"),
        (dt.date(2025, 5, 16), {"09001": "4_ZAR"}, "Arrêté ARS Occitanie 2025"),
    ):
        with time_machine.travel(dt.datetime.combine(valid_from, dt.time(9), dt.UTC)):
            result = zoning_services.import_zoning(
                zoning_csv(overrides=overrides),
                "z.csv",
                region="76",
                profession="medecine",
                valid_from=valid_from,
                act=act,
            )
        assert result.ok, result.report.as_text()
    late = ContractFactory(reference="CESP-MTP-0002", ufr=world.orgs["ufr_mtp"])
    ProjectDeclaration.objects.create(
        contract=late, commune_code="09001", declared_on=dt.date(2022, 1, 10)
    )
    services.clear_cache()
    yield world
    services.clear_cache()


def _indicator(user, region="76") -> dict:
    report, _ = services.report_for(user, services.Filters(region=region), AS_OF)
    return next(i for i in report["indicators"] if i["id"] == "informed_of_zoning_change")


def test_one_of_the_two_touched_signatories_was_told_masked_for_researchers(zoning_world):
    found = _indicator(zoning_world.users["national"])
    assert found["available"] is True
    assert (found["informed"], found["n"], found["value"]) == (1, 2, 0.5)
    (change,) = found["by_change"]  # the 2022 zoning was the region's first: no change
    assert change["label"] == "Arrêté ARS Occitanie 2025 (Occitanie)"
    assert change["valid_from"] == "2025-05-16" and change["n"] == 2
    # another region: nothing to report, and said so
    other = _indicator(zoning_world.users["national"], region="53")
    assert other["available"] is False and "aucun changement de zonage" in other["why"]
    # a researcher: publication mode, counts of 1 and 2 masked
    masked = _indicator(zoning_world.users["researcher"])
    assert masked["n"] is None and masked["informed"] is None and masked["value"] is None


def test_the_dashboard_shows_the_live_indicators(client, zoning_world):
    client.force_login(zoning_world.users["national"])
    with time_machine.travel(dt.datetime(2025, 6, 30, 10, tzinfo=dt.UTC), tick=False):
        html = client.get("/observatoire/").content.decode()
    assert 'id="live-indicators"' in html
    card = html.split('data-indicator="informed_of_zoning_change"')[1].split("</div>")[0]
    assert "50,0 %" in card and "1 informés sur 2" in card
    referent = html.split('data-indicator="with_referent"')[1].split("</div>")[0]
    assert "Pas encore disponible" in referent


def test_offer_outcomes_come_from_the_offers_of_the_region(db):
    """Two offers sent, one declined (the next rank is offered the same day): 3 offers,
    1 declined, 2 running in Occitanie; none in Bretagne."""
    national = UserFactory(national=True, username="national")
    lists = make_lists(principal=2, complementary=3)
    start = dt.date(2027, 7, 2)
    with time_machine.travel(dt.datetime(2027, 7, 2, 8, tzinfo=dt.UTC), tick=False):
        offer_services.start_offers(national, published(lists), lists.campaign)
    second = Offer.objects.get(entry=lists.entry(1))
    with time_machine.travel(dt.datetime(2027, 7, 5, 8, tzinfo=dt.UTC), tick=False):
        offer_services.record_decline(lists.candidates[1], second, start + dt.timedelta(days=3))
    counts = offers_outcomes("76", "medecine")
    assert counts == {
        "pending": 2,
        "signed": 0,
        "countersigned": 0,
        "declined": 1,
        "lapsed": 0,
        "withdrawn": 0,
    }
    assert offers_outcomes("53", "medecine") is None
    assert offers_outcomes(None, "odontologie") is None
    assert offers_outcomes(None, None)["declined"] == 1
