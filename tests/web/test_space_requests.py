"""« Mon espace »: my requests and their decisions (``requests.services.requests_of``),
the decision document readable from the space; nothing of another signatory's."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from cesp.requests import services
from cesp.requests.enums import ProofKind
from tests.requests import factories

TODAY = dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC)


@pytest.fixture
def decided(db):
    """A deferral filed, given an opinion and refused; another signatory's, only filed."""
    pytest.importorskip("weasyprint")
    orgs = factories.organisations()
    body = factories.bodies(orgs)
    with time_machine.travel(TODAY, tick=False):
        contract = factories.graduate_contract(orgs["ufr"])
        other = factories.graduate_contract(orgs["ufr"], username="autre-signataire")
        requests = []
        for each in (contract, other):
            requests.append(
                services.file_request(
                    each.signatory,
                    each,
                    "deferral",
                    {"start": dt.date(2026, 12, 1), "end": dt.date(2027, 5, 31), "motive": "M"},
                    [(ProofKind.SUPPORTING, factories.proof())],
                )
            )
        services.give_opinion(body["ufr"], requests[0], False, "Projet non justifié.")
        refused = services.decide(body["ars"], requests[0], False, "Aucun post-internat prévu.")
    return contract, refused, requests[1]


def test_my_requests_and_the_decision_document(client, decided):
    contract, refused, theirs = decided
    client.force_login(contract.signatory)
    with time_machine.travel(TODAY, tick=False):
        html = client.get("/mon-espace/").content.decode()
    section = re.search(r'id="demandes"(.*?)</section>', html, re.S).group(1)
    assert f'data-request="{refused.pk}"' in section and "Refusée" in section
    assert f'href="/documents/{refused.decision_document_id}/"' in section
    assert f'href="/demandes/{theirs.pk}/"' not in section
    assert f'href="/demandes/nouvelle/{contract.pk}/"' in section
    documents = re.search(r'id="documents"(.*?)</section>', html, re.S).group(1)
    assert f'href="/documents/{refused.decision_document_id}/"' in documents
    assert f'href="/documents/{theirs.pk}/"' not in documents
    with time_machine.travel(TODAY, tick=False):
        for link in (f"/documents/{refused.decision_document_id}/", f"/demandes/{refused.pk}/"):
            assert client.get(link).status_code == 200, link
