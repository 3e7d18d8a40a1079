"""Deadlines on the contract page, in a real browser: the row, who acts, its "pourquoi ?"."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.browser.conftest import login, open_why
from tests.factories import ContractEventFactory, ContractFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# The server (live_server's thread) sees the travelled clock; it keeps ticking for the browser.
@time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC))
def test_recent_intern_sees_the_third_cycle_window_and_why(page, live_server, shots):
    """R17: an intern since 10 days has until start + 30 days to ask for the suspension."""
    student = UserFactory(student=True, username="interne", first_name="Sacha")
    contract = ContractFactory(reference="CESP-INT-0001", signatory=student)
    start = dt.date(2026, 11, 14)  # 10 days before the travelled day
    ContractEventFactory(contract=contract, type="internship_start", date=start)
    login(page, live_server.url, "interne")
    page.goto(f"{live_server.url}/contrats/{contract.pk}/")
    row = page.locator('tr[data-deadline="third_cycle_request"]')
    last_day = start + dt.timedelta(days=30)
    assert last_day.strftime("%d/%m/%Y") in row.inner_text()
    assert "le signataire" in row.inner_text()
    why = row.locator("details.cesp-why")
    assert not why.locator("ol").first.is_visible()
    open_why(why)
    assert "art. 3, 2° c" in why.locator("ol").first.inner_text()
    page.screenshot(path=shots / "contract-deadlines.png", full_page=True)
    page.goto(f"{live_server.url}/")
    assert last_day.strftime("%-d") in page.locator(f"#next-deadline-{contract.pk}").inner_text()
