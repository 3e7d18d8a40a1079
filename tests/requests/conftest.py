from __future__ import annotations

import datetime as dt

import pytest
import time_machine

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
