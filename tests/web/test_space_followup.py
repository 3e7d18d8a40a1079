"""« Mon espace »: my referent, my next yearly exchange, our exchanges and my
conversations (``cesp.followup.summary``); the zoning notices are « new » until seen."""

from __future__ import annotations

import datetime as dt
import re

import time_machine

from cesp.core.notifications.services import notify
from cesp.followup import services
from cesp.followup.enums import Channel, MeetingMode, ReferentLevel
from cesp.territories.notifications import ZONING_CHANGE

TODAY = dt.datetime(2025, 5, 26, 10, tzinfo=dt.UTC)


def _section(html: str, key: str) -> str:
    found = re.search(rf'<section class="cesp-space-section" id="{key}"(.*?)</section>', html, re.S)
    assert found, key
    return found.group(1)


def _page(client, user, path="/mon-espace/") -> str:
    client.force_login(user)
    with time_machine.travel(TODAY, tick=False):
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_my_referent_exchanges_and_conversations(client, world):
    referent = world.users["ars_referent"]
    referent.first_name, referent.last_name = "Rémi", "Référent"
    referent.save()
    with time_machine.travel(TODAY, tick=False):
        services.make_referent(referent, level=ReferentLevel.DEPARTMENT, department_code="34")
        services.assign_referent(world.own, referent, by=world.users["ars_director"])
        meeting = services.record_meeting(
            world.own,
            by=referent,
            held_on=dt.date(2025, 4, 2),
            mode=MeetingMode.PHONE,
            project_update="Projet à Foix confirmé",
        )
        thread = services.start_thread(
            world.own,
            by=world.users["student"],
            channel=Channel.ARS,
            subject="Question sur mon stage",
            body="Bonjour",
        )
        services.start_thread(
            world.other,
            by=world.users["other_student"],
            channel=Channel.ARS,
            subject="Pas la mienne",
            body="Bonjour",
        )
    html = _page(client, world.users["student"])
    section = _section(html, "referent")
    assert "Rémi Référent" in section
    assert f'data-meeting="{meeting.pk}"' in section and "Projet à Foix confirmé" in section
    assert "Prochain échange annuel" in section
    assert f'href="/suivi/contrat/{world.own.pk}/"' in section
    messages = _section(html, "messages")
    assert f'href="/suivi/conversation/{thread.pk}/"' in messages
    assert "Pas la mienne" not in messages
    client.force_login(world.users["student"])
    with time_machine.travel(TODAY, tick=False):
        for link in (f"/suivi/contrat/{world.own.pk}/", f"/suivi/conversation/{thread.pk}/"):
            assert client.get(link).status_code == 200, link


def test_without_referent_the_space_says_who_will_name_one(client, world):
    section = _section(_page(client, world.users["student"]), "referent")
    assert "Aucun référent ne vous est encore nommé" in section


def test_a_zoning_notice_is_new_until_the_space_or_the_followup_page_is_opened(client, world):
    with time_machine.travel(dt.datetime(2025, 5, 20, 8, tzinfo=dt.UTC), tick=False):
        notify(
            ZONING_CHANGE,
            world.users["student"],
            {"reference": world.own.reference, "body": "…", "contract_id": world.own.pk},
            idempotency_key="zoning:9:contract:x",
        )
    new = "fr-badge--new"
    home = _page(client, world.users["student"], "/")
    assert "Le zonage de votre projet a changé" in home and new in home
    assert new in _section(_page(client, world.users["student"]), "projet")
    home = _page(client, world.users["student"], "/")  # the space was opened: seen
    assert "Le zonage de votre projet a changé" in home and new not in home
