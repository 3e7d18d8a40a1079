"""A zoning change shows on the signatory's home, with the attestation offered (issue 11
item 7), from the notice territories sends when a new zoning is imported."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cesp.territories.impact import notify_impacts
from cesp.territories.models import ZoningVersion
from tests.web.test_links import internal_links

TODAY = dt.datetime(2025, 5, 26, 10, tzinfo=dt.UTC)


def _home(client, user) -> str:
    client.force_login(user)
    with time_machine.travel(TODAY, tick=False):
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def notified(zoning_change):
    """The 2025 zoning's impacts notified on the day it comes into force (09001 leaves)."""
    with time_machine.travel(dt.datetime(2025, 5, 16, 8, tzinfo=dt.UTC), tick=False):
        notify_impacts(ZoningVersion.objects.get(valid_from=dt.date(2025, 5, 16)))
    return zoning_change


def test_the_signatory_home_shows_the_zoning_change_and_offers_the_attestation(client, notified):
    world = notified
    html = _home(client, world.users["student"])
    assert "Le zonage de votre projet a changé" in html
    assert f'data-zoning-notice="{world.own.pk}"' in html
    links = internal_links(html)
    assert f"/territoires/attestation/{world.own.pk}/" in links
    assert f"/mon-espace/{world.own.pk}/" in links and "/mon-espace/" in links


def test_another_signatory_home_shows_nothing_of_it(client, notified):
    html = _home(client, notified.users["other_student"])
    assert "Le zonage de votre projet a changé" not in html


def test_without_a_zoning_change_the_home_offers_my_space_only(client, world):
    html = _home(client, world.users["student"])
    assert "Le zonage de votre projet a changé" not in html
    assert 'href="/mon-espace/"' in html
