"""The offers pages: the manager starts and follows, the candidate answers; scopes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from cesp.contracts.models import Contract
from cesp.offers import cascading
from cesp.offers.models import Offer, OfferRound
from tests.factories import OrganisationFactory, UserFactory
from tests.offers.factories import make_lists

START = date(2027, 7, 2)
pytestmark = pytest.mark.django_db


@pytest.fixture
def travel():
    with time_machine.travel(f"{START.isoformat()} 10:00 +0200", tick=False) as traveller:
        yield traveller


def login(client, user):
    client.force_login(user)
    return client


def test_manager_starts_the_offers_from_the_page(client, travel) -> None:
    lists = make_lists(principal=2, complementary=2)
    national = UserFactory(national=True, username="national")
    login(client, national)
    page = client.get("/offres/?annee=2026")
    assert page.status_code == 200 and "Voir les offres" in page.content.decode()
    url = f"/offres/listes/{lists.ranked.pk}/"
    assert "Lancer les offres" in client.get(url).content.decode()
    response = client.post(url + "lancer/", {"channel": "portal", "delivery_days": "0"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert Offer.objects.count() == 2
    assert "1 août 2027" in page  # deadline = receipt + 30 days


def test_the_quota_not_imported_is_said(client, travel) -> None:
    lists = make_lists(quota_published=None)
    login(client, UserFactory(national=True, username="national"))
    page = client.get(f"/offres/listes/{lists.ranked.pk}/").content.decode()
    assert "pas encore connu" in page and "start-form" not in page
    index = client.get("/offres/?annee=2026").content.decode()
    assert "quota non importé" in index


def test_a_late_return_is_refused_with_its_reason(client, travel) -> None:
    lists = make_lists(principal=1, complementary=0)
    national = UserFactory(national=True, username="national")
    login(client, national)
    client.post(
        f"/offres/listes/{lists.ranked.pk}/lancer/", {"channel": "portal", "delivery_days": "0"}
    )
    offer = Offer.objects.get()
    travel.move_to(f"{(START + timedelta(days=35)).isoformat()} 10:00 +0200")
    login(client, national)  # the session of 35 days ago has expired
    late = (START + timedelta(days=31)).isoformat()
    response = client.post(
        f"/offres/{offer.pk}/sign/", {"on": late, "proof": "lrar", "reference": "1A"}, follow=True
    )
    text = response.content.decode()
    assert "date limite" in text and "R631-24-5" in text
    offer.refresh_from_db()
    assert offer.state == "received"


def test_candidate_accepts_then_manager_countersigns_and_the_ars_sees_it(client, travel) -> None:
    lists = make_lists(principal=1, complementary=0)
    national = UserFactory(national=True, username="national")
    login(client, national)
    client.post(
        f"/offres/listes/{lists.ranked.pk}/lancer/", {"channel": "portal", "delivery_days": "0"}
    )
    offer = Offer.objects.get()
    candidate = lists.candidates[0]
    login(client, candidate)
    page = client.get("/offres/mon-offre/").content.decode()
    assert "1 août 2027" in page and "Retourner le contrat signé" in page
    refused = client.post(f"/offres/{offer.pk}/repondre/sign/", follow=True).content.decode()
    assert "Lu et approuvé" in refused
    client.post(f"/offres/{offer.pk}/repondre/sign/", {"approved": "on"})
    offer.refresh_from_db()
    assert (offer.state, offer.answer_proof) == ("signed", "portal")
    login(client, national)
    client.post(f"/offres/{offer.pk}/countersign/", {"on": START.isoformat()})
    contract = Contract.objects.get()
    ars = UserFactory(ars_referent=True, organisation=OrganisationFactory(ars=True, code="ars-occ"))
    login(client, ars)
    page = client.get(f"/contrats/{contract.pk}/")
    assert page.status_code == 200 and "1 octobre 2026" in page.content.decode()


def test_out_of_scope_answers_404(client, travel) -> None:
    lists = make_lists(principal=1, complementary=0)
    national = UserFactory(national=True, username="national")
    login(client, national)
    client.post(
        f"/offres/listes/{lists.ranked.pk}/lancer/", {"channel": "portal", "delivery_days": "0"}
    )
    offer = Offer.objects.get()
    other = UserFactory(username="someone-else")
    login(client, other)
    assert client.get("/offres/mon-offre/").status_code == 404
    assert client.post(f"/offres/{offer.pk}/repondre/decline/").status_code == 404
    assert client.get(f"/offres/{offer.pk}/contrat.pdf").status_code == 404
    assert client.get("/offres/").status_code == 404
    bretagne = UserFactory(
        ars_referent=True,
        organisation=OrganisationFactory(ars=True, code="ars-bzh", region_code="53"),
    )
    login(client, bretagne)
    assert client.get(f"/offres/listes/{lists.ranked.pk}/").status_code == 404


def test_the_contract_pdf_is_archived_once(client, travel) -> None:
    lists = make_lists(principal=1, complementary=0)
    login(client, UserFactory(national=True, username="national"))
    client.post(
        f"/offres/listes/{lists.ranked.pk}/lancer/", {"channel": "portal", "delivery_days": "0"}
    )
    offer = Offer.objects.get()
    login(client, lists.candidates[0])
    first = client.get(f"/offres/{offer.pk}/contrat.pdf")
    second = client.get(f"/offres/{offer.pk}/contrat.pdf")
    assert first.status_code == 302 and first.url == second.url
    assert client.get(first.url).content.startswith(b"%PDF")


def test_the_round_page_shows_the_rule_s_projection_and_counts(client, travel) -> None:
    lists = make_lists(principal=2, complementary=2)
    login(client, UserFactory(national=True, username="national"))
    url = f"/offres/listes/{lists.ranked.pk}/"
    client.post(url + "lancer/", {"channel": "portal", "delivery_days": "0"})
    offer_round = OfferRound.objects.get()
    projection = cascading.replay(cascading.facts_of(offer_round, START), START)
    page = client.get(url).content.decode()
    assert f"Contrats restant à pourvoir : {projection.unfilled}." in page
    assert "En cours : 2" in page
