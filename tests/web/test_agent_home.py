"""Agents' homes show what the agent must act on (issue 12 §2): place choices awaiting a
decision, signatories touched by a zoning change, the deadlines where the agent acts —
not copies of the signatories' own deadlines."""

from __future__ import annotations

import datetime as dt
import re

import time_machine

from tests.factories import ContractEventFactory

TODAY = dt.datetime(2025, 5, 26, 10, tzinfo=dt.UTC)


def _section(html: str, section_id: str) -> str | None:
    found = re.search(rf'id="{section_id}">(.*?)</section>', html, re.S)
    return found.group(1) if found else None


def _home(client, user) -> str:
    client.force_login(user)
    with time_machine.travel(TODAY, tick=False):
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_ars_of_the_region_sees_the_signatories_touched_by_a_zoning_change(
    client, zoning_change
):
    world = zoning_change
    section = _section(_home(client, world.users["ars_referent"]), "zoning-impacts")
    assert section is not None and world.own.reference in section
    assert "Arrêté ARS Occitanie 2025" in section and "protégé" in section
    assert f'href="/contrats/{world.own.pk}/"' in section
    other = _section(_home(client, world.users["ars_other"]), "zoning-impacts")
    assert other is not None and world.own.reference not in other
    assert _section(_home(client, world.users["ufr_agent"]), "zoning-impacts") is None


def test_the_director_sees_the_place_choices_to_decide(client, competing_choices):
    world = competing_choices
    section = _section(_home(client, world.users["ars_director"]), "pending-choices")
    assert world.own.reference in section and "CESP-MTP-0002" in section
    assert "plusieurs signataires" in section and "MSP de Foix" in section
    assert 'href="/territoires/lieux/?region=76">décider<' in section
    referent = _section(_home(client, world.users["ars_referent"]), "pending-choices")
    assert world.own.reference in referent and "décider" not in referent
    other = _section(_home(client, world.users["ars_other"]), "pending-choices")
    assert world.own.reference not in other


def test_an_ars_home_does_not_copy_the_signatories_deadlines(client, world):
    """A recent intern's third-cycle request is the signatory's deadline: on their home
    and the contract page, not on the ARS home."""
    ContractEventFactory(contract=world.own, type="internship_start", date=dt.date(2025, 5, 12))
    html = _home(client, world.users["ars_referent"])
    assert 'data-deadline="third_cycle_request"' not in html
    student = _home(client, world.users["student"])
    assert "à faire par le signataire" in student


def test_the_national_home_lists_the_deadlines_of_the_national_manager(client, world):
    """An expected thesis ends the allowance: the national manager stops the payments."""
    ContractEventFactory(contract=world.own, type="thesis", date=dt.date(2025, 7, 10))
    section = _section(_home(client, world.users["national"]), "deadlines-soon")
    assert 'data-deadline="allocation_end"' in section and world.own.reference in section
    assert "gestionnaire national" in section
    assert _section(_home(client, world.users["ufr_agent"]), "deadlines-soon") is None
