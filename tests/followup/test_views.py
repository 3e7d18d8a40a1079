"""Follow-up pages: scope (404 out of it), French refusals, nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest

from cesp.followup import services
from cesp.followup.enums import Channel
from cesp.followup.models import Meeting, Message
from tests.factories import ContractFactory

pytestmark = pytest.mark.django_db


def test_referent_plans_and_records_from_the_pages(client, contract, referent):
    client.force_login(referent)
    page = client.get(f"/suivi/contrat/{contract.pk}/")
    assert page.status_code == 200 and "Planifier un échange" in page.content.decode()
    response = client.post(
        f"/suivi/contrat/{contract.pk}/planifier/", {"planned_on": "2025-01-20", "mode": "video"}
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    future = client.post(
        f"/suivi/contrat/{contract.pk}/echange/{meeting.pk}/",
        {"held_on": "2025-01-20", "mode": "video"},
    )
    assert future.status_code == 200 and "dans le futur" in future.content.decode()
    done = client.post(
        f"/suivi/contrat/{contract.pk}/echange/{meeting.pk}/",
        {
            "held_on": "2025-01-09",
            "mode": "in_person",
            "project_update": "Installation envisagée à Foix",
            "commune_1": "09122",
        },
    )
    assert done.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.target_communes == ["09122"]
    html = client.get(f"/suivi/contrat/{contract.pk}/").content.decode()
    assert "Installation envisagée à Foix" in html and "Foix (09122)" in html


def test_bad_commune_is_refused_in_french(client, contract, referent):
    client.force_login(referent)
    page = client.post(
        f"/suivi/contrat/{contract.pk}/echange/",
        {"held_on": "2025-01-09", "mode": "phone", "commune_1": "Nullepart-sur-Mer"},
    )
    assert page.status_code == 200 and not Meeting.objects.exists()
    assert "fr-error-text" in page.content.decode()


def test_out_of_scope_answers_404(client, contract, outsider, referent):
    client.force_login(outsider)
    assert client.get(f"/suivi/contrat/{contract.pk}/").status_code == 404
    assert client.post(f"/suivi/contrat/{contract.pk}/planifier/", {}).status_code == 404
    thread = services.start_thread(
        contract, by=contract.signatory, channel=Channel.ARS, subject="Objet", body="Bonjour"
    )
    assert client.get(f"/suivi/conversation/{thread.pk}/").status_code == 404
    assert client.post(f"/suivi/conversation/{thread.pk}/", {"body": "x"}).status_code == 404
    assert Message.objects.count() == 1


def test_national_thread_is_not_shown_to_the_ars(client, contract, referent, national):
    thread = services.start_thread(
        contract, by=contract.signatory, channel=Channel.NATIONAL, subject="Paie", body="Bonjour"
    )
    client.force_login(referent)
    assert client.get(f"/suivi/conversation/{thread.pk}/").status_code == 404
    client.force_login(national)
    answer = client.post(f"/suivi/conversation/{thread.pk}/", {"body": "Réponse du CNG"})
    assert answer.status_code == 200 and "Réponse du CNG" in answer.content.decode()


def test_signatory_sees_follow_up_and_answers(client, contract, referent):
    services.record_meeting(contract, by=referent, held_on=dt.date(2024, 6, 25), mode="phone")
    thread = services.start_thread(
        contract, by=referent, channel=Channel.ARS, subject="Votre projet", body="Où en êtes-vous ?"
    )
    client.force_login(contract.signatory)
    assert client.get("/suivi/").status_code == 302
    html = client.get(f"/suivi/contrat/{contract.pk}/").content.decode()
    assert "25 juin 2024" in html and "Votre projet" in html and "Planifier" not in html
    assert client.post(f"/suivi/contrat/{contract.pk}/planifier/", {}).status_code == 404
    reply = client.post(f"/suivi/conversation/{thread.pk}/", {"body": "Toujours Foix."})
    assert reply.status_code == 200 and thread.messages.count() == 2


def test_workload_home_and_my_signatories_filter(client, contract, ufr, referent, colleague):
    services.assign_referent(contract, referent, by=referent)
    other = ContractFactory(ufr=ufr, reference="CESP-FU-OTHER")
    services.assign_referent(other, colleague, by=colleague)
    client.force_login(referent)
    html = client.get("/suivi/").content.decode()
    assert "CESP-FU-0001" in html and "CESP-FU-OTHER" not in html
    listed = client.get("/contrats/", {"suivi": "mes-signataires"}).content.decode()
    assert "CESP-FU-0001" in listed and "CESP-FU-OTHER" not in listed
    everyone = client.get("/contrats/").content.decode()
    assert "CESP-FU-OTHER" in everyone and "Mes signataires" in everyone
    assert (
        f'href="/suivi/contrat/{contract.pk}/"'
        in client.get(f"/contrats/{contract.pk}/").content.decode()
    )


def test_director_hands_over(client, contract, referent, colleague, director):
    services.assign_referent(contract, referent, by=director)
    client.force_login(director)
    assert client.get("/suivi/passation/").status_code == 200
    response = client.post(
        "/suivi/passation/",
        {"from_user": referent.pk, "referent": colleague.pk, "reason": "Mutation"},
    )
    assert response.status_code == 302
    client.force_login(referent)
    assert client.get("/suivi/passation/").status_code == 404


def test_ars_home_shows_the_referent_s_own_follow_up(client, contract, ufr, referent, colleague):
    mine = ContractFactory(ufr=ufr, reference="CESP-FU-MINE", signature_date=dt.date(2023, 1, 20))
    services.assign_referent(mine, referent, by=referent)  # exchange due 20 January 2025
    other = ContractFactory(ufr=ufr, reference="CESP-FU-OTHER", signature_date=dt.date(2023, 1, 20))
    services.assign_referent(other, colleague, by=colleague)
    client.force_login(referent)
    page = client.get("/").content.decode()
    block = page.split('id="followup-soon"')[1].split("</section>")[0]
    assert "CESP-FU-MINE" in block and "20 janvier 2025" in block
    assert "CESP-FU-OTHER" not in block
    assert 'href="/suivi/"' in page and "les suivis annuels figurent" not in page
