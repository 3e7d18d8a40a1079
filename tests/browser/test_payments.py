"""Payments in a real browser: the signatory sees a month paid and the reason of a gap,
then downloads their income attestation (a PDF)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cesp.contracts.enums import EventType
from cesp.payments.enums import LineKind
from tests.browser.conftest import login
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
