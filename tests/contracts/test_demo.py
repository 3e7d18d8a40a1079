"""The demo dataset: deterministic, idempotent, coherent with the rules, scoped."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from cesp.contracts.demo import (
    STUDENT_REFERENCE,
    StoryTeller,
    campaign_sizes,
    load_demo,
)
from cesp.contracts.demo_cli import print_logins
from cesp.contracts.demo_data import DEMO_ACCOUNTS, REGIONS
from cesp.contracts.figures import figures
from cesp.contracts.models import Contract, ContractEvent

TODAY = dt.date(2026, 11, 24)


def test_campaign_sizes_cover_2010_to_2026_and_sum_to_the_total():
    sizes = campaign_sizes(2999)
    assert min(sizes) == 2010 and max(sizes) == 2026
    assert sum(sizes.values()) == 2999 and all(n > 0 for n in sizes.values())


def test_stories_are_deterministic():
    first = [StoryTeller(TODAY).story(n, 2016) for n in range(30)]
    again = [StoryTeller(TODAY).story(n, 2016) for n in range(30)]
    assert [(s.contract, s.events) for s in first] == [(s.contract, s.events) for s in again]


def test_no_fact_is_dated_after_today():
    teller = StoryTeller(TODAY)
    for campaign in (2012, 2020, 2025, 2026):
        for n in range(40):
            story = teller.story(n, campaign)
            assert story.contract["signature_date"] <= TODAY
            for event in story.events:
                assert (event.get("date") or event.get("start")) <= TODAY


@pytest.mark.django_db
def test_load_is_idempotent_scoped_and_accepted_by_the_rules():
    summary = load_demo(total=400, today=TODAY)
    assert summary.created == 400 and not summary.already_loaded
    assert summary.simplified == 0  # every story is accepted as drawn
    assert set(summary.accounts) == set(DEMO_ACCOUNTS)
    events = ContractEvent.objects.count()
    again = load_demo(total=400, today=TODAY)
    assert again.already_loaded and again.created == 0
    assert Contract.objects.count() == 400 and ContractEvent.objects.count() == events
    regions = set(Contract.objects.values_list("followup_region", flat=True))
    assert regions == set(REGIONS)
    assert set(Contract.objects.values_list("campaign_year", flat=True)) == set(range(2010, 2027))
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    assert users["etudiant"].check_password("demo")
    mine = list(Contract.objects.visible_to(users["etudiant"]))
    assert [c.reference for c in mine] == [STUDENT_REFERENCE]
    assert figures(mine[0], TODAY)["status"] in {"practising", "completed"}
    bretagne = Contract.objects.visible_to(users["ars-bretagne"])
    assert bretagne.exists() and set(bretagne.values_list("followup_region", flat=True)) == {"53"}
    montpellier = Contract.objects.visible_to(users["ufr-montpellier"])
    assert set(montpellier.values_list("ufr__code", flat=True)) == {"ufr-montpellier"}
    assert not Contract.objects.visible_to(users["chercheur"]).exists()
    assert Contract.objects.visible_to(users["national"]).count() == 400


@pytest.mark.django_db
def test_no_demo_accounts_outside_demo_mode(settings):
    settings.CESP_DEMO_MODE = False
    summary = load_demo(total=20, today=TODAY)
    assert summary.accounts == []
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="etudiant").exists()
    out = io.StringIO()
    print_logins(out, "8123")
    assert "http://127.0.0.1:8123/" in out.getvalue() and "etudiant" not in out.getvalue()


@pytest.mark.django_db
def test_load_demo_command():
    out = io.StringIO()
    call_command("load_demo", "--contracts", "30", "--skip-territories", stdout=out)
    assert "30 contrats créés" in out.getvalue()
    # The domain apps' demos (breach, requests…) add their own signatories' contracts.
    loaded = Contract.objects.count()
    assert loaded >= 30
    call_command("load_demo", "--contracts", "30", "--skip-territories", stdout=out)
    assert "déjà présentes" in out.getvalue() and Contract.objects.count() == loaded
