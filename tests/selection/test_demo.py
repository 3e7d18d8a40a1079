"""The selection's demo: every stage present, idempotent, the candidate follows its dossier."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from cesp.accounts.enums import Role
from cesp.selection import lists
from cesp.selection.models import Campaign, Dossier
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts(settings):
    settings.CESP_DEMO_MODE = True
    ufr = OrganisationFactory(ufr=True, code="ufr-montpellier", region_code="76")
    ars = OrganisationFactory(ars=True, code="ars-occitanie", region_code="76")
    UserFactory(username="ufr-montpellier", role=Role.UFR_AGENT, organisation=ufr)
    UserFactory(username="commission-montpellier", role=Role.COMMISSION_MEMBER, organisation=ufr)
    UserFactory(username="ars-occitanie", role=Role.ARS_REFERENT, organisation=ars)


def test_demo_has_every_stage_and_is_idempotent(demo_accounts, client):
    call_command("load_demo_selection", stdout=None)
    call_command("load_demo_selection", stdout=None)
    campaign = Campaign.objects.get(ufr__code="ufr-montpellier", academic_year=2026)
    states = set(Dossier.objects.filter(campaign=campaign).values_list("state", flat=True))
    assert states >= {
        "draft",
        "filed",
        "screening",
        "shortlisted",
        "not_shortlisted",
        "interview",
        "ranked",
        "not_ranked",
    }
    assert Dossier.objects.count() == 20
    (published,) = lists.published_lists(campaign)
    assert published.profession == "odontologie" and len(published.candidates) == 3

    assert client.login(username="candidat", password="demo")
    mine = Dossier.objects.get(candidate__username="candidat")
    page = client.get(f"/selection/dossiers/{mine.pk}/").content.decode()
    assert "La commission de sélection : vous auditionner" in page

    client.force_login(campaign.ufr.members.get(username="commission-montpellier"))
    page = client.get(f"/selection/campagnes/{campaign.pk}/listes/second_cycle/medecine/")
    assert page.status_code == 200 and "Enregistrer les listes" in page.content.decode()


def test_demo_without_accounts_loads_nothing(settings):
    settings.CESP_DEMO_MODE = True
    call_command("load_demo_selection", stdout=None)
    assert not Campaign.objects.exists()
