"""A small follow-up world: an ARS Occitanie referent, signatories followed in Occitanie."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.factories import ContractFactory, OrganisationFactory, UserFactory

TODAY = dt.date(2025, 1, 10)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 1, 10, 9, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def ufr(db):
    return OrganisationFactory(ufr=True, code="ufr-montpellier", region_code="76")


@pytest.fixture
def ars(db):
    return OrganisationFactory(ars=True, code="ars-occitanie", region_code="76")


@pytest.fixture
def referent(ars):
    return UserFactory(
        ars_referent=True,
        organisation=ars,
        username="ref",
        first_name="Rémi",
        last_name="Ref",
        email="ref@ars.test",
    )


@pytest.fixture
def colleague(ars):
    return UserFactory(ars_referent=True, organisation=ars, username="ref2", email="r2@ars.test")


@pytest.fixture
def director(ars):
    return UserFactory(ars_director=True, organisation=ars, username="dir", email="d@ars.test")


@pytest.fixture
def outsider(db):
    bzh = OrganisationFactory(ars=True, code="ars-bretagne", region_code="53")
    return UserFactory(ars_referent=True, organisation=bzh, username="bzh", email="b@ars.test")


@pytest.fixture
def national(db):
    return UserFactory(national=True, username="cng", email="cng@test.test")


@pytest.fixture
def signatory(db):
    return UserFactory(student=True, username="sig", first_name="Sam", email="sam@etu.test")


@pytest.fixture
def contract(ufr, signatory):
    return ContractFactory(
        reference="CESP-FU-0001", signatory=signatory, ufr=ufr, signature_date=dt.date(2022, 6, 20)
    )
