"""Offers' use cases: start, dispatch in rank order, answers, refusals, countersignature."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from cesp.contracts import figures
from cesp.contracts.models import Contract
from cesp.core.notifications.models import Message
from cesp.core.workflow.models import TransitionLog
from cesp.offers import services, stats
from cesp.offers.models import Offer
from tests.factories import UserFactory
from tests.offers.factories import make_lists, make_quota, published

START = date(2027, 7, 2)

pytestmark = pytest.mark.django_db


def at(day: date):
    return time_machine.travel(f"{day.isoformat()} 10:00 +0200", tick=False)


@pytest.fixture
def national(db):
    return UserFactory(national=True, username="national")


def start(lists, national, day=START, **options):
    with at(day):
        return services.start_offers(national, published(lists), lists.campaign, **options)


def offered(lists) -> list[str]:
    return [
        o.candidate.username
        for o in Offer.objects.filter(round__ranked_list=lists.ranked).in_offer_order()
    ]


def test_offers_wait_for_the_quota(national) -> None:
    lists = make_lists(quota_published=None)
    with pytest.raises(ValidationError) as error, at(START):
        services.start_offers(national, published(lists), lists.campaign)
    assert "arrêté de quotas" in str(error.value)
    assert not Offer.objects.exists()


def test_start_sends_the_first_quota_offers_in_rank_order(national) -> None:
    lists = make_lists(principal=2, complementary=3)
    start(lists, national)
    offers = list(Offer.objects.in_offer_order())
    assert [o.entry_id for o in offers] == [e.pk for e in lists.entries[:2]]
    first = offers[0]
    assert (first.state, first.dispatched_on, first.received_on) == ("received", START, START)
    assert first.deadline == START + timedelta(days=30)
    notices = Message.objects.filter(kind="contract_offer")
    assert notices.count() == 2
    assert "trente jours" in notices.first().body


def test_a_decline_offers_the_next_rank_the_same_day(national) -> None:
    lists = make_lists(principal=2, complementary=3)
    start(lists, national)
    second = Offer.objects.get(entry=lists.entry(1))
    with at(START + timedelta(days=3)):
        services.record_decline(lists.candidates[1], second, START + timedelta(days=3))
    nxt = Offer.objects.get(entry=lists.entry(2))
    assert nxt.dispatched_on == START + timedelta(days=3)
    assert stats.outcome_counts(Offer.objects.all())["declined"] == 1


def test_a_signature_after_the_deadline_is_refused_and_nothing_is_saved(national) -> None:
    lists = make_lists(principal=1, complementary=1)
    start(lists, national)
    offer = Offer.objects.get()
    late = START + timedelta(days=31)
    with at(late), pytest.raises(ValidationError) as error:
        services.record_signature(national, offer, late, "lrar", "1A 234")
    assert "date limite" in str(error.value) and "R631-24-5" in str(error.value)
    offer.refresh_from_db()
    assert (offer.state, offer.answered_on) == ("received", None)
    assert not TransitionLog.objects.filter(transition="sign").exists()


def test_an_answer_before_the_receipt_is_refused(national) -> None:
    lists = make_lists(principal=1, complementary=1)
    start(lists, national, channel="lrar", delivery_days=3)
    offer = Offer.objects.get()
    assert offer.state == "sent" and offer.deadline is None
    with at(START + timedelta(days=2)), pytest.raises(ValidationError) as error:
        services.record_signature(national, offer, START + timedelta(days=2), "lrar")
    assert "n'est pas possible" in str(error.value)
    with at(START + timedelta(days=4)):
        services.record_receipt(national, offer, START + timedelta(days=3), "lrar", "AR 1")
    with at(START + timedelta(days=4)), pytest.raises(ValidationError) as error:
        services.record_signature(national, offer, START + timedelta(days=2), "lrar")
    assert "précède la réception de l'offre" in str(error.value)
    offer.refresh_from_db()
    assert offer.deadline == START + timedelta(days=33)


def test_the_daily_job_lapses_and_cascades_and_is_idempotent(national) -> None:
    lists = make_lists(principal=1, complementary=2)
    start(lists, national)
    lapse_day = START + timedelta(days=31)
    with at(lapse_day):
        call_command("cascade_offers", apply=True, stdout=StringIO())
        snapshot = list(Offer.objects.values_list("entry_id", "state", "dispatched_on"))
        call_command("cascade_offers", apply=True, stdout=StringIO())
    assert list(Offer.objects.values_list("entry_id", "state", "dispatched_on")) == snapshot
    first, second = Offer.objects.in_offer_order()
    assert (first.state, second.state, second.dispatched_on) == ("lapsed", "received", lapse_day)
    log = TransitionLog.objects.get(transition="lapse")
    assert (log.actor, log.reason) == (None, "AUTO")


def test_the_job_dry_run_writes_nothing(national) -> None:
    lists = make_lists(principal=1, complementary=2)
    start(lists, national)
    with at(START + timedelta(days=31)):
        call_command("cascade_offers", stdout=StringIO())
    assert list(Offer.objects.values_list("state", flat=True)) == ["received"]


def test_countersignature_creates_the_contract_with_its_retroactive_effect(national) -> None:
    lists = make_lists(principal=1, complementary=0)
    start(lists, national)
    offer = Offer.objects.get()
    signed = START + timedelta(days=10)
    with at(signed):
        services.record_signature(lists.candidates[0], offer, signed, "portal")
    with at(signed + timedelta(days=2)):
        services.countersign(national, offer)
        offer.refresh_from_db()
        contract = Contract.objects.get()
        assert offer.state == "countersigned" and offer.contract == contract
        assert (contract.signatory, contract.followup_region) == (lists.candidates[0], "76")
        result = figures.figures(contract)
    assert result["allocation"]["effective_date"] == "2026-10-01"
    assert Message.objects.filter(kind="contract_countersigned").count() == 1


def test_a_quota_raised_by_a_later_arrete_is_offered_by_the_full_sweep(national) -> None:
    lists = make_lists(principal=1, complementary=2)
    start(lists, national)
    make_quota(lists.campaign.ufr, 2026, 1, START + timedelta(days=5))  # one more contract
    with at(START + timedelta(days=6)):
        call_command("cascade_offers", apply=True, stdout=StringIO())
        assert Offer.objects.count() == 1  # the daily run looks at offers past their deadline
        call_command("cascade_offers", apply=True, sweep=True, stdout=StringIO())
    assert Offer.objects.count() == 2


def test_no_new_offer_once_the_lists_have_expired(national) -> None:
    lists = make_lists(principal=1, complementary=1)
    start(lists, national, day=date(2027, 9, 10))
    with at(date(2027, 10, 11)):
        dry_run = StringIO()
        call_command("cascade_offers", stdout=dry_run)  # says what the run does
        assert "1 offre(s) caduque(s), 0 nouvelle(s) offre(s)" in dry_run.getvalue()
        call_command("cascade_offers", apply=True, stdout=StringIO())
    assert list(Offer.objects.values_list("state", flat=True)) == ["lapsed"]


def test_outcomes_are_counted_apart_per_campaign(national) -> None:
    lists = make_lists(principal=2, complementary=2)
    start(lists, national)
    first, second = Offer.objects.in_offer_order()
    day = START + timedelta(days=2)
    with at(day):
        services.record_decline(lists.candidates[1], second, day)
        services.record_withdrawal(national, first, day, "Réorientation")
    counts = stats.campaign_outcome_counts(2026)
    assert (counts["declined"], counts["withdrawn"], counts["pending"]) == (1, 1, 2)
    assert counts["total"] == 4
    assert stats.campaign_outcome_counts(2026, ufr_id=lists.campaign.ufr_id) == counts


def test_a_withdrawal_after_the_deadline_is_refused_the_offer_lapses():
    """Found by the agreement property: a désistement recorded the day after the deadline
    must not end the offer as withdrawn; the rule replays it as lapsed."""
    from tests.offers.test_properties import Plan, run

    played = run(Plan(quota=1, principal=0, complementary=1, answers=[("withdrawn", 31)]))
    (offer,) = Offer.objects.filter(round=played["round"])
    assert offer.state == "lapsed"
