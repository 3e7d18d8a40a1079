"""Fixtures of the web tests: facts an agent must act on."""

from __future__ import annotations

import datetime as dt

import pytest

from cesp.territories.models import PlaceChoice, PracticePlace, ProjectDeclaration
from tests.factories import ContractFactory
from tests.territories.conftest import occitanie_zoning_change

#: The day a new Occitanie zoning comes into force in these fixtures.
CHANGE = dt.date(2025, 5, 16)


@pytest.fixture
def zoning_change(world):
    """The own contract's project commune (09001) leaves the CESP zones on 16 May 2025."""
    occitanie_zoning_change(CHANGE)
    ProjectDeclaration.objects.create(
        contract=world.own, commune_code="09001", declared_on=dt.date(2021, 9, 1)
    )
    return world


@pytest.fixture
def competing_choices(world):
    """Two signatories followed in Occitanie choose the same liberal place."""
    place = PracticePlace.objects.create(
        commune_code="09122",
        region="76",
        name="MSP de Foix",
        structure="msp",
        mode="liberal",
        published_on=dt.date(2025, 1, 6),
    )
    second = ContractFactory(reference="CESP-MTP-0002", ufr=world.orgs["ufr_mtp"])
    for contract in (world.own, second):
        PlaceChoice.objects.create(contract=contract, place=place, chosen_on=dt.date(2025, 5, 2))
    return world
