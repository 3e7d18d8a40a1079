"""Shared fixtures and guardrails.

Tests marked ``postgres`` need PostgreSQL semantics (row locks, concurrent writers)
and are skipped on SQLite. Freeze time with ``time_machine`` where time matters.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection
from hypothesis import HealthCheck, settings

from cesp.accounts.models import Organisation, User
from cesp.contracts.models import Contract
from tests import factories
from tests.factories import ContractFactory, OrganisationFactory, UserFactory

# Hypothesis' timing checks (deadline, "input generation is slow") measure the machine's load,
# not the code: they are timed tests, which this suite does not use. Everything else stays.
settings.register_profile("cesp", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("cesp")


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(autouse=True)
def _audit_anchors_in_a_temporary_file(settings, tmp_path) -> None:
    """Each test anchors the audit chain in its own file, never the developer's."""
    settings.CESP_AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"


@pytest.fixture(autouse=True)
def _skip_postgres_only(request) -> None:
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("nécessite PostgreSQL (DATABASE_URL=postgres://…)")


@pytest.fixture
def ufr_montpellier(db):
    return factories.OrganisationFactory(ufr=True, code="ufr-montpellier", region_code="76")


@pytest.fixture
def ars_occitanie(db):
    return factories.OrganisationFactory(ars=True, code="ars-occitanie", region_code="76")


@pytest.fixture
def ars_bretagne(db):
    return factories.OrganisationFactory(ars=True, code="ars-bretagne", region_code="53")


@pytest.fixture
def national_user(db):
    return factories.UserFactory(national=True)


# A small world shared by the contracts and web tests: two UFR in two regions, their ARS,
# one contract in each scope, one user per role.
@dataclass
class World:
    users: dict[str, User]
    orgs: dict[str, Organisation]
    own: Contract  # the student's, UFR Montpellier, followed in Occitanie (76)
    other: Contract  # UFR Rennes, followed in Bretagne (53)


@pytest.fixture
def world(db) -> World:
    orgs = {
        "ufr_mtp": OrganisationFactory(
            ufr=True, code="ufr-montpellier", name="UFR Montpellier", region_code="76"
        ),
        "ufr_rns": OrganisationFactory(
            ufr=True, code="ufr-rennes", name="UFR Rennes", region_code="53"
        ),
        "ars_occ": OrganisationFactory(ars=True, code="ars-occitanie", region_code="76"),
        "ars_bzh": OrganisationFactory(ars=True, code="ars-bretagne", region_code="53"),
        "national": OrganisationFactory(national=True, code="asp"),
        "research": OrganisationFactory(research=True, code="recherche"),
    }
    users = {
        "student": UserFactory(student=True, username="etudiant", first_name="Camille"),
        "other_student": UserFactory(student=True, username="autre", last_name="Le Gall"),
        "ufr_agent": UserFactory(ufr_agent=True, organisation=orgs["ufr_mtp"]),
        "commission": UserFactory(commission=True, organisation=orgs["ufr_mtp"]),
        "ars_referent": UserFactory(ars_referent=True, organisation=orgs["ars_occ"]),
        "ars_director": UserFactory(ars_director=True, organisation=orgs["ars_occ"]),
        "ars_other": UserFactory(ars_referent=True, organisation=orgs["ars_bzh"]),
        "national": UserFactory(national=True, organisation=orgs["national"]),
        "researcher": UserFactory(researcher=True, organisation=orgs["research"]),
        "admin": UserFactory(admin=True, username="admin"),
    }
    own = ContractFactory(
        reference="CESP-MTP-0001", signatory=users["student"], ufr=orgs["ufr_mtp"]
    )
    other = ContractFactory(
        reference="CESP-RNS-0001", signatory=users["other_student"], ufr=orgs["ufr_rns"]
    )
    return World(users, orgs, own, other)
