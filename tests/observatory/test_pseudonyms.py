"""Research pseudonyms cannot be linked to the platform's (issue 12 §3).

Every extract id used to equal the contract ``pseudonym`` the contracts API returns to
UFR, ARS and national tokens. Extract ids are now keyed with a separate secret.
"""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from cesp.observatory.pseudonyms import research_pseudonym
from tests import factories
from tests.factories import api_token_for


@pytest.fixture(autouse=True)
def _today():
    """The report's reference date is today: the phases depend on it."""
    with time_machine.travel(dt.datetime(2026, 11, 24, 10, tzinfo=dt.UTC), tick=False):
        yield


def _extract_ids(client) -> set[str]:
    response = client.get(reverse("observatory:export", args=["extract"]), {"region": ""})
    assert response.status_code == 200
    return {row["profile_id"] for row in csv.DictReader(io.StringIO(response.content.decode()))}


def _platform_ids(client) -> set[str]:
    """Every id the contracts API hands out, as a national token sees it (all contracts)."""
    headers = {
        "Authorization": f"Bearer {api_token_for(factories.OrganisationFactory(national=True))}"
    }
    found: set[str] = set()
    offset = 0
    while True:
        page = client.get("/api/contracts/", {"offset": offset, "limit": 100}, headers=headers)
        assert page.status_code == 200
        items = page.json()["items"]
        if not items:
            return found
        for item in items:
            found |= {item["pseudonym"], item["reference"], str(item["id"])}
        offset += len(items)


def test_no_extract_id_equals_a_platform_pseudonym_or_contract_id(client, ufr_montpellier):
    breton = factories.OrganisationFactory(ufr=True, region_code="53")
    contracts = [factories.ContractFactory(ufr=ufr_montpellier) for _ in range(12)]
    contracts += [factories.ContractFactory(ufr=breton, followup_region="53") for _ in range(3)]
    platform = _platform_ids(client)
    assert {c.pseudonym for c in contracts} <= platform  # the API does hand them out
    client.force_login(factories.UserFactory(researcher=True))
    extract = _extract_ids(client)
    assert len(extract) == len(contracts)
    assert not extract & platform
    assert not extract & {c.pseudonym.lower() for c in contracts}
    assert extract == {research_pseudonym(c.reference) for c in contracts}


def test_research_pseudonym_is_stable_and_depends_on_its_own_key(settings):
    first = research_pseudonym("CESP-2021-0001")
    assert first == research_pseudonym("CESP-2021-0001")
    assert first != research_pseudonym("CESP-2021-0002")
    assert first.startswith("R") and len(first) == 25
    with override_settings(SECRET_KEY="another-django-secret"):
        assert research_pseudonym("CESP-2021-0001") == first  # not derived from SECRET_KEY
    with override_settings(CESP_RESEARCH_PSEUDONYM_KEY="another-research-key"):
        assert research_pseudonym("CESP-2021-0001") != first
    assert settings.CESP_RESEARCH_PSEUDONYM_KEY != settings.SECRET_KEY
