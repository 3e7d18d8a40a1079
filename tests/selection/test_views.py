"""Pages: the candidate follows and fills their dossier; agents see their week; scopes 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cesp.selection import services
from cesp.selection.models import Dossier, RankedList
from tests.factories import OrganisationFactory, UserFactory
from tests.selection.conftest import pdf_bytes, png_bytes
from tests.selection.factories import CampaignFactory, DossierFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    ufr = OrganisationFactory(ufr=True, region_code="76")
    return services.open_campaign(ufr, 2026, None)


def test_candidate_starts_fills_uploads_and_files(client, campaign):
    user = UserFactory(student=True)
    client.force_login(user)
    home = client.get("/selection/")
    assert "Commencer mon dossier" in home.content.decode()
    response = client.post(f"/selection/campagnes/{campaign.pk}/candidater/")
    dossier = Dossier.objects.get(candidate=user)
    assert response.url == f"/selection/dossiers/{dossier.pk}/"
    page = client.get(response.url).content.decode()
    assert "Conditions pour candidater" in page and "Manquante" in page

    identity = {
        "identite-birth_name": "Martin",
        "identite-first_names": "Léa",
        "identite-birth_date": "2002-03-04",
        "identite-birth_place": "Sète",
        "identite-nationality": "française",
        "identite-address": "3 place de la Comédie, Montpellier",
        "identite-email": "lea@example.org",
    }
    saved = client.post(
        f"/selection/dossiers/{dossier.pk}/sections/identite/", identity, HTTP_HX_REQUEST="true"
    )
    assert "Enregistré à" in saved.content.decode()
    client.post(
        f"/selection/dossiers/{dossier.pk}/sections/situation/",
        {
            "situation-profession": "medecine",
            "situation-category": "second_cycle",
            "situation-study_year": "5",
        },
    )
    client.post(
        f"/selection/dossiers/{dossier.pk}/sections/projet/",
        {"projet-specialty": "Médecine générale", "projet-practice_mode": "liberal"},
    )
    refused = client.post(f"/selection/dossiers/{dossier.pk}/deposer/", follow=True)
    assert "Pièce manquante : Copie d&#x27;une pièce d&#x27;identité" in refused.content.decode()
    for kind in ("identity", "motivation", "transcript_1", "transcript_2"):
        client.post(
            f"/selection/dossiers/{dossier.pk}/pieces/",
            {"kind": kind, "file": SimpleUploadedFile(f"{kind}.pdf", pdf_bytes())},
        )
    client.post(f"/selection/dossiers/{dossier.pk}/deposer/")
    dossier.refresh_from_db()
    assert dossier.state == "filed"
    page = client.get(f"/selection/dossiers/{dossier.pk}/").content.decode()
    assert "Votre UFR : ouvrir l&#x27;examen de votre dossier" in page


def test_lying_file_is_refused_on_the_page(client):
    dossier = DossierFactory()
    client.force_login(dossier.candidate)
    response = client.post(
        f"/selection/dossiers/{dossier.pk}/pieces/",
        {"kind": "identity", "file": SimpleUploadedFile("cni.pdf", png_bytes())},
    )
    assert response.status_code == 422
    assert "n&#x27;est pas ce qu&#x27;il annonce" in response.content.decode()
    assert not dossier.pieces.exists()


def test_other_candidate_and_other_ufr_get_404(client):
    dossier = DossierFactory(state="filed")
    client.force_login(UserFactory(student=True))
    assert client.get(f"/selection/dossiers/{dossier.pk}/").status_code == 404
    client.force_login(UserFactory(ufr_agent=True))
    assert client.get(f"/selection/dossiers/{dossier.pk}/").status_code == 404
    assert client.get(f"/selection/campagnes/{dossier.campaign_id}/").status_code == 404
    client.force_login(UserFactory(researcher=True))
    assert client.get("/selection/").status_code == 404


def test_drafts_are_not_shown_to_agents(client):
    dossier = DossierFactory(state="draft")
    client.force_login(UserFactory(ufr_agent=True, organisation=dossier.campaign.ufr))
    assert client.get(f"/selection/dossiers/{dossier.pk}/").status_code == 404


def test_padhue_dossiers_go_to_the_ars_not_the_ufr_agent(client):
    ufr = OrganisationFactory(ufr=True, region_code="76")
    dossier = DossierFactory(
        campaign=CampaignFactory(ufr=ufr),
        state="filed",
        category="padhue",
        profession="padhue_medecine",
    )
    client.force_login(UserFactory(ufr_agent=True, organisation=ufr))
    assert client.get(f"/selection/dossiers/{dossier.pk}/").status_code == 404
    ars = UserFactory(
        ars_referent=True, organisation=OrganisationFactory(ars=True, region_code="76")
    )
    client.force_login(ars)
    page = client.get(f"/selection/dossiers/{dossier.pk}/").content.decode()
    assert "Ouvrir l&#x27;examen du dossier" in page
    client.post(f"/selection/dossiers/{dossier.pk}/etapes/receive/")
    dossier.refresh_from_db()
    assert dossier.state == "screening"


def test_agent_week_and_campaign_counts(client, campaign):
    DossierFactory(campaign=campaign, state="filed")
    DossierFactory(campaign=campaign, state="draft")
    services.set_milestone(campaign, "commission", dt.date(2026, 11, 24), None)
    client.force_login(UserFactory(ufr_agent=True, organisation=campaign.ufr))
    page = client.get("/selection/").content.decode()
    assert "D4 — commission de sélection : 24 novembre 2026" in page
    assert "Dossiers « Déposé » à traiter (1)" in page


def test_commission_member_ranks_through_the_page(client, campaign):
    member = UserFactory(commission=True, organisation=campaign.ufr)
    session = services.open_session(campaign, member, dt.date(2026, 12, 10), [("Doyen", "dean")])
    dossiers = [DossierFactory(campaign=campaign, state="ranked") for _ in range(3)]
    client.force_login(member)
    url = f"/selection/campagnes/{campaign.pk}/listes/second_cycle/medecine/"
    assert client.get(url).status_code == 200
    post = {"open_contracts": "1", "drawn_on": "2026-12-10"}
    post |= {f"list_{dossiers[0].pk}": "principal", f"rank_{dossiers[0].pk}": "1"}
    post |= {f"list_{dossiers[1].pk}": "principal", f"rank_{dossiers[1].pk}": "2"}
    over = client.post(url, post)
    assert over.status_code == 422
    assert "liste principale de 2 candidats pour 1 contrats ouverts" in over.content.decode()
    assert not RankedList.objects.exists()
    post[f"list_{dossiers[1].pk}"] = "complementary"
    post[f"rank_{dossiers[1].pk}"] = "1"
    assert client.post(url, post).status_code == 302
    ranked = RankedList.objects.get()
    assert ranked.session == session and ranked.entries.count() == 2
    agent = UserFactory(ufr_agent=True, organisation=campaign.ufr)
    client.force_login(agent)
    assert client.post(url, post).status_code == 404  # the UFR agent posts, does not rank
    client.post(f"/selection/listes/{ranked.pk}/", {"step": "post"})
    client.post(f"/selection/listes/{ranked.pk}/", {"step": "transmit", "reference": "courriel"})
    ranked.refresh_from_db()
    assert (
        ranked.posted_at and ranked.transmitted_at and ranked.transmission_reference == "courriel"
    )


def test_commission_decision_form(client, campaign):
    member = UserFactory(commission=True, organisation=campaign.ufr)
    session = services.open_session(
        campaign, member, dt.date(2026, 12, 10), [("A", "dean"), ("B", "dg_ars")]
    )
    dossier = DossierFactory(campaign=campaign, state="screening")
    client.force_login(member)
    page = client.get(f"/selection/dossiers/{dossier.pk}/").content.decode()
    assert "Retenir pour l&#x27;audition" in page
    assert "Contenu du dossier" in page and "4 mai 2002" in page and "Lodève" in page
    response = client.post(
        f"/selection/dossiers/{dossier.pk}/etapes/shortlist/",
        {"session": session.pk, "votes_for": "1", "votes_against": "1"},
        follow=True,
    )
    assert "voix prépondérante du DG ARS doit départager" in response.content.decode()
    client.post(
        f"/selection/dossiers/{dossier.pk}/etapes/shortlist/",
        {"session": session.pk, "votes_for": "1", "votes_against": "1", "casting_vote": "on"},
    )
    dossier.refresh_from_db()
    assert dossier.state == "shortlisted"


def test_quota_import_page_reports_unknown_ufr(client):
    client.force_login(UserFactory(national=True))
    data = b"ufr;categorie;profession;contrats\nnowhere;second_cycle;medecine;2\n"
    response = client.post(
        "/selection/quotas/importer/",
        {
            "kind": "annual",
            "academic_year": "2026",
            "reference": "Arrêté test",
            "published_on": "2027-07-10",
            "file": SimpleUploadedFile("q.csv", data),
        },
    )
    assert response.status_code == 422
    assert "UFR inconnue" in response.content.decode()
    client.force_login(UserFactory(ufr_agent=True))
    assert client.get("/selection/quotas/importer/").status_code == 404


def test_milestones_are_editable_by_the_ufr(client, campaign):
    client.force_login(UserFactory(ufr_agent=True, organisation=campaign.ufr))
    client.post(
        f"/selection/campagnes/{campaign.pk}/calendrier/",
        {"kind": "lists_deadline", "date": "2027-01-10"},
    )
    assert campaign.milestones.get(kind="lists_deadline").date == dt.date(2027, 1, 10)
    page = client.get(f"/selection/campagnes/{campaign.pk}/").content.decode()
    assert "10 janvier 2027" in page


def test_milestone_factory_default():
    assert MilestoneFactory().date == dt.date(2027, 1, 15)


def test_ufr_agent_opens_its_campaign_with_a_default_calendar(client):
    agent = UserFactory(ufr_agent=True)
    other = OrganisationFactory(ufr=True)
    client.force_login(agent)
    assert "Ouvrir la campagne" in client.get("/selection/").content.decode()
    client.post("/selection/campagnes/ouvrir/", {"ufr": other.pk, "academic_year": "2027"})
    assert not other.selection_campaigns.exists()  # not theirs: refused
    response = client.post(
        "/selection/campagnes/ouvrir/", {"ufr": agent.organisation_id, "academic_year": "2027"}
    )
    campaign = agent.organisation.selection_campaigns.get()
    assert response.url == f"/selection/campagnes/{campaign.pk}/"
    assert campaign.milestones.get(kind="lists_deadline").date == dt.date(2028, 1, 15)
    client.force_login(UserFactory(commission=True, organisation=agent.organisation))
    assert client.post("/selection/campagnes/ouvrir/", {"academic_year": "2028"}).status_code == 404
