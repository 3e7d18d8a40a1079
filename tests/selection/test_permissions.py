"""Scopes and abilities of each role on campaigns and dossiers."""

from __future__ import annotations

import pytest

from cesp.selection import permissions
from cesp.selection.models import Campaign, Dossier
from tests.factories import OrganisationFactory, UserFactory
from tests.selection.factories import CampaignFactory, DossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ufr = OrganisationFactory(ufr=True, region_code="76")
    other_ufr = OrganisationFactory(ufr=True, region_code="53")
    ars = OrganisationFactory(ars=True, region_code="76")
    campaign = CampaignFactory(ufr=ufr)
    other = CampaignFactory(ufr=other_ufr)
    candidate = UserFactory(student=True)
    dossiers = {
        "draft": DossierFactory(campaign=campaign, candidate=candidate),
        "student": DossierFactory(campaign=campaign, state="filed"),
        "padhue": DossierFactory(
            campaign=campaign, state="filed", category="padhue", profession="padhue_medecine"
        ),
        "elsewhere": DossierFactory(campaign=other, state="filed"),
    }
    users = {
        "candidate": candidate,
        "ufr_agent": UserFactory(ufr_agent=True, organisation=ufr),
        "commission": UserFactory(commission=True, organisation=ufr),
        "ars": UserFactory(ars_director=True, organisation=ars),
        "national": UserFactory(national=True),
        "researcher": UserFactory(researcher=True),
    }
    return campaign, other, dossiers, users


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        ("candidate", {"draft"}),
        ("ufr_agent", {"student"}),
        ("commission", {"student", "padhue"}),
        ("ars", {"student", "padhue"}),
        ("national", {"student", "padhue", "elsewhere"}),
        ("researcher", set()),
    ],
)
def test_dossier_scope(world, who, seen):
    _, _, dossiers, users = world
    visible = set(Dossier.objects.visible_to(users[who]).values_list("pk", flat=True))
    assert visible == {dossiers[name].pk for name in seen}


@pytest.mark.parametrize(
    ("who", "campaigns"),
    [
        ("ufr_agent", {"mine"}),
        ("commission", {"mine"}),
        ("ars", {"mine"}),
        ("national", {"mine", "other"}),
        ("researcher", set()),
    ],
)
def test_campaign_scope(world, who, campaigns):
    campaign, other, _, users = world
    got = set(Campaign.objects.visible_to(users[who]))
    assert got == {{"mine": campaign, "other": other}[c] for c in campaigns}


def test_abilities(world):
    campaign, _, dossiers, users = world
    assert permissions.abilities(users["commission"], campaign)["rank"]
    assert not permissions.abilities(users["ufr_agent"], campaign)["rank"]
    assert permissions.abilities(users["ufr_agent"], campaign)["post"]
    assert not permissions.abilities(users["ufr_agent"], campaign)["quotas"]
    assert permissions.abilities(users["national"], campaign)["quotas"]
    assert permissions.abilities(users["candidate"], dossiers["draft"])["file"]
    assert not permissions.abilities(users["commission"], dossiers["draft"])["edit"]
    assert permissions.abilities(users["ufr_agent"], dossiers["student"])["receive"]
    assert not permissions.abilities(users["ufr_agent"], dossiers["padhue"])["receive"]
    assert permissions.abilities(users["ars"], dossiers["padhue"])["receive"]
    assert permissions.abilities(users["commission"], dossiers["padhue"])["decide"]
