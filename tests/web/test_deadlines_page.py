"""Regulatory deadlines (cesp.rules.deadlines) on the contract page and the home pages."""

from __future__ import annotations

import datetime as dt
import re

import time_machine

from tests.factories import ContractEventFactory

TODAY = dt.datetime(2025, 11, 20, 10, 0, tzinfo=dt.UTC)


def _intern_since_18_days(world):
    """Second-cycle signatory (campaign 2021) who became an intern on 2025-11-02."""
    ContractEventFactory(contract=world.own, type="internship_start", date=dt.date(2025, 11, 2))


def test_contract_page_shows_the_third_cycle_window_for_a_recent_intern(client, world):
    """R17 / arrêté du 27 juillet 2010, art. 3, 2° c: request within 30 days of the first
    day as an intern, day 30 included → 2 December 2025, for the signatory to act."""
    _intern_since_18_days(world)
    with time_machine.travel(TODAY, tick=False):
        client.force_login(world.users["student"])
        html = client.get(f"/contrats/{world.own.pk}/").content.decode()
    assert "Prochaines échéances" in html
    row = re.search(r'<tr data-deadline="third_cycle_request">(.*?)</tr>', html, re.S)
    assert row, "échéance de la demande de suspension du troisième cycle absente"
    cells = row.group(1)
    assert "<td>02/12/2025</td>" in cells
    assert "suspension du contrat pendant tout le troisième" in cells
    assert "le signataire" in cells
    assert "pourquoi ?" in cells and "art. 3, 2° c" in cells  # the explanation cites the text
    assert 'data-figure="next_deadline">02/12/2025<' in html  # the nearest one


def test_window_is_gone_after_day_30(client, world):
    _intern_since_18_days(world)
    with time_machine.travel(dt.datetime(2025, 12, 3, 10, 0, tzinfo=dt.UTC), tick=False):
        client.force_login(world.users["student"])
        html = client.get(f"/contrats/{world.own.pk}/").content.decode()
    assert 'data-deadline="third_cycle_request"' not in html
    assert 'data-deadline="ars_followup"' in html  # the yearly ARS follow-up (R27) remains


def test_student_home_shows_the_nearest_deadline_and_who_acts(client, world):
    _intern_since_18_days(world)
    with time_machine.travel(TODAY, tick=False):
        client.force_login(world.users["student"])
        html = client.get("/").content.decode()
    item = re.search(rf'<li id="next-deadline-{world.own.pk}">(.*?)</li>', html, re.S)
    assert item and "2 décembre 2025" in item.group(1)
    assert "à faire par le signataire" in item.group(1)


def test_agents_attention_list_shows_only_deadlines_where_they_act(client, world):
    """The third-cycle request is the signatory's to make: the ARS home does not copy it
    (issue 12 §2); the agents' homes list the deadlines where the agent acts."""
    _intern_since_18_days(world)
    with time_machine.travel(TODAY, tick=False):
        client.force_login(world.users["ars_referent"])
        html = client.get("/").content.decode()
    section = re.search(r'id="deadlines-soon">(.*?)</section>', html, re.S).group(1)
    assert 'data-deadline="third_cycle_request"' not in section
    assert world.own.reference not in section
