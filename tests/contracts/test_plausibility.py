"""Plausible facts only (issue 12 §4): what a tester slipped in through the API, the import
and the services is refused in French, with the field, and nothing is stored."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from cesp.contracts import plausibility, services
from cesp.contracts.models import Contract, ContractEvent
from cesp.core.audit.models import AuditEntry
from cesp.core.audit.services import record
from tests.factories import ContractFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)
BODY = {
    "reference": "CESP-MTP-0200",
    "profession": "medecine",
    "category": "second_cycle",
    "campaign_year": 2021,
    "signature_date": "2022-06-20",
    "ufr": "ufr-montpellier",
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 2, 10), tick=False):
        yield


def _post(world, body: dict):
    client = Client()
    client.force_login(world.users["national"])
    return client.post("/api/contracts/", body, content_type="application/json")


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"signature_date": "9999-01-01", "campaign_year": 2100}, "signature_date",
         "plus d'un an après"),
        ({"signature_date": "2010-06-20", "campaign_year": 2010}, "signature_date",
         "n'existe que depuis le 02/07/2010"),
        ({"followup_region": "zz"}, "followup_region", "Région inconnue « zz »"),
    ],
)  # fmt: skip
def test_the_api_refuses_implausible_contracts(world, change, field, words):
    before = Contract.objects.count()
    response = _post(world, {**BODY, **change})
    assert response.status_code == 422, response.content
    messages = [i["msg"] for i in response.json()["detail"] if i["loc"][-1] == field]
    assert messages and words in " ".join(messages)
    assert Contract.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_a_plausible_contract_still_passes(world):
    assert _post(world, {**BODY, "followup_region": "53"}).status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"birth_date": dt.date(2023, 1, 1)}, "birth_date"),  # born after signing
        ({"birth_date": dt.date(2090, 5, 5)}, "birth_date"),
        ({"birth_date": dt.date(1900, 5, 5)}, "birth_date"),
        ({"birth_date": dt.date(2010, 5, 5)}, "birth_date"),  # 12 at signature
        ({"planned_region": "99"}, "planned_region"),
    ],
)
def test_the_model_refuses_implausible_cohort_facts(change, field):
    contract = ContractFactory.build(signature_date=dt.date(2022, 6, 20), **change)
    with pytest.raises(ValidationError) as refused:
        contract.full_clean(exclude=["ufr", "signatory", "pseudonym"])
    assert list(refused.value.message_dict) == [field]


def test_the_model_accepts_a_plausible_signatory():
    contract = ContractFactory.build(
        signature_date=dt.date(2022, 6, 20), birth_date=dt.date(1999, 3, 14), planned_region="53"
    )
    contract.full_clean(exclude=["ufr", "signatory", "pseudonym"])


def test_a_one_megabyte_reason_is_refused_and_never_reaches_the_audit_log(world):
    response = _post(world, {**BODY, "reason": "x" * 1_000_000})
    assert response.status_code == 422
    assert not Contract.objects.filter(reference=BODY["reference"]).exists()
    assert not AuditEntry.objects.exists()
    with pytest.raises(ValidationError):
        record(None, "test", OrganisationFactory(), reason="y" * 2001)
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"type": "des", "date": dt.date(2009, 1, 1)}, "date"),
        ({"type": "des", "date": dt.date(2090, 1, 1)}, "date"),
        ({"type": "des", "date": dt.date(2027, 1, 1), "reason": "r" * 2001}, "reason"),
    ],
)
def test_events_outside_the_scheme_history_or_with_a_huge_reason_are_refused(data, field):
    contract = ContractFactory()
    with pytest.raises(ValidationError) as refused:
        services.record_event(UserFactory(national=True), contract, data)
    assert field in refused.value.message_dict
    assert not ContractEvent.objects.filter(contract=contract).exists()


def test_the_import_refuses_the_same_facts_in_its_dry_run():
    OrganisationFactory(ufr=True, code="ufr-montpellier", region_code="76")
    header = "profile_id,profession,signature_date,campaign_year,followup_region,birth_date,ufr"
    rows = [
        "R1,medecine,9999-01-01,2021,76,,ufr-montpellier",
        "R2,medecine,2022-06-20,2021,zz,,ufr-montpellier",
        "R3,medecine,2022-06-20,2021,76,2090-01-01,ufr-montpellier",
    ]
    data = ("\n".join([header, *rows]) + "\n").encode()
    report = services.import_contracts(None, data, commit=True)
    columns = {(issue.line, issue.column) for issue in report.errors}
    assert {(2, "signature_date"), (3, "followup_region"), (4, "birth_date")} <= columns
    assert not Contract.objects.filter(reference__in=["R1", "R2", "R3"]).exists()


def test_bounds_follow_the_scheme_start_parameter():
    start = plausibility.scheme_start()
    assert plausibility.signature_problems(start, TODAY) == {}
    assert "signature_date" in plausibility.signature_problems(start - dt.timedelta(days=1), TODAY)
