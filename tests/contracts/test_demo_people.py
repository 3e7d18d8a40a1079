"""The demo's people and facts: every contract names its signatory, several signatory
accounts, every demo fact recorded through the services with its audit entry, and the
demo student's zoning attestation attests a classed commune (issue 12 §2)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from cesp.contracts.demo import SEED, STUDENT_REFERENCE, load_demo, signatory_identity
from cesp.contracts.demo_data import DEMO_ACCOUNTS, FIRST_NAMES, LAST_NAMES
from cesp.contracts.models import Contract, ContractEvent
from cesp.core.audit.models import AuditEntry
from cesp.territories.attestation import attestation_for
from cesp.territories.enums import PlaceDecision, PracticeMode
from cesp.territories.models import PracticePlace
from cesp.territories.places import choose_place, competing_choices, decide_choice

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 10, tzinfo=dt.UTC)


@pytest.fixture
def demo():
    with time_machine.travel(NOW, tick=False):
        load_demo(total=200, today=TODAY)
        yield {u.username: u for u in get_user_model().objects.all()}


def test_every_demo_contract_names_its_signatory_deterministically(demo):
    contracts = list(Contract.objects.all())
    assert len(contracts) == 200
    for contract in contracts:
        assert contract.signatory_last_name in LAST_NAMES or contract.reference == STUDENT_REFERENCE
        assert contract.signatory_first_name in FIRST_NAMES
        if contract.reference != STUDENT_REFERENCE:
            assert signatory_identity(SEED, contract.reference) == {
                "signatory_last_name": contract.signatory_last_name,
                "signatory_first_name": contract.signatory_first_name,
            }
        assert contract.signatory_name not in ("", "—")
    names = {(c.signatory_last_name, c.signatory_first_name) for c in contracts}
    assert len(names) > 150  # plausible variety, not one name repeated


def test_every_demo_fact_went_through_the_services_with_its_audit_entry(demo):
    events = dict(ContractEvent.objects.values_list("pk", "contract_id"))
    assert len(events) > 200
    audited = dict(
        AuditEntry.objects.filter(action="contract_event.create").values_list(
            "object_id", "contract_id"
        )
    )
    assert {int(k): v for k, v in audited.items()} == events
    created = set(
        AuditEntry.objects.filter(action="contract.create").values_list("contract_id", flat=True)
    )
    assert created == set(Contract.objects.values_list("pk", flat=True))
    # ids only in the audit log, never the names
    entry = AuditEntry.objects.filter(action="contract.create").first()
    assert "signatory_last_name" not in entry.after


def test_several_signatory_accounts_bear_their_contract_names(demo):
    students = [name for name, (role, _) in DEMO_ACCOUNTS.items() if role == "student"]
    assert len(students) >= 3
    for name in students:
        user = demo[name]
        assert user.check_password("demo")
        (contract,) = Contract.objects.visible_to(user)
        assert contract.followup_region == "76"
        assert (user.last_name, user.first_name) == (
            contract.signatory_last_name,
            contract.signatory_first_name,
        )


def test_two_demo_signatories_choose_one_place_and_the_director_arbitrates(demo):
    call_command("load_territories", stdout=None)
    place = PracticePlace.objects.filter(region="76", mode=PracticeMode.LIBERAL).first()
    assert place is not None
    mine = {}
    for name in ("etudiant-2", "etudiant-3"):
        contract = Contract.objects.visible_to(demo[name]).get()
        mine[name] = choose_place(demo[name], contract, place, TODAY)
    assert {c.pk for c in competing_choices(place)} == {c.pk for c in mine.values()}
    director = Client()
    director.force_login(demo["ars-occitanie-directeur"])
    page = director.get("/territoires/lieux/", {"region": "76"}).content.decode()
    for choice in mine.values():  # the director arbitrates between named people
        assert f"{choice.contract.reference} ({choice.contract.signatory_name})" in page
    decided = decide_choice(
        demo["ars-occitanie-directeur"], mine["etudiant-2"], PlaceDecision.GRANTED, TODAY
    )
    assert decided.decision == PlaceDecision.GRANTED


def test_the_demo_students_attestation_lists_a_zoned_commune(demo):
    with time_machine.travel(NOW, tick=False):
        call_command("load_territories", stdout=None)
        call_command("load_demo_projects", stdout=None)
        contract = Contract.objects.get(reference=STUDENT_REFERENCE)
        attestation = attestation_for(contract, TODAY)
    assert attestation.version is not None
    assert attestation.signatory == "Léa Fabre"
    zoned = [c for c in attestation.communes if c.zone]
    assert zoned and zoned[0].commune_code == "12202"
    assert any("Rodez" in line for line in attestation.lines())
