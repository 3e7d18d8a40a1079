"""What the second-factor tests share: one frozen instant (codes change every 30 s and
sessions expire), the setting that requires the second factor, a signed-in client."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client, override_settings

NOW = dt.datetime(2026, 11, 24, 9, 0, 15, tzinfo=dt.UTC)
OTP_ON = override_settings(CESP_REQUIRE_OTP_FOR_AGENTS=True)


@pytest.fixture(autouse=True)
def _frozen_clock():
    """Import it into a test module to freeze every test of that module at ``NOW``."""
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


def client_for(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password="demo")
    return client
