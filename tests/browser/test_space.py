"""« Mon espace » on a phone, in a real browser: the sections one under the other, the
summary's links, a « pourquoi ? » opened, the protection clock — and no CSP violation
(``csp_checked_page`` fails the test on any)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cesp.territories.models import ProjectDeclaration
from tests.browser.conftest import csp_checked_page, login, open_why
from tests.factories import ContractEventFactory, ContractFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


@time_machine.travel(dt.datetime(2025, 5, 26, 12, tzinfo=dt.UTC))
def test_my_space_on_a_phone(browser, live_server, shots):
    student = UserFactory(student=True, username="camille", first_name="Camille")
    contract = ContractFactory(reference="CESP-MTP-0042", signatory=student)
    ContractEventFactory(contract=contract, type="internship_start", date=dt.date(2025, 5, 12))
    ProjectDeclaration.objects.create(
        contract=contract, commune_code="09122", declared_on=dt.date(2024, 2, 29)
    )
    with csp_checked_page(browser, **PHONE) as page:
        login(page, live_server.url, "camille")
        page.get_by_role("link", name="Mon espace : contrat").click()
        page.wait_for_load_state()
        assert page.url.endswith("/mon-espace/")
        assert "CESP-MTP-0042" in page.locator("h1 + p").inner_text()
        # phone first: no horizontal scroll, the sections stacked
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, width
        tops = [
            page.locator(f"section#{key}").bounding_box()["y"]
            for key in ("contrat", "calendrier", "referent", "projet", "versements")
        ]
        assert tops == sorted(tops)
        # the summary jumps to a section
        page.locator(".fr-summary__link", has_text="Mon projet professionnel").click()
        assert page.url.endswith("#projet")
        clock = page.locator('[data-clock="09122"]')
        assert "14 mois sur 36" in clock.inner_text()  # the badge is in capitals
        assert "28 février 2027" in clock.inner_text()
        # a figure's « pourquoi ? »
        why = page.locator("#space-why-allocation")
        open_why(why)
        assert why.locator("ol").first.is_visible()
        page.screenshot(path=shots / "space-phone.png", full_page=True)
