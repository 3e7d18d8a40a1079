"""Shared fixtures and guardrails.

Tests marked ``postgres`` need PostgreSQL semantics (row locks, concurrent writers)
and are skipped on SQLite. Freeze time with ``time_machine`` where time matters.
"""

from __future__ import annotations

import pytest
from django.db import connection

from tests import factories


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(pytest.mark.django_db(transaction=True))


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
