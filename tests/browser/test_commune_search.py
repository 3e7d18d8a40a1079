"""The commune search field in a real browser: suggestions by name and by postal code,
picked with the mouse or the keyboard, and the same field without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest

from cesp.territories import services
from cesp.territories.models import ProjectDeclaration
from tests.factories import ContractFactory, UserFactory
from tests.territories.conftest import zoning_csv

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def zoning(transactional_db):
    services.import_zoning(
        zoning_csv(),
        "z.csv",
        region="76",
        profession="medecine",
        valid_from=dt.date(2022, 5, 4),
        act="Arrêté ARS Occitanie 2022",
    )


def _lookup(page, base_url: str) -> None:
    page.goto(f"{base_url}/territoires/public/?date=2025-01-15&profession=medecine")


def test_type_foix_and_pick_the_suggestion(zoning, live_server, page, shots):
    _lookup(page, live_server.url)
    field = page.get_by_role("combobox", name="Commune")
    field.press_sequentially("foix", delay=30)
    option = page.get_by_role("option", name="Foix (09122)")
    option.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    page.screenshot(path=str(shots / "commune-search-foix.png"))
    option.click()
    assert field.input_value() == "Foix (09122)"
    assert field.get_attribute("aria-expanded") == "false"
    page.get_by_role("button", name="Chercher").click()
    page.wait_for_load_state()
    assert "Foix (09122)" in page.locator("#result-title").inner_text()
    assert page.locator("#zone-badge").inner_text() == "ZIP"


def test_type_a_postal_code_and_choose_with_the_keyboard(zoning, live_server, page):
    _lookup(page, live_server.url)
    field = page.get_by_role("combobox", name="Commune")
    field.press_sequentially("09000", delay=30)
    options = page.get_by_role("listbox").get_by_role("option")
    options.first.wait_for()
    assert options.first.inner_text().startswith("Foix (09122)")
    assert options.count() == 10  # 23 communes share 09000: the first ten, most populous first
    field.press("ArrowDown")
    assert options.first.get_attribute("aria-selected") == "true"
    assert field.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    field.press("Enter")  # picks the suggestion, does not submit the form
    assert field.input_value() == "Foix (09122)"
    assert "result-title" not in page.content()
    field.press("Enter")
    page.wait_for_load_state()
    assert "Foix (09122)" in page.locator("#result-title").inner_text()


def test_escape_closes_the_list_and_typing_more_narrows_it(zoning, live_server, page):
    _lookup(page, live_server.url)
    field = page.get_by_role("combobox", name="Commune")
    field.press_sequentially("st gir", delay=30)
    page.get_by_role("option", name="Saint-Girons (09261)").wait_for()
    field.press("Escape")
    assert page.get_by_role("listbox").is_hidden()
    assert field.get_attribute("aria-expanded") == "false"


def test_without_javascript_the_server_resolves_or_names_the_candidates(
    zoning, live_server, browser
):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    try:
        _lookup(page, live_server.url)
        field = page.get_by_role("textbox", name="Commune")  # a plain text field
        field.fill("09000")
        page.get_by_role("button", name="Chercher").click()
        error = page.locator(".fr-error-text").inner_text()
        assert error.startswith("Le code postal 09000 dessert 23 communes : Foix (09122),")
        page.get_by_role("textbox", name="Commune").fill("Foix (09122)")
        page.get_by_role("button", name="Chercher").click()
        assert page.locator("#zone-badge").inner_text() == "ZIP"
        page.get_by_role("textbox", name="Commune").fill("saint girons")
        page.get_by_role("button", name="Chercher").click()
        assert "Saint-Girons (09261)" in page.locator("#result-title").inner_text()
    finally:
        context.close()


def test_the_professional_project_stores_the_picked_commune_code(zoning, live_server, page):
    student = UserFactory(student=True, username="projet")
    contract = ContractFactory(signatory=student)
    login(page, live_server.url, "projet")
    page.goto(f"{live_server.url}/territoires/projet/{contract.pk}/")
    field = page.get_by_role("combobox", name="Commune du projet")
    field.press_sequentially("09000", delay=30)
    page.get_by_role("option", name="Foix (09122)").click()
    page.get_by_label("Reçu par l'ARS le").fill("2023-06-01")
    page.get_by_role("button", name="Ajouter au projet").click()
    page.wait_for_load_state()
    assert ProjectDeclaration.objects.get().commune_code == "09122"
