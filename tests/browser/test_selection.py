"""Selection in a real browser: the candidate's draft is saved as they type (htmx, no
inline script under the strict CSP) and is still there after a reload."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cesp.selection import services
from tests.browser.conftest import login
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC))
def test_candidate_draft_autosaves_and_survives_a_reload(page, live_server, shots):
    campaign = services.open_campaign(OrganisationFactory(ufr=True, name="UFR de test"), 2026, None)
    UserFactory(student=True, username="postulant")
    login(page, live_server.url, "postulant")
    page.goto(f"{live_server.url}/selection/")
    page.get_by_role("button", name="Commencer mon dossier").click()
    page.wait_for_load_state()
    field = page.locator("#id_identite-birth_place")
    field.fill("Béziers")
    field.press("Tab")
    page.locator("#section-identite").get_by_text("Enregistré à").wait_for()
    page.screenshot(path=shots / "selection-dossier.png", full_page=True)
    page.reload()
    assert page.locator("#id_identite-birth_place").input_value() == "Béziers"
    assert campaign.dossiers.get().birth_place == "Béziers"
