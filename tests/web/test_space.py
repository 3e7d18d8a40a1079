"""« Mon espace » (issue 11 item 6): each section renders from what exists, only the
signatory's own contract, and anyone else gets 404."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from cesp.core.notifications.services import notify
from cesp.territories.notifications import ZONING_CHANGE
from cesp.web.navigation import menu_for
from cesp.web.space_zoning import add_months
from tests.factories import ContractEventFactory, ContractFactory
from tests.payments.line_factories import paid_line

TODAY = dt.datetime(2025, 5, 26, 10, tzinfo=dt.UTC)


def _space(client, user, path: str = "/mon-espace/"):
    client.force_login(user)
    with time_machine.travel(TODAY, tick=False):
        return client.get(path)


def _section(html: str, key: str) -> str:
    found = re.search(rf'<section class="cesp-space-section" id="{key}"(.*?)</section>', html, re.S)
    assert found, key
    return found.group(1)


def test_every_section_is_on_the_page_in_order(client, world):
    response = _space(client, world.users["student"])
    assert response.status_code == 200
    html = response.content.decode()
    keys = re.findall(r'<section class="cesp-space-section" id="([a-z]+)"', html)
    assert keys == [
        "contrat",
        "calendrier",
        "referent",
        "projet",
        "documents",
        "messages",
        "demandes",
        "versements",
    ]
    assert world.own.reference in html


def test_the_contract_section_shows_the_figures_with_their_why(client, world):
    html = _space(client, world.users["student"]).content.decode()
    section = _section(html, "contrat")
    assert 'data-figure="allocation.months"' in section
    assert 'data-figure="engagement.months_remaining"' in section
    assert 'id="space-why-allocation"' in section and 'id="space-why-engagement"' in section
    assert "Pourquoi ce statut et ce régime ?" in section


def test_the_calendar_lists_events_in_force_and_deadlines(client, world):
    ContractEventFactory(contract=world.own, type="internship_start", date=dt.date(2025, 5, 12))
    section = _section(_space(client, world.users["student"]).content.decode(), "calendrier")
    assert "12 mai 2025" in section
    assert 'data-deadline="third_cycle_request"' in section
    assert "space-why-deadline-third_cycle_request" in section


def test_the_project_shows_the_zone_and_the_protection_clock(client, zoning_change):
    world = zoning_change
    section = _section(_space(client, world.users["student"]).content.decode(), "projet")
    assert 'data-commune="09001"' in section
    clock = re.search(r'data-clock="09001">(.*?)</p>', section, re.S).group(1)
    # declared 1 September 2021: 44 months on 26 May 2025, protected since 1 September 2024
    assert "Projet protégé" in clock and "1 septembre 2024" in clock and "44 mois" in clock
    assert 'id="space-why-clock-09001"' in section
    assert f'href="/territoires/attestation/{world.own.pk}/"' in section


def test_a_young_project_shows_when_protection_starts(client, zoning_change):
    world = zoning_change
    world.own.project_declarations.create(commune_code="09122", declared_on=dt.date(2024, 2, 29))
    section = _section(_space(client, world.users["student"]).content.decode(), "projet")
    clock = re.search(r'data-clock="09122">(.*?)</p>', section, re.S).group(1)
    assert "Pas encore protégé" in clock
    # 29 February 2024 → 26 May 2025: 14 whole months; 36 reached on 28 February 2027
    assert "14 mois sur 36" in clock and "28 février 2027" in clock and "(22 mois)" in clock


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(dt.date(2024, 2, 29), 36) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2021, 9, 1), 36) == dt.date(2024, 9, 1)
    assert add_months(dt.date(2023, 11, 30), 3) == dt.date(2024, 2, 29)


def test_a_zoning_change_notice_offers_the_attestation(client, world):
    notify(
        ZONING_CHANGE,
        world.users["student"],
        {"reference": world.own.reference, "body": "…", "contract_id": world.own.pk},
        idempotency_key="zoning:1:contract:x",
    )
    with time_machine.travel(TODAY, tick=False):
        section = _section(_space(client, world.users["student"]).content.decode(), "projet")
    assert "Le zonage de votre projet a changé" in section
    assert f'href="/territoires/attestation/{world.own.pk}/"' in section


def test_documents_are_those_about_my_contract_that_i_may_read(client, world):
    from cesp.territories.attestation import archive_attestation

    pytest.importorskip("weasyprint")
    mine = archive_attestation(world.own, world.users["national"], dt.date(2025, 5, 1))
    theirs = archive_attestation(world.other, world.users["national"], dt.date(2025, 5, 1))
    section = _section(_space(client, world.users["student"]).content.decode(), "documents")
    assert f'href="/documents/{mine.pk}/"' in section
    assert f'href="/documents/{theirs.pk}/"' not in section


def test_payments_are_the_months_of_my_allocation(client, world):
    """The months as « Mes allocations » reads them (payments' history): a month paid
    with its amount, a month due and not yet paid with why; nothing of another contract."""
    mine = paid_line(world.own, "2025-03", dt.date(2025, 3, 28))
    paid_line(world.other, "2025-04", dt.date(2025, 4, 28))
    section = _section(_space(client, world.users["student"]).content.decode(), "versements")
    net = f"{mine.net - mine.pas:.2f}".replace(".", ",")[-6:]
    assert 'data-month="2025-03"' in section and net in section
    assert "Rappel à venir" in section  # due, not paid yet: said why
    assert f'href="/paiements/contrat/{world.own.pk}/"' in section
    assert section.count("<li data-month=") <= 6


def test_sections_not_yet_in_service_say_so_in_french(client, world):
    html = _space(client, world.users["student"]).content.decode()
    for key in ("referent", "demandes"):
        section = _section(html, key)
        if 'data-not-yet="' in section:
            assert "Pas encore disponible." in section


def test_a_signatory_sees_only_their_own_contract(client, world):
    student = world.users["student"]
    assert _space(client, student, f"/mon-espace/{world.other.pk}/").status_code == 404
    html = _space(client, student).content.decode()
    assert world.other.reference not in html


def test_a_signatory_with_two_contracts_can_open_each(client, world):
    second = ContractFactory(
        reference="CESP-MTP-0009",
        signatory=world.users["student"],
        ufr=world.orgs["ufr_mtp"],
        signature_date=dt.date(2023, 9, 1),
        campaign_year=2023,
    )
    html = _space(client, world.users["student"]).content.decode()
    assert "Contrat CESP-MTP-0009" in html  # the newest first
    assert f'href="/mon-espace/{world.own.pk}/"' in html
    page = _space(client, world.users["student"], f"/mon-espace/{world.own.pk}/")
    assert page.status_code == 200 and "Contrat CESP-MTP-0001" in page.content.decode()
    assert second.reference in page.content.decode()  # the switcher


@pytest.mark.parametrize(
    "who", ["ufr_agent", "commission", "ars_referent", "national", "researcher", "admin"]
)
def test_anyone_else_gets_404(client, world, who):
    user = world.users[who]
    assert _space(client, user).status_code == 404
    assert _space(client, user, f"/mon-espace/{world.own.pk}/").status_code == 404
    assert "space" not in {item.key for item in menu_for(user)}


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get("/mon-espace/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_menu_offers_my_space_to_a_signatory(world):
    items = {item.key: item for item in menu_for(world.users["student"])}
    assert items["space"].label == "Mon espace" and items["space"].path == "/mon-espace/"


def test_a_signatory_without_contract_is_told_so(client, db):
    from tests.factories import UserFactory

    response = _space(client, UserFactory(student=True, username="sans-contrat"))
    assert response.status_code == 200
    assert "Aucun contrat n'est rattaché à votre compte" in response.content.decode()
