"""Contract list (filters, search, no N+1), contract page, history."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cesp.contracts import services
from tests.factories import ContractEventFactory, ContractFactory


def test_list_shows_only_the_scope_of_the_user(client, world):
    client.force_login(world.users["ars_referent"])
    html = client.get("/contrats/").content.decode()
    assert world.own.reference in html
    assert world.other.reference not in html


def test_search_by_reference_and_by_signatory_name(client, world):
    client.force_login(world.users["national"])
    html = client.get("/contrats/", {"q": "RNS"}).content.decode()
    assert world.other.reference in html and world.own.reference not in html
    html = client.get("/contrats/", {"q": "le gall"}).content.decode()
    assert world.other.reference in html and world.own.reference not in html


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"region": "53"}, "other"),
        ({"region": "76"}, "own"),
        ({"profession": "odontologie"}, "dental"),
        ({"campaign_year": "2015"}, "dental"),
        ({"category": "third_cycle"}, "dental"),
    ],
)
def test_filters_on_facts(client, world, filters, expected):
    dental = ContractFactory(
        reference="CESP-DENT-0001",
        odontologie=True,
        pre2020=True,
        third_cycle=True,
        ufr=world.orgs["ufr_rns"],
        followup_region="11",
    )
    refs = {"own": world.own.reference, "other": world.other.reference, "dental": dental.reference}
    client.force_login(world.users["national"])
    html = client.get("/contrats/", filters).content.decode()
    for name, reference in refs.items():
        assert (reference in html) == (name == expected), (name, filters)


def test_filter_by_ufr(client, world):
    client.force_login(world.users["national"])
    html = client.get("/contrats/", {"ufr": world.orgs["ufr_rns"].pk}).content.decode()
    assert world.other.reference in html and world.own.reference not in html


def test_invalid_filter_is_reported_in_french_not_a_crash(client, world):
    client.force_login(world.users["national"])
    response = client.get("/contrats/", {"campaign_year": "deux-mille"})
    assert response.status_code == 200
    assert "Saisissez un nombre entier." in response.content.decode()


def test_htmx_filtering_returns_only_the_results_fragment(client, world):
    client.force_login(world.users["national"])
    response = client.get("/contrats/", {"region": "53"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert world.other.reference in html and world.own.reference not in html


def _many_contracts(world, n: int) -> None:
    for i in range(n):
        contract = ContractFactory(reference=f"CESP-N1-{i:04d}", ufr=world.orgs["ufr_mtp"])
        ContractEventFactory(contract=contract)
        ContractEventFactory(contract=contract, thesis=True)


def _list_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/contrats/").status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    """No N+1: 2 rows or 27 rows (events and payments prefetched) cost the same."""
    client.force_login(world.users["national"])
    few = _list_queries(client)
    _many_contracts(world, 25)
    many = _list_queries(client)
    assert few == many
    with django_assert_max_num_queries(14):  # session, user, count, page, 3 prefetches…
        client.get("/contrats/")


def test_list_is_paginated(client, world):
    _many_contracts(world, 30)
    client.force_login(world.users["national"])
    html = client.get("/contrats/").content.decode()
    assert "Page 1 sur 2" in html
    html2 = client.get("/contrats/", {"page": 2}).content.decode()
    assert "Page 2 sur 2" in html2


def test_contract_page_shows_facts_and_timeline(client, world):
    ContractEventFactory(
        contract=world.own,
        date=dt.date(2027, 10, 15),
        reason="Attestation de réussite reçue",
        legal_basis="Code de l'éducation, art. R. 632-26",
        author=world.users["ufr_agent"],
    )
    client.force_login(world.users["student"])
    html = client.get(f"/contrats/{world.own.pk}/").content.decode()
    assert "Contrat CESP-MTP-0001" in html
    assert "Diplôme d&#x27;études spécialisées (DES)" in html
    assert "Attestation de réussite reçue" in html
    assert "Code de l&#x27;éducation, art. R. 632-26" in html
    assert f"par {world.users['ufr_agent'].username}" in html
    assert "UFR Montpellier" in html


def test_contract_page_query_count_is_bounded(client, world, django_assert_max_num_queries):
    for _ in range(15):
        ContractEventFactory(contract=world.own, author=world.users["ufr_agent"])
    client.force_login(world.users["national"])
    with django_assert_max_num_queries(14):
        assert client.get(f"/contrats/{world.own.pk}/").status_code == 200


def test_history_lists_audit_entries_of_the_contract(client, world):
    services.record_event(
        world.users["ufr_agent"],
        world.own,
        {"type": "des", "date": "2027-10-15", "reason": "Procès-verbal du jury"},
    )
    client.force_login(world.users["ars_referent"])
    html = client.get(f"/contrats/{world.own.pk}/historique/").content.decode()
    assert "Événement enregistré" in html
    assert "Date : 15 octobre 2027" in html
    assert "Type d&#x27;événement : Diplôme d&#x27;études spécialisées (DES)" in html
    assert "Procès-verbal du jury" in html
    assert world.users["ufr_agent"].username in html
    for code in ("contract_event.create", "2027-10-15", "type : des", "Détails techniques"):
        assert code not in html, code
    client.force_login(world.users["admin"])
    html = client.get(f"/contrats/{world.own.pk}/historique/").content.decode()
    assert "Détails techniques" in html and "contract_event.create" in html


def test_history_of_a_created_contract_names_region_and_campaign(client, world):
    from cesp.core.audit import services as audit

    after = {"campaign_year": 2021, "followup_region": "76", "specialty": "medecine_generale"}
    audit.record(None, "contract.create", world.own, None, after, contract_id=world.own.pk)
    client.force_login(world.users["national"])
    html = client.get(f"/contrats/{world.own.pk}/historique/").content.decode()
    assert "Campagne : 2021" in html and "Région de suivi : Occitanie" in html
    assert "Spécialité : Médecine générale" in html


def test_history_shows_workflow_transitions_and_states_in_french(client, world):
    from cesp.core.audit import services as audit
    from cesp.core.workflow.engine import Transition, Workflow

    Workflow(
        name="essai",
        state_field="state",
        states={"draft": "Brouillon", "awaiting_opinion": "En attente d'avis"},
        transitions=[Transition("ask", "Demander l'avis", ("draft",), "awaiting_opinion")],
    )
    audit.record(
        world.users["ufr_agent"],
        "essai.ask",
        world.own,
        {"state": "draft"},
        {"state": "awaiting_opinion", "mode": "in_person"},
        contract_id=world.own.pk,
    )
    audit.record(None, "inconnu.action", world.own, contract_id=world.own.pk)
    client.force_login(world.users["ars_referent"])
    html = client.get(f"/contrats/{world.own.pk}/historique/").content.decode()
    assert "Demander l&#x27;avis" in html
    assert "État : Brouillon" in html and "État : En attente d&#x27;avis" in html
    assert "Opération enregistrée" in html
    for code in ("essai.ask", "awaiting_opinion", "in_person", "inconnu.action", "state :"):
        assert code not in html, code


def test_next_deadline_is_the_nearest_regulatory_deadline_to_come(client, world):
    """Deadlines come from the rules (cesp.rules.deadlines), no longer from the nearest
    recorded date: the closed third-cycle window is gone, the allocation ends at the
    later diploma (R14), not at the DES."""
    ContractEventFactory(contract=world.own, type="internship_start", date=dt.date(2024, 11, 2))
    ContractEventFactory(contract=world.own, thesis=True, date=dt.date(2099, 12, 10))
    ContractEventFactory(contract=world.own, date=dt.date(2099, 10, 15), legal_basis="R. 632-26")
    client.force_login(world.users["national"])
    html = client.get(f"/contrats/{world.own.pk}/").content.decode()
    assert 'data-figure="next_deadline">' in html
    assert re.search(r'data-deadline="allocation_end">\s*<td>10/12/2099</td>', html)
    assert 'data-deadline="third_cycle_request"' not in html


def test_commune_of_an_event_is_shown_by_name(client, world):
    ContractEventFactory(contract=world.own, practice=True, commune_code="34172")
    client.force_login(world.users["national"])
    html = client.get(f"/contrats/{world.own.pk}/").content.decode()
    assert "Commune : Montpellier (34172)" in html


def _broken(world):
    """A contract with a voluntary breach recorded: the rules say it is broken."""
    contract = ContractFactory(reference="CESP-BRK-0001", ufr=world.orgs["ufr_mtp"])
    ContractEventFactory(
        contract=contract, type="breach", date=dt.date(2024, 3, 1), cause="voluntary"
    )
    return contract


@pytest.mark.parametrize(
    ("filters", "shows_broken", "shows_others"),
    [
        ({"status": "broken"}, True, False),
        ({"phase": "broken"}, True, False),
        ({"phase": "studies"}, False, True),
        ({"status": "in_studies", "region": "53"}, False, None),
        ({"status": "practising"}, False, False),
    ],
)
def test_status_and_phase_filters_use_the_rules(client, world, filters, shows_broken, shows_others):
    broken = _broken(world)
    client.force_login(world.users["national"])
    html = client.get("/contrats/", filters).content.decode()
    assert (broken.reference in html) is shows_broken
    if shows_others is not None:
        assert (world.own.reference in html) is shows_others
        assert (world.other.reference in html) is shows_others
    else:  # region 53 only: the other contract, still in studies
        assert world.other.reference in html and world.own.reference not in html


def test_status_column_and_breach_cost_come_from_the_rules(client, world):
    broken = _broken(world)
    client.force_login(world.users["national"])
    html = client.get("/contrats/", {"q": "BRK"}).content.decode()
    assert "Rompu" in html
    page = client.get(f"/contrats/{broken.pk}/").content.decode()
    assert 'data-figure="breach.total"' in page
    assert "Pourquoi ces sommes dues ?" in page
    assert not re.search(r"taux \d\.\d", page)


def test_specialty_is_shown_in_french(client, world):
    world.own.specialty = "medecine_generale"
    world.own.save()
    client.force_login(world.users["national"])
    page = client.get(f"/contrats/{world.own.pk}/").content.decode()
    assert "<dd>Médecine générale</dd>" in page and "medecine_generale" not in page


def test_agency_home_query_count_is_bounded(client, world, django_assert_max_num_queries):
    _many_contracts(world, 10)
    client.force_login(world.users["national"])
    with django_assert_max_num_queries(16):
        response = client.get("/")
    html = response.content.decode()
    assert 'id="contract-count">12<' in html


def test_explanation_text_file_of_the_contract(client, world):
    client.force_login(world.users["student"])
    response = client.get(f"/contrats/{world.own.pk}/explication.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("Contrat CESP-MTP-0001 — explication au ")
    assert text.index("En bref") < text.index("Le détail du calcul")
    assert "post2020" not in text and "allocation.months" not in text
    client.force_login(world.users["ars_other"])
    assert client.get(f"/contrats/{world.own.pk}/explication.txt").status_code == 404


def test_contract_page_links_the_documents(client, world):
    client.force_login(world.users["student"])
    html = client.get(f"/contrats/{world.own.pk}/").content.decode()
    assert f'href="/contrats/{world.own.pk}/explication.txt"' in html
    assert f'href="/territoires/attestation/{world.own.pk}/"' in html


def test_simulator_link_is_prefilled_with_the_recorded_facts(client, world):
    ContractEventFactory(contract=world.own, date=dt.date(2027, 10, 15))
    ContractEventFactory(contract=world.own, thesis=True, date=dt.date(2027, 12, 10))
    client.force_login(world.users["student"])
    html = client.get(f"/contrats/{world.own.pk}/").content.decode()
    link = re.search(r'href="(/simulateur/\?[^"]+)" id="simulate-from-contract"', html).group(1)
    page = client.get(link.replace("&amp;", "&")).content.decode()
    # the simulator computes from the same facts: 75 months (see test_simulator)
    assert 'data-figure="allocation.months">75 mois<' in page
