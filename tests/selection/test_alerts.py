"""The daily alert on the lists' deadline: near, passed, idempotent, dry run by default."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from cesp.core.notifications.models import Message
from cesp.selection import services
from tests.factories import OrganisationFactory, UserFactory
from tests.selection.factories import DossierFactory, RankedListFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    campaign = services.open_campaign(OrganisationFactory(ufr=True), 2026, None)
    DossierFactory(campaign=campaign, state="ranked")
    return campaign


def run(day: dt.date, *args: str) -> None:
    with time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 6, tzinfo=dt.UTC), tick=False
    ):
        call_command("alert_lists_deadline", *args)


def test_near_then_passed_alerts_once_each(campaign):
    agent = UserFactory(ufr_agent=True, organisation=campaign.ufr)
    national = UserFactory(national=True)
    run(dt.date(2027, 1, 5), "--apply")
    assert not Message.objects.exists()  # ten days before: nothing yet
    run(dt.date(2027, 1, 9))
    assert not Message.objects.exists()  # dry run
    run(dt.date(2027, 1, 9), "--apply")
    run(dt.date(2027, 1, 10), "--apply")
    (near,) = Message.objects.all()
    assert near.recipient == agent and "15/01/2027" in near.subject
    run(dt.date(2027, 1, 16), "--apply")
    run(dt.date(2027, 1, 17), "--apply")
    passed = Message.objects.filter(kind="selection_lists_deadline_passed")
    assert {m.recipient for m in passed} == {agent, national}


def test_transmitted_lists_stop_the_alerts(campaign):
    UserFactory(ufr_agent=True, organisation=campaign.ufr)
    RankedListFactory(
        campaign=campaign,
        posted_at=dt.datetime(2027, 1, 2, tzinfo=dt.UTC),
        transmitted_at=dt.datetime(2027, 1, 3, tzinfo=dt.UTC),
    )
    run(dt.date(2027, 1, 16), "--apply")
    assert not Message.objects.exists()


def test_the_deadline_is_the_campaigns_own(campaign):
    UserFactory(ufr_agent=True, organisation=campaign.ufr)
    services.set_milestone(campaign, "lists_deadline", dt.date(2027, 1, 31), None)
    run(dt.date(2027, 1, 16), "--apply")
    assert not Message.objects.exists()
    run(dt.date(2027, 1, 25), "--apply")
    assert Message.objects.get().kind == "selection_lists_deadline_near"
