"""The observatory on the platform's contracts: adapter, scope, dashboard, exports."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from cesp.contracts.enums import EventType
from cesp.contracts.models import Contract
from cesp.observatory import services
from cesp.observatory.platform import contract_row, month_precision, platform_cohort
from cesp.observatory.pseudonyms import research_pseudonym
from tests import factories

AS_OF = dt.date(2026, 11, 24)


def _installed(ufr, commune="48095", **kwargs):
    contract = factories.ContractFactory(
        ufr=ufr, specialty="medecine_generale", birth_date=dt.date(1998, 3, 1), **kwargs
    )
    factories.ContractEventFactory(
        contract=contract, type=EventType.DES, date=dt.date(2025, 10, 15)
    )
    factories.ContractEventFactory(
        contract=contract, type=EventType.THESIS, date=dt.date(2025, 12, 10)
    )
    factories.ContractEventFactory(
        contract=contract,
        type=EventType.PRACTICE,
        date=None,
        start=dt.date(2026, 2, 1),
        zone_share=Decimal(1),
        commune_code=commune,
    )
    return contract


@pytest.fixture
def cohort(ufr_montpellier):
    installed = _installed(ufr_montpellier)
    studying = factories.ContractFactory(ufr=ufr_montpellier)
    broken = factories.ContractFactory(ufr=ufr_montpellier)
    factories.ContractEventFactory(
        contract=broken, type=EventType.BREACH, date=dt.date(2024, 3, 1), cause="voluntary"
    )
    other = factories.ContractFactory(
        followup_region="53", ufr=factories.OrganisationFactory(ufr=True, region_code="53")
    )
    return {"installed": installed, "studying": studying, "broken": broken, "other": other}


def test_contract_row_takes_phase_and_months_from_the_rules(cohort):
    row = contract_row(Contract.objects.get(pk=cohort["installed"].pk), AS_OF)
    assert row.profile_id == research_pseudonym(cohort["installed"].reference)
    assert row.profile_id != cohort["installed"].pseudonym
    assert row.profile_id != cohort["installed"].reference
    assert row.phase == "installed"
    assert row.installation_date == dt.date(2026, 2, 1)
    assert row.installation_commune == "48095"
    assert row.thesis_date == dt.date(2025, 12, 10)
    # campaign 2021, second cycle: allocation from 2021-10-01 through the later of DES
    # and thesis (2025-12-10): months Oct 2021 … Dec 2025 = 51.
    assert row.allocation_months == 51
    assert row.engagement_months == 51
    assert contract_row(Contract.objects.get(pk=cohort["studying"].pk), AS_OF).phase == "studies"
    assert contract_row(Contract.objects.get(pk=cohort["broken"].pk), AS_OF).phase == "broken"
    assert month_precision(row).installation_date == dt.date(2026, 2, 1)
    assert month_precision(row).thesis_date == dt.date(2025, 12, 1)


def test_platform_cohort_report(cohort):
    contracts = Contract.objects.filter(followup_region="76")
    result = platform_cohort(contracts, AS_OF)
    assert len(result.rows) == 3
    report, _ = services.report_for(
        factories.UserFactory(national=True), services.Filters(region="76"), AS_OF
    )
    assert report["flow"]["studied"] == 3
    assert report["phases"]["installed"]["n"] == 1
    assert report["installations"]["in_region"] == 1
    assert report["installations"]["density"]["small_town"] == 1.0  # Mende
    payments = next(i for i in report["indicators"] if i["id"] == "payment_delay")
    assert payments["available"] is False and payments["why"]


@pytest.mark.parametrize(
    ("trait", "status"),
    [
        ("student", 404),
        ("ufr_agent", 404),
        ("commission", 404),
        ("researcher", 200),
        ("national", 200),
        ("admin", 200),
        ("ars_referent", 200),
        ("ars_director", 200),
    ],
)
def test_dashboard_access_by_role(client, cohort, ars_occitanie, trait, status):
    extra = {"organisation": ars_occitanie} if trait.startswith("ars") else {}
    client.force_login(factories.UserFactory(**{trait: True}, **extra))
    response = client.get(reverse("observatory:dashboard"))
    assert response.status_code == status
    if status == 200:
        assert "Observatoire du CESP" in response.content.decode()


def test_researcher_gets_publication_mode_and_month_precision_extract(client, cohort):
    client.force_login(factories.UserFactory(researcher=True))
    page = client.get(reverse("observatory:dashboard")).content.decode()
    assert "Mode publication" in page and "pseudonymisées" in page
    assert cohort["installed"].reference not in page
    report = json.loads(client.get(reverse("observatory:export", args=["json"])).content)
    assert report["privacy"]["mode"] == "publication"
    extract = client.get(reverse("observatory:export", args=["extract"])).content.decode()
    installed = cohort["installed"]
    assert research_pseudonym(installed.reference) in extract
    assert installed.pseudonym not in extract and installed.reference not in extract
    assert "2026-02-01" in extract and "2025-12-10" not in extract and "2025-12-01" in extract


def test_ars_sees_only_its_region_and_cannot_extract(client, cohort, ars_bretagne):
    client.force_login(factories.UserFactory(ars_referent=True, organisation=ars_bretagne))
    report = json.loads(
        client.get(reverse("observatory:export", args=["json"]), {"region": "76"}).content
    )
    assert report["flow"]["profiles"] == 1  # the Breton contract only, whatever the filter
    assert client.get(reverse("observatory:export", args=["extract"])).status_code == 404


def test_exports_csv_xlsx(client, cohort):
    client.force_login(factories.UserFactory(national=True))
    csv_text = client.get(
        reverse("observatory:export", args=["csv"]), {"table": "phases"}
    ).content.decode()
    assert csv_text.startswith("Phase,Effectif")
    xlsx = client.get(reverse("observatory:export", args=["xlsx"]))
    assert xlsx.content[:2] == b"PK"
    html = client.get(reverse("observatory:export", args=["html"])).content.decode()
    assert html.startswith("<!doctype html>") and "http" not in html.lower().replace(
        "http-equiv", ""
    )
    assert client.get(reverse("observatory:export", args=["pdf"])).content[:4] == b"%PDF"
    assert (
        client.get(reverse("observatory:export", args=["csv"]), {"table": "nope"}).status_code
        == 404
    )
    assert client.get(reverse("observatory:export", args=["docx"])).status_code == 404


def test_bad_filter_is_reported_beside_the_field(client, cohort):
    client.force_login(factories.UserFactory(national=True))
    page = client.get(
        reverse("observatory:dashboard"), {"campaign_from": "2024", "campaign_to": "2020"}
    )
    assert page.status_code == 200
    assert "L&#x27;année de fin doit suivre" in page.content.decode()


def test_api_report_scoped_and_strict(client, cohort, ars_occitanie):
    from tests.factories import api_token_for

    research = factories.OrganisationFactory(research=True)
    headers = {"Authorization": f"Bearer {api_token_for(research)}"}
    response = client.get("/api/observatory/report", {"region": "76"}, headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["privacy"]["mode"] == "publication"  # forced for research tokens
    assert body["flow"]["studied"] is None  # 3 < 11
    ars = {"Authorization": f"Bearer {api_token_for(ars_occitanie)}"}
    assert client.get("/api/observatory/report", headers=ars).json()["flow"]["profiles"] == 3
    ufr = factories.OrganisationFactory(ufr=True)
    ufr_headers = {"Authorization": f"Bearer {api_token_for(ufr)}"}
    assert client.get("/api/observatory/report", headers=ufr_headers).status_code == 404
    bad = client.get("/api/observatory/report", {"colour": "red"}, headers=headers)
    assert bad.status_code == 422
    assert (
        client.get("/api/observatory/report", {"region": "7"}, headers=headers).status_code == 422
    )
    assert client.get("/api/observatory/report").status_code == 401


def test_payment_indicator_is_live_once_payments_are_recorded(cohort):
    # Two monthly payments of the installed contract: October 2021 paid 2022-07-05
    # (late: arrears after signature), November 2021 paid 2021-11-30 (on time).
    contract = cohort["installed"]
    factories.PaymentFactory(contract=contract)
    factories.PaymentFactory(
        contract=contract, month=dt.date(2021, 11, 1), paid_on=dt.date(2021, 11, 30)
    )
    user = factories.UserFactory(national=True)
    report, _ = services.report_for(user, services.Filters(region="76"), AS_OF)
    payments = next(i for i in report["indicators"] if i["id"] == "payment_delay")
    assert payments["available"] is True
    assert (payments["late"], payments["n"]) == (1, 2)
    referent = next(i for i in report["indicators"] if i["id"] == "seen_by_referent_12m")
    assert referent["available"] is True and referent["seen"] == 0  # no exchange recorded


def test_report_queries_do_not_grow_with_contracts(
    cohort, ufr_montpellier, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    contracts = Contract.objects.filter(followup_region="76")
    with CaptureQueriesContext(connection) as few:
        platform_cohort(contracts, AS_OF)
    for commune in ("09001", "31555", "30189"):
        _installed(ufr_montpellier, commune=commune)
    with CaptureQueriesContext(connection) as more:
        result = platform_cohort(contracts, AS_OF)
    assert len(result.rows) == 6
    assert len(more.captured_queries) == len(few.captured_queries)  # no N+1


def test_platform_command_writes_report_and_strict_readable_extract(cohort, tmp_path):
    from cesp.cli import main as cesp
    from cesp.observatory.cohort import read_cohort

    out, extract = tmp_path / "r.json", tmp_path / "extract.csv"
    code = cesp(
        [
            "observatory",
            "platform",
            "--out",
            str(out),
            "--extract",
            str(extract),
            "--as-of",
            "2026-11-24",
        ]
    )
    assert code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["flow"]["profiles"] == 3 and report["report"]["region"] == "76"
    rows = read_cohort(extract, strict=True).rows
    assert {r.profile_id for r in rows} == {
        research_pseudonym(c.reference) for k, c in cohort.items() if k != "other"
    }
    assert all(r.signature_date.day == 1 for r in rows)
    assert cesp(["observatory", "platform", "--out", str(out), "--region", "99"]) == 2
