"""The offers' demo: idempotent, and its sample quota file lets the offers go out."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from cesp.accounts.enums import Role
from cesp.offers import demo, services
from cesp.offers.models import Offer
from cesp.selection import lists, quota_services
from tests.factories import OrganisationFactory, UserFactory
from tests.offers.factories import make_lists, published

pytestmark = pytest.mark.django_db


def test_the_demo_waits_for_the_quota_then_the_sample_file_starts_the_offers(settings) -> None:
    settings.CESP_DEMO_MODE = True
    lists = make_lists(principal=1, complementary=2, quota_published=None, profession="odontologie")
    lists.candidates[0].set_unusable_password()
    lists.candidates[0].save()
    out = StringIO()
    call_command("load_demo_offers", stdout=out)
    call_command("load_demo_offers", stdout=out)
    assert "1 liste(s) attendent leur quota" in out.getvalue()
    lists.candidates[0].refresh_from_db()
    assert lists.candidates[0].check_password("demo")
    national = UserFactory(national=True, username="national")
    today = dt.date(2026, 12, 2)
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC)):
        quota_services.import_annual(
            demo.QUOTA_FILE.read_bytes(),
            demo.QUOTA_FILE.name,
            academic_year=2026,
            reference="Arrêté de démonstration",
            published_on=today,
            user=national,
        )
        services.start_offers(national, published(lists), lists.campaign)
    assert Offer.objects.count() == 2  # 2 contracts in the sample arrêté


def test_without_the_selection_demo_nothing_is_loaded(settings) -> None:
    settings.CESP_DEMO_MODE = True
    out = StringIO()
    call_command("load_demo_offers", stdout=out)
    assert "non chargée" in out.getvalue()


@time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC))  # the 2026-2027 campaign
def test_after_the_selection_demo_national_imports_the_sample_and_offers_go_out(settings) -> None:
    settings.CESP_DEMO_MODE = True
    ufr = OrganisationFactory(ufr=True, code="ufr-montpellier", region_code="76")
    ars = OrganisationFactory(ars=True, code="ars-occitanie", region_code="76")
    UserFactory(username="ufr-montpellier", role=Role.UFR_AGENT, organisation=ufr)
    UserFactory(username="commission-montpellier", role=Role.COMMISSION_MEMBER, organisation=ufr)
    UserFactory(username="ars-occitanie", role=Role.ARS_REFERENT, organisation=ars)
    call_command("load_demo_selection", stdout=StringIO())
    out = StringIO()
    call_command("load_demo_offers", stdout=out)
    assert "mot de passe demo" in out.getvalue()
    national = UserFactory(national=True, username="national")
    quota_services.import_annual(
        demo.QUOTA_FILE.read_bytes(),
        demo.QUOTA_FILE.name,
        academic_year=2026,
        reference="Arrêté de démonstration",
        published_on=timezone.localdate(),
        user=national,
    )
    campaign = lists.campaign_for(ufr.pk, 2026)
    odontology = next(p for p in lists.published_lists(campaign) if p.profession == "odontologie")
    services.start_offers(national, odontology, campaign)
    assert Offer.objects.count() == 2
