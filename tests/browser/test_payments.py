"""Payments in a real browser: the signatory sees a month paid and the reason of a gap,
then downloads their income attestation (a PDF); a run ordered by one agent and its
file produced by another."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Permission

from cesp.contracts.enums import EventType
from cesp.payments import runs
from cesp.payments.enums import AccountStatus, LineKind
from cesp.payments.models import BankAccount
from cesp.rules.months import Month
from tests.browser.conftest import csp_checked_page, login
from tests.factories import ContractEventFactory, ContractFactory, UserFactory
from tests.payments.line_factories import paid_line

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@time_machine.travel(dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC))
def test_signatory_sees_the_month_and_downloads_the_attestation(page, live_server, shots):
    student = UserFactory(student=True, username="allocataire", first_name="Noé")
    contract = ContractFactory(reference="CESP-PAY-0001", signatory=student)
    ContractEventFactory(contract=contract, type=EventType.DES, date=dt.date(2024, 10, 18))
    ContractEventFactory(contract=contract, type=EventType.THESIS, date=dt.date(2024, 12, 12))
    for month in ("2021-10", "2021-11", "2021-12", "2022-01", "2022-02", "2022-03"):
        paid_line(contract, month, dt.date(2022, 7, 22), kind=LineKind.ARREARS)
    login(page, live_server.url, "allocataire")
    page.get_by_role("link", name="Mes allocations").first.click()
    page.wait_for_load_state()
    row = page.locator('tr[data-month="2021-11"]')
    assert "versé en rappel le 22/07/2022" in row.inner_text()
    gap = page.locator('tr[data-month="2025-01"]')
    assert "diplôme obtenu le 12/12/2024" in gap.inner_text()
    page.screenshot(path=shots / "payments-mine.png", full_page=True)
    page.locator('a[data-attestation="2022"]').click()
    page.wait_for_load_state()
    assert "Net imposable" in page.locator("#document-total").inner_text()
    with page.expect_download() as download:
        page.locator("#document-pdf").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")


@time_machine.travel(dt.datetime(2026, 6, 25, 10, tzinfo=dt.UTC))
def test_a_run_is_ordered_then_exported_by_another_agent(browser, live_server, shots):
    """Ordering and producing the file are two roles (décret 2012-1246 art. 9): the agent
    who orders does not see the export step; the accountant does, and gets the file."""
    signatory = UserFactory(student=True, username="boursier")
    contract = ContractFactory(
        reference="CESP-PAY-0002",
        signatory=signatory,
        campaign_year=2025,
        signature_date=dt.date(2026, 5, 4),
    )
    BankAccount.objects.create(
        contract=contract,
        iban="FR7630006000011234567890189",
        bic="AGRIFRPPXXX",
        holder_name="Sacha Martin",
        valid_from=dt.date(2026, 5, 4),
        status=AccountStatus.CONFIRMED,
    )
    runs.compute_run(Month(2026, 6), apply=True)
    perms = Permission.objects.filter(content_type__app_label="payments")
    orderer = UserFactory(national=True, username="ordonnateur")
    orderer.user_permissions.add(*perms.filter(codename="order_run"))
    accountant = UserFactory(national=True, username="comptable")
    accountant.user_permissions.add(*perms.filter(codename="export_run"))
    with csp_checked_page(browser) as page:
        login(page, live_server.url, "ordonnateur")
        page.get_by_role("link", name="Versements", exact=True).first.click()
        page.locator('tr[data-run="2026-06"] a').click()
        page.locator('button[data-step="check"]').click()
        page.wait_for_load_state()
        page.locator('button[data-step="order"]').click()
        page.wait_for_load_state()
        assert page.locator("#run-status").get_attribute("data-status") == "ordered"
        assert page.locator('button[data-step="export"]').count() == 0
    with csp_checked_page(browser) as page:
        login(page, live_server.url, "comptable")
        page.goto(f"{live_server.url}/paiements/versements/")
        page.locator('tr[data-run="2026-06"] a').click()
        page.locator('button[data-step="export"]').click()
        page.wait_for_load_state()
        assert page.locator("#run-status").get_attribute("data-status") == "exported"
        assert "fichier produit par comptable" in page.locator("main").inner_text()
        page.screenshot(path=shots / "payments-run-exported.png", full_page=True)
        with page.expect_download() as download:
            page.locator('a[data-file="pain.001"]').click()
        with open(download.value.path(), "rb") as handle:
            assert handle.read(5) == b"<?xml"
