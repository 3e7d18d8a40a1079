"""Scope of decisions on place choices (issue 12 §4, docs/permissions.md): the director of
the ARS of the place's region decides, on the contracts that region follows; a choice of a
place in another region is a change of region, decided nationally. Whoever may not decide
gets 404 (the view) or PermissionDenied (the service), and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from cesp.accounts.enums import Role
from cesp.core.audit.models import AuditEntry
from cesp.territories import places
from cesp.territories.models import PlaceChoice, PracticePlace
from cesp.territories.permissions import can_decide_choice
from tests.factories import ContractFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(ars_occitanie, ars_bretagne, national_user):
    director_occ = UserFactory(ars_director=True, organisation=ars_occitanie)
    director_bzh = UserFactory(ars_director=True, organisation=ars_bretagne)
    place = PracticePlace.objects.create(
        commune_code="09122",
        region="76",
        name="Cabinet de Foix",
        structure="cabinet",
        mode="liberal",
        profession="medecine",
        published_by=ars_occitanie,
        published_on=dt.date(2025, 1, 1),
    )
    bretagne = ContractFactory(ufr__region_code="53", reference="CESP-BZH-0001")
    occitanie = ContractFactory(reference="CESP-OCC-0001")
    assert (bretagne.followup_region, occitanie.followup_region) == ("53", "76")
    return {
        "occ": director_occ,
        "bzh": director_bzh,
        "national": national_user,
        "cross": PlaceChoice.objects.create(
            contract=bretagne, place=place, chosen_on=dt.date(2025, 2, 1)
        ),
        "local": PlaceChoice.objects.create(
            contract=occitanie, place=place, chosen_on=dt.date(2025, 2, 2)
        ),
    }


def test_predicate(setting):
    cross, local = setting["cross"], setting["local"]
    assert can_decide_choice(setting["occ"], local)
    assert not can_decide_choice(setting["occ"], cross)  # a contract it cannot see
    assert not can_decide_choice(setting["bzh"], cross)  # a place outside its region
    assert not can_decide_choice(setting["bzh"], local)
    assert can_decide_choice(setting["national"], cross)  # change of region: national
    assert not can_decide_choice(setting["national"], local)  # the ARS decides in region
    referent = UserFactory(role=Role.ARS_REFERENT, organisation=setting["occ"].organisation)
    assert not can_decide_choice(referent, local)


@pytest.mark.parametrize("who", ["occ", "bzh"])
def test_the_other_regions_director_gets_404_and_nothing_is_written(client, setting, who):
    cross = setting["cross"]
    entries = AuditEntry.objects.count()
    client.force_login(setting[who])
    response = client.post(f"/territoires/choix/{cross.pk}/decider/", {"decision": "granted"})
    assert response.status_code == 404
    cross.refresh_from_db()
    assert (cross.decision, cross.decided_on, cross.decided_by) == ("", None, None)
    assert AuditEntry.objects.count() == entries
    with pytest.raises(PermissionDenied):
        places.decide_choice(setting[who], cross, "granted", dt.date(2025, 3, 1))
    cross.refresh_from_db()
    assert cross.decision == ""


def test_the_places_page_offers_each_decider_their_own_choices(client, setting):
    client.force_login(setting["occ"])
    html = client.get("/territoires/lieux/").content.decode()
    assert f"/territoires/choix/{setting['local'].pk}/decider/" in html
    assert f"/territoires/choix/{setting['cross'].pk}/decider/" not in html
    client.force_login(setting["national"])
    html = client.get("/territoires/lieux/").content.decode()
    assert f"/territoires/choix/{setting['cross'].pk}/decider/" in html
    assert f"/territoires/choix/{setting['local'].pk}/decider/" not in html


def test_the_national_manager_decides_a_change_of_region(client, setting):
    client.force_login(setting["national"])
    cross = setting["cross"]
    client.post(f"/territoires/choix/{cross.pk}/decider/", {"decision": "granted"})
    cross.refresh_from_db()
    assert cross.decision == "granted" and cross.decided_by == setting["national"]
    assert AuditEntry.objects.filter(action="territories.place.decide").count() == 1
