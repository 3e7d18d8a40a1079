"""Breach pages: scope (404 outside), the report form, steps by abilities, French
messages on bad input, the signatory's observations and appeal, the export, the menu."""

from __future__ import annotations

import datetime as dt

import pytest

from cesp.breach import services
from cesp.breach.enums import CaseState, DispatchKind, Ground
from cesp.breach.models import BreachCase
from cesp.web.navigation import menu_for
from tests.breach.factories import letter_case, notified_case, receive


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.fixture
def case(people) -> BreachCase:
    return letter_case(people.contract, people.national, dt.date(2026, 11, 2))


def test_list_by_role(client, people, case) -> None:
    other = letter_case(people.other, people.national, dt.date(2026, 11, 3))
    page = _get(client, people.national, "/ruptures/").content.decode()
    assert case.reference in page and other.reference in page
    page = _get(client, people.ars, "/ruptures/").content.decode()
    assert case.reference in page and other.reference not in page
    page = _get(client, people.student, "/ruptures/").content.decode()
    assert case.reference in page and other.reference not in page
    assert _get(client, people.ufr, "/ruptures/").status_code == 404


def test_case_page_out_of_scope_is_404(client, people, case) -> None:
    url = f"/ruptures/{case.pk}/"
    for user in (people.ars_other, people.other_student, people.ufr):
        assert _get(client, user, url).status_code == 404
    for user in (people.national, people.ars, people.student):
        assert _get(client, user, url).status_code == 200


def test_case_page_shows_steps_by_abilities(client, people, case) -> None:
    page = _get(client, people.national, f"/ruptures/{case.pk}/").content.decode()
    assert "Décider la rupture" in page and "Envoyer la mise en demeure" in page
    assert "Estimation" in page  # the sums before the decision
    page = _get(client, people.ars, f"/ruptures/{case.pk}/").content.decode()
    assert "Décider la rupture" not in page
    page = _get(client, people.student, f"/ruptures/{case.pk}/").content.decode()
    assert "Décider la rupture" not in page and "Accusé de réception" in page


def test_ars_reports_a_contract_of_its_region(client, people) -> None:
    client.force_login(people.ars)
    data = {
        "contract": people.other.reference,
        "ground": Ground.ABSENCES,
        "reported_on": "2026-11-30",
        "facts": "Deux absences.",
    }
    response = client.post("/ruptures/signaler/", data)
    assert response.status_code == 200
    assert "suivi dans votre région" in response.content.decode()
    assert not BreachCase.objects.exists()
    response = client.post("/ruptures/signaler/", {**data, "contract": people.contract.reference})
    created = BreachCase.objects.get()
    assert response.status_code == 302 and response.url == f"/ruptures/{created.pk}/"
    assert created.state == CaseState.OPENED and created.origin == "ars_report"


def test_students_cannot_report_and_ufr_cannot_open(client, people) -> None:
    assert _get(client, people.student, "/ruptures/signaler/").status_code == 404
    assert _get(client, people.ars, "/ruptures/lettre/").status_code == 404


def test_national_opens_on_a_letter(client, people) -> None:
    client.force_login(people.national)
    response = client.post(
        "/ruptures/lettre/",
        {"contract": people.contract.reference, "received_on": "2026-11-02", "proof": "1A"},
    )
    assert response.status_code == 302
    assert BreachCase.objects.get().letter_received_on == dt.date(2026, 11, 2)


def test_early_decision_answers_a_french_message(client, people) -> None:
    case = services.report(
        people.ars, people.contract, ground=Ground.CHANGE_OF_PLACE, facts="Installé ailleurs."
    )
    services.send_notice(people.national, case, sent_on=dt.date(2026, 11, 25), number="1A")
    receive(case, DispatchKind.NOTICE, dt.date(2026, 11, 27), people.national)
    client.force_login(people.national)
    response = client.post(
        f"/ruptures/{case.pk}/etape/decide/",
        {"decide-decided_on": "2026-12-02", "decide-reason": ""},
    )
    assert response.status_code == 400
    assert "12/12/2026 inclus" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.NOTICE_SENT


def test_signatory_files_observations(client, people, case) -> None:
    services.send_notice(people.national, case, sent_on=dt.date(2026, 11, 25), number="1A")
    client.force_login(people.student)
    page = client.get(f"/ruptures/{case.pk}/").content.decode()
    assert "Enregistrer les observations" in page
    response = client.post(
        f"/ruptures/{case.pk}/etape/record_observations/",
        {"record_observations-text": "Je m'explique."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.OBSERVATIONS
    assert case.observations.get().received_on == dt.date(2026, 12, 2)


def test_signatory_late_appeal_is_refused_with_the_deadline(client, people) -> None:
    case = notified_case(people.contract, people.national, dt.date(2026, 8, 3), dt.date(2026, 9, 1))
    receive(case, DispatchKind.NOTIFICATION, dt.date(2026, 9, 30), people.national)
    client.force_login(people.student)
    response = client.post(
        f"/ruptures/{case.pk}/etape/file_appeal/", {"file_appeal-text": "Je conteste."}
    )
    assert response.status_code == 400
    assert "hors délai" in response.content.decode()
    assert not case.appeals.exists()


def test_step_not_available_is_refused(client, people, case) -> None:
    client.force_login(people.student)
    response = client.post(f"/ruptures/{case.pk}/etape/decide/", {})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.OPENED


def test_export_csv_by_creditor(client, people) -> None:
    notified_case(people.contract, people.national, dt.date(2026, 11, 2), dt.date(2026, 11, 20))
    response = _get(client, people.national, "/ruptures/export.csv?creancier=asp")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "CESP-MTP-0001" in body and ";asp;" in body
    body = _get(client, people.national, "/ruptures/export.csv?creancier=cpam").content.decode()
    assert "CESP-MTP-0001" not in body
    assert _get(client, people.ars, "/ruptures/export.csv").status_code == 404


def test_menu_entry(people, case) -> None:
    for user in (people.national, people.ars, people.student):
        assert "/ruptures/" in {item.path for item in menu_for(user)}
    for user in (people.ufr, people.other_student):  # a signatory without a case: none
        assert "/ruptures/" not in {item.path for item in menu_for(user)}
    labels = {item.path: item.label for item in menu_for(people.student)}
    assert labels["/ruptures/"] == "Ma procédure de rupture"


def test_out_of_scope_posts_are_404(client, people, case) -> None:
    client.force_login(people.ars_other)
    assert client.post(f"/ruptures/{case.pk}/etape/decide/", {}).status_code == 404
    assert client.post(f"/ruptures/{case.pk}/remboursement/", {}).status_code == 404
    dispatch = case.dispatches.first()
    url = f"/ruptures/{case.pk}/envoi/{dispatch.pk}/reception/"
    assert client.post(url, {"received_on": "2026-11-30"}).status_code == 404
    client.force_login(people.student)  # in scope, but not the manager
    assert client.post(url, {"received_on": "2026-11-30"}).status_code == 404


def test_bad_repayment_says_what_and_where(client, people) -> None:
    notified = notified_case(
        people.contract, people.national, dt.date(2026, 11, 2), dt.date(2026, 11, 20)
    )
    client.force_login(people.national)
    response = client.post(
        f"/ruptures/{notified.pk}/remboursement/",
        {"received_on": "2026-12-01", "amount": "-5", "reference": ""},
        follow=True,
    )
    assert "Remboursement : Le montant doit être positif." in response.content.decode()
    assert not notified.repayments.exists()


def test_plan_form_reads_french_lines_and_refuses_a_wrong_total(client, people) -> None:
    case = notified_case(
        people.contract, people.national, dt.date(2026, 11, 2), dt.date(2026, 11, 20)
    )
    total = case.statement().total
    client.force_login(people.national)
    url = f"/ruptures/{case.pk}/etape/grant_plan/"
    response = client.post(url, {"grant_plan-instalments": "31/01/2027 ; 1 000,00\nbientôt"})
    assert response.status_code == 400
    assert "Ligne 2 illisible" in response.content.decode()
    response = client.post(url, {"grant_plan-instalments": "31/01/2027 ; 1 000,00"})
    assert response.status_code == 400
    assert "ne correspond pas à la somme due" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.NOTIFIED
    rest = f"{total - 1000:.2f}".replace(".", ",")
    response = client.post(
        url, {"grant_plan-instalments": f"31/01/2027 ; 1 000,00\n28/02/2027 ; {rest}"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.INSTALMENTS
    page = client.get(f"/ruptures/{case.pk}/").content.decode()
    assert "Échéance n° 1" in page and "31 janvier 2027" in page


def test_contract_page_links_agents_to_the_cases_and_the_report(client, people, case) -> None:
    page = _get(client, people.ars, f"/contrats/{people.contract.pk}/").content.decode()
    assert f"/ruptures/?contrat={people.contract.pk}" in page
    assert "/ruptures/signaler/?contrat=CESP-MTP-0001" in page
    page = _get(client, people.ars, f"/ruptures/?contrat={people.contract.pk}").content.decode()
    assert case.reference in page
    form = _get(client, people.ars, "/ruptures/signaler/?contrat=CESP-MTP-0001").content.decode()
    assert 'value="CESP-MTP-0001"' in form
    page = _get(client, people.student, f"/contrats/{people.contract.pk}/").content.decode()
    assert "/ruptures/signaler/" not in page


def test_sums_show_the_rate_in_french() -> None:
    from django.template.loader import render_to_string

    sums = {"refund": "154941.02", "penalty": "20000.00", "rate": "0.3718912929", "total": "1"}
    html = render_to_string("breach/_sums.html", {"sums": sums})
    assert "<td>0,3719</td>" in html and "0.37" not in html
    html = render_to_string("breach/_sums.html", {"sums": {**sums, "rate": "1"}})
    assert "<td>1</td>" in html
