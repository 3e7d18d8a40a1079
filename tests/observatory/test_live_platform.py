"""The live indicators on the platform's facts: the follow-up's (referents, exchanges,
zoning changes notified and then delivered or seen, answers) and the offers'."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cesp.followup import services as followup_services
from cesp.followup import summary as followup_summary
from cesp.followup.enums import Channel, MeetingMode, ReferentLevel
from cesp.observatory import services
from cesp.observatory.live_facts import answer_delays, offers_outcomes
from cesp.offers import services as offer_services
from cesp.offers.models import Offer
from cesp.territories.models import ProjectDeclaration
from tests.factories import ContractFactory, UserFactory
from tests.offers.factories import make_lists, published
from tests.territories.conftest import occitanie_zoning_change

AS_OF = dt.date(2025, 6, 30)


def at(day: dt.date, hour: int = 9):
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), dt.UTC), tick=False)


@pytest.fixture
def followed(world):
    """Occitanie: the own contract and 11 more. 09001 leaves the CESP zones on 16 May
    2025: the own contract named it, its signatory is notified (no e-mail address).
    A referent is named for 3 signatories, one exchange held; one conversation."""
    more = [
        ContractFactory(reference=f"CESP-MTP-1{i:03d}", ufr=world.orgs["ufr_mtp"])
        for i in range(11)
    ]
    ProjectDeclaration.objects.create(
        contract=world.own, commune_code="09001", declared_on=dt.date(2021, 9, 1)
    )
    occitanie_zoning_change(dt.date(2025, 5, 16), travel=at)
    referent = world.users["ars_referent"]
    with at(dt.date(2025, 6, 2)):
        followup_services.make_referent(
            referent, level=ReferentLevel.DEPARTMENT, department_code="34"
        )
        for contract in (world.own, *more[:2]):
            followup_services.assign_referent(contract, referent, by=world.users["ars_director"])
        followup_services.record_meeting(
            world.own, by=referent, held_on=dt.date(2025, 6, 2), mode=MeetingMode.PHONE
        )
        thread = followup_services.start_thread(
            world.own, by=world.users["student"], channel=Channel.ARS, subject="Q", body="?"
        )
    with at(dt.date(2025, 6, 3), hour=21):
        followup_services.post_message(thread, by=referent, body="Réponse")
    services.clear_cache()
    yield world
    services.clear_cache()


def _indicators(user, region="76") -> dict:
    report, _ = services.report_for(user, services.Filters(region=region), AS_OF)
    return {i["id"]: i for i in report["indicators"]}


def test_the_follow_up_indicators_on_a_known_dataset(client, followed):
    found = _indicators(followed.users["national"])
    assert (found["with_referent"]["named"], found["with_referent"]["n"]) == (3, 12)
    assert (found["seen_by_referent_12m"]["seen"], found["seen_by_referent_12m"]["n"]) == (1, 12)
    answers = found["answer_delay"]
    assert (answers["answered"], answers["n"]) == (1, 1)
    assert answers["delay_days"]["mean"] == 1.5  # 2 June 9:00 → 3 June 21:00
    zoning = found["informed_of_zoning_change"]
    # both imports notified the signatory (2022: 09001 enters the zones; 2025: it leaves),
    # newest first; no e-mail address, not seen yet: not informed
    labels = [c["label"] for c in zoning["by_change"]]
    assert labels == [
        "Arrêté ARS Occitanie 2025 (Occitanie)",
        "Arrêté ARS Occitanie du 4 mai 2022 (Occitanie)",
    ]
    change = zoning["by_change"][0]
    assert (change["informed"], change["n"]) == (0, 1)
    # the signatory opens their space: the notice is seen, so they are informed
    client.force_login(followed.users["student"])
    with at(dt.date(2025, 6, 20)):
        assert client.get("/mon-espace/").status_code == 200
    services.clear_cache()
    change = _indicators(followed.users["national"])["informed_of_zoning_change"]["by_change"][0]
    assert (change["informed"], change["n"]) == (1, 1)
    # a researcher: publication mode, the small counts masked
    masked = _indicators(followed.users["researcher"])
    assert masked["with_referent"]["named"] is None and masked["with_referent"]["value"] is None
    assert masked["answer_delay"]["delay_days"]["mean"] is None


def test_answer_delays_follow_the_follow_ups_rule(followed):
    from cesp.contracts.models import Contract
    from cesp.followup.models import Thread

    contracts = Contract.objects.filter(followup_region="76")
    delays = answer_delays(contracts)
    median = followup_summary.median_answer_hours(Thread.objects.filter(contract__in=contracts))
    assert delays == [1.5] and float(median) == 36.0


def test_the_dashboard_shows_the_live_indicators(client, followed):
    client.force_login(followed.users["national"])
    with at(AS_OF, hour=10):
        html = client.get("/observatoire/").content.decode()
    assert 'id="live-indicators"' in html
    card = html.split('data-indicator="with_referent"')[1].split("</div>")[0]
    assert "25,0 %" in card and "3 avec référent sur 12" in card
    offers = html.split('data-indicator="offer_outcomes"')[1].split("</div>")[0]
    assert "Pas encore disponible" in offers


def test_offer_outcomes_come_from_the_offers_of_the_region(db):
    """Two offers sent, one declined (the next rank is offered the same day): 3 offers,
    1 declined, 2 running in Occitanie; none in Bretagne."""
    national = UserFactory(national=True, username="national")
    lists = make_lists(principal=2, complementary=3)
    start = dt.date(2027, 7, 2)
    with at(start):
        offer_services.start_offers(national, published(lists), lists.campaign)
    second = Offer.objects.get(entry=lists.entry(1))
    with at(start + dt.timedelta(days=3)):
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
