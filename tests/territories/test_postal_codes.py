"""A postal code is never taken for a commune: the territories API and services say which
communes it serves; the place and project services store only commune codes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cesp.territories import places
from cesp.territories.models import PracticePlace, ProjectDeclaration
from tests.factories import ContractFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
POSTAL = "« 09000 » est un code postal, pas un code commune (INSEE) : il dessert Foix (09122)"


def test_lookup_of_a_postal_code_names_the_communes(client, occitanie_zoning):
    client.force_login(UserFactory(student=True, username="cp-etu"))
    response = client.get("/api/territories/lookup", {"commune": "09000", "date": "2025-01-15"})
    assert response.status_code == 404
    assert response.json()["explanation"][0].startswith(POSTAL)
    detail = client.get("/api/territories/communes/09000")
    assert detail.status_code == 404 and detail.json()["detail"].startswith(POSTAL)


def test_publishing_a_place_or_declaring_a_project_refuses_a_postal_code(occitanie_zoning):
    ars = OrganisationFactory(ars=True, code="ars-occ-cp", region_code="76")
    referent = UserFactory(ars_referent=True, organisation=ars, username="cp-ars")
    with pytest.raises(ValidationError) as caught:
        places.publish_place(
            referent,
            commune_code="09000",
            name="Maison de santé",
            structure="msp",
            mode="liberal",
            specialty="médecine générale",
            profession="medecine",
            published_on=dt.date(2025, 1, 15),
        )
    assert caught.value.message_dict["commune_code"][0].startswith(POSTAL)
    contract = ContractFactory(followup_region="76")
    with pytest.raises(ValidationError) as caught:
        places.declare_project(referent, contract, "09000", dt.date(2025, 1, 15))
    assert caught.value.message_dict["commune_code"][0].startswith(POSTAL)
    assert not PracticePlace.objects.exists() and not ProjectDeclaration.objects.exists()
