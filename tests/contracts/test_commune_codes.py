"""Only a commune code of the reference geography is stored, whatever the way in:
event form, service, API, contract import."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from cesp.contracts import services
from cesp.contracts.models import ContractEvent
from cesp.contracts.services import import_contracts
from tests.contracts.test_importer import GOOD, csv_bytes
from tests.factories import OrganisationFactory

POSTAL = "« 09000 » est un code postal, pas un code commune (INSEE) : il dessert Foix (09122)"


def test_the_service_refuses_a_postal_code_naming_the_communes(world):
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            world.users["national"],
            world.own,
            {"type": "installation_decision", "date": "2029-01-01", "commune_code": "09000"},
        )
    (message,) = caught.value.message_dict["commune_code"]
    assert message.startswith(POSTAL)
    assert not ContractEvent.objects.exists()


@pytest.mark.parametrize(
    ("code", "start"),
    [
        (
            "01340",
            "« 01340 » est un ancien code : la commune actuelle est Arboys en Bugey (01015).",
        ),
        ("99999", "« 99999 » n'est pas une commune du COG 2026"),
        ("foix", "« foix » est un nom : indiquez le code commune, Foix (09122)."),
    ],
)
def test_the_model_refuses_former_codes_unknown_codes_and_names(world, code, start):
    event = ContractEvent(
        contract=world.own, type="change_of_place", date="2030-01-01", commune_code=code
    )
    with pytest.raises(ValidationError) as caught:
        event.full_clean(exclude=["contract", "author", "supersedes"])
    assert caught.value.message_dict["commune_code"][0].startswith(start)


def test_the_api_answers_422_naming_the_communes(world):
    client = Client()
    client.force_login(world.users["national"])
    response = client.post(
        f"/api/contracts/{world.own.pk}/events",
        {"type": "change_of_place", "date": "2030-01-01", "commune_code": "09000"},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "payload", "commune_code"]
    assert error["msg"].startswith(POSTAL)
    assert not ContractEvent.objects.exists()


def test_the_event_form_resolves_a_name_and_refuses_a_shared_postal_code(client, world):
    client.force_login(world.users["ars_referent"])
    url = f"/contrats/{world.own.pk}/evenement/installation_decision/"
    data = {"date": "2029-01-01", "reason": "Décision reçue", "legal_basis": "L. 632-6"}
    html = client.post(url, {**data, "commune_code": "09000"}).content.decode()
    assert "Le code postal 09000 dessert 23 communes : Foix (09122)" in html
    assert not ContractEvent.objects.exists()
    response = client.post(url, {**data, "commune_code": "Foix (09122)"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ContractEvent.objects.get().commune_code == "09122"


def test_the_contract_import_refuses_a_postal_code_at_its_line_and_column(db):
    OrganisationFactory(ufr=True, code="ufr-montpellier", region_code="76")
    report = import_contracts(None, csv_bytes(GOOD[0].replace(",34172,", ",09000,")))
    assert not report.ok
    (issue,) = [i for i in report.errors if i.column == "installation_commune"]
    assert issue.line == 2 and issue.message.startswith(POSTAL)
