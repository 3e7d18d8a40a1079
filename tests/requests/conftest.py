from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cesp.territories import services as territories
from tests.territories.conftest import zoning_csv

from . import factories


@pytest.fixture(autouse=True)
def _frozen_today():
    """Deadlines depend on the day: these tests live on 2 December 2026."""
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def orgs(db):
    return factories.organisations()


@pytest.fixture
def body(orgs):
    return factories.bodies(orgs)


@pytest.fixture
def zoning(db):
    """A doctors' zoning of Occitanie in force (tests.territories: ZIP in Ariège, ZAR in
    Haute-Garonne, ZAC elsewhere)."""
    result = territories.import_zoning(
        zoning_csv(),
        "zonage-2022.csv",
        region="76",
        profession="medecine",
        valid_from=dt.date(2022, 5, 4),
        act="Arrêté ARS Occitanie du 4 mai 2022",
    )
    assert result.ok
    return result.versions[0]
