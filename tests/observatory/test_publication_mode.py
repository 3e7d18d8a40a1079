"""The mode (internal / publication) is the server's decision, from the user's role.

Issue 12 §3: a researcher passing ``?mode=internal`` saw the unmasked figures. Now a
researcher gets publication mode in the dashboard, every export and the API, whatever
is asked; internal mode stays for those who may read the contracts one by one.
"""

import datetime as dt
import io
import json

import pytest
import time_machine
from django.urls import reverse

from cesp.observatory import permissions, services
from tests import factories


@pytest.fixture(autouse=True)
def _today():
    """The report's reference date is today: the phases depend on it."""
    with time_machine.travel(dt.datetime(2026, 11, 24, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def small_cohort(ufr_montpellier):
    """Three contracts in Occitanie: every count is below 11."""
    for _ in range(3):
        factories.ContractFactory(ufr=ufr_montpellier)


def _json(client, **params):
    response = client.get(reverse("observatory:export", args=["json"]), params)
    assert response.status_code == 200
    return json.loads(response.content)


def test_researcher_asking_internal_mode_gets_publication_everywhere(
    client, small_cohort, monkeypatch
):
    client.force_login(factories.UserFactory(researcher=True))
    asked = {"mode": "internal", "region": "76"}
    page = client.get(reverse("observatory:dashboard"), asked)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Mode publication" in text and "Mode interne" not in text
    assert 'value="internal"' not in text  # the choice is not even offered
    report = _json(client, **asked)
    assert report["privacy"]["mode"] == "publication"
    assert report["flow"]["studied"] is None and report["flow"]["profiles"] is None
    flux = client.get(reverse("observatory:export", args=["csv"]), {**asked, "table": "flux"})
    assert flux.content.decode().splitlines()[-1] == "Profils étudiés,"  # masked
    html = client.get(reverse("observatory:export", args=["html"]), asked).content.decode()
    assert "Mode publication" in html and "Mode interne" not in html
    from openpyxl import load_workbook

    xlsx = client.get(reverse("observatory:export", args=["xlsx"]), asked).content
    sheet = load_workbook(io.BytesIO(xlsx))["flux"]
    assert [row[1] for row in sheet.iter_rows(values_only=True)][-1] is None

    seen = []
    from cesp.observatory import render_pdf

    real = render_pdf.render_pdf
    monkeypatch.setattr(render_pdf, "render_pdf", lambda r, out: (seen.append(r), real(r, out)))
    pdf = client.get(reverse("observatory:export", args=["pdf"]), asked)
    assert pdf.content[:4] == b"%PDF" and seen[0]["privacy"]["mode"] == "publication"


def test_research_token_asking_no_publication_gets_publication(client, small_cohort):
    from tests.factories import api_token_for

    research = factories.OrganisationFactory(research=True)
    headers = {"Authorization": f"Bearer {api_token_for(research)}"}
    body = client.get("/api/observatory/report", {"publication": "false"}, headers=headers).json()
    assert body["privacy"]["mode"] == "publication"
    assert body["flow"]["studied"] is None


@pytest.mark.parametrize("trait", ["national", "admin", "ars_referent", "ars_director"])
def test_roles_that_read_contracts_choose_their_mode(client, small_cohort, ars_occitanie, trait):
    extra = {"organisation": ars_occitanie} if trait.startswith("ars") else {}
    user = factories.UserFactory(**{trait: True}, **extra)
    assert permissions.can_use_internal_mode(user)
    client.force_login(user)
    assert _json(client)["privacy"]["mode"] == "internal"  # default for them
    assert _json(client, mode="internal")["flow"]["studied"] == 3
    published = _json(client, mode="publication")
    assert published["privacy"]["mode"] == "publication"
    assert published["flow"]["studied"] is None


def test_the_service_itself_refuses_internal_mode_to_a_researcher(small_cohort):
    researcher = factories.UserFactory(researcher=True)
    assert not permissions.can_use_internal_mode(researcher)
    report, _ = services.report_for(
        researcher, services.Filters(region="76", publication=False), dt.date(2026, 11, 24)
    )
    assert report["privacy"]["mode"] == "publication"
    assert report["flow"]["studied"] is None


@pytest.mark.parametrize("trait", ["student", "ufr_agent", "commission", "researcher"])
def test_no_internal_mode_for_other_roles(trait, db):
    assert permissions.publication_mode(factories.UserFactory(**{trait: True}), False)


def test_researcher_report_on_the_platform_shows_no_count_below_11(client, ufr_montpellier):
    from cesp.contracts.enums import EventType
    from tests.observatory.test_properties import _counts

    contracts = [factories.ContractFactory(ufr=ufr_montpellier) for _ in range(14)]
    for contract in contracts[:3]:
        factories.ContractEventFactory(
            contract=contract, type=EventType.BREACH, date=dt.date(2024, 3, 1), cause="voluntary"
        )
    for contract in contracts[:12]:
        factories.PaymentFactory(contract=contract)
    client.force_login(factories.UserFactory(researcher=True))
    report = _json(client, mode="internal", region="76")
    assert report["flow"]["studied"] == 14
    small = {path: v for path, v in _counts(report) if 1 <= v <= 10}
    assert not small
    assert report["phases"]["broken"]["n"] is None and report["phases"]["studies"]["n"] is None
