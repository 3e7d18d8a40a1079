"""The UI in a real browser: each role sees only its scope; recording an event changes
the figures and their explanation; the public simulator works on a phone."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import csp_checked_page, login, open_why
from tests.factories import ContractFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    ufr_mtp = OrganisationFactory(ufr=True, code="ufr-montpellier", name="UFR Montpellier")
    ufr_rns = OrganisationFactory(ufr=True, code="ufr-rennes", name="UFR Rennes", region_code="53")
    ars_occ = OrganisationFactory(ars=True, code="ars-occitanie", region_code="76")
    ars_bzh = OrganisationFactory(ars=True, code="ars-bretagne", region_code="53")
    users = {
        "etudiant": UserFactory(student=True, username="etudiant", first_name="Camille"),
        "ufr-montpellier": UserFactory(
            ufr_agent=True, username="ufr-montpellier", organisation=ufr_mtp
        ),
        "ars-occitanie": UserFactory(
            ars_referent=True, username="ars-occitanie", organisation=ars_occ
        ),
        "ars-bretagne": UserFactory(
            ars_referent=True, username="ars-bretagne", organisation=ars_bzh
        ),
        "commission-montpellier": UserFactory(
            commission=True, username="commission-montpellier", organisation=ufr_mtp
        ),
        "national": UserFactory(national=True, username="national"),
        "admin": UserFactory(admin=True, username="admin"),
        "chercheur": UserFactory(researcher=True, username="chercheur"),
    }
    own = ContractFactory(reference="CESP-MTP-0001", signatory=users["etudiant"], ufr=ufr_mtp)
    other = ContractFactory(reference="CESP-RNS-0001", ufr=ufr_rns)
    return {"users": users, "own": own, "other": other}


SCOPES = {
    # login: (sees CESP-MTP-0001, sees CESP-RNS-0001)
    "ufr-montpellier": (True, False),
    "commission-montpellier": (True, False),
    "ars-occitanie": (True, False),
    "ars-bretagne": (False, True),
    "national": (True, True),
    "admin": (True, True),
}


def test_each_role_sees_only_its_scope(page, live_server, world, shots):
    base = live_server.url
    for username, (sees_own, sees_other) in SCOPES.items():
        login(page, base, username)
        assert page.get_by_role("heading", level=1).inner_text().startswith("Bonjour")
        page.goto(f"{base}/contrats/")
        text = page.locator("#contract-results").inner_text()
        assert ("CESP-MTP-0001" in text) == sees_own, username
        assert ("CESP-RNS-0001" in text) == sees_other, username
        if username == "national":
            page.screenshot(path=shots / "list-national.png", full_page=True)
        response = page.goto(f"{base}/contrats/{world['other'].pk}/")
        assert response.status == (200 if sees_other else 404), username
        page.context.clear_cookies()
    # The student lands on their own contract and cannot open another one.
    login(page, base, "etudiant")
    page.screenshot(path=shots / "home-student.png", full_page=True)
    page.goto(f"{base}/contrats/")
    assert page.url.endswith(f"/contrats/{world['own'].pk}/")
    assert page.goto(f"{base}/contrats/{world['other'].pk}/").status == 404
    page.context.clear_cookies()
    # The researcher has no contract list: the observatory is their door.
    login(page, base, "chercheur")
    assert page.get_by_role("link", name="Ouvrir l'observatoire").is_visible()
    assert page.goto(f"{base}/contrats/").status == 404


def test_filtering_with_htmx_updates_the_list_without_reloading(page, live_server, world):
    login(page, live_server.url, "national")
    page.goto(f"{live_server.url}/contrats/")
    page.evaluate("window.__marker = 'same page'")
    page.locator("#id_region").select_option("53")
    page.wait_for_url(re.compile(r"region=53"))
    page.wait_for_function(
        "!document.querySelector('#contract-results').innerText.includes('CESP-MTP-0001')"
    )
    assert "CESP-RNS-0001" in page.locator("#contract-results").inner_text()
    assert page.evaluate("window.__marker") == "same page"


def _figure(page, name: str) -> int:
    return int(re.match(r"\d+", page.locator(f'[data-figure="{name}"]').inner_text()).group())


def test_recording_an_event_changes_the_figures_and_the_explanation(
    page, live_server, world, shots
):
    base = live_server.url
    own = world["own"]
    login(page, base, "ufr-montpellier")
    page.goto(f"{base}/contrats/{own.pk}/")
    months_before = _figure(page, "allocation.months")
    due_before = _figure(page, "engagement.months_due")
    page.get_by_role("link", name="Enregistrer un événement").click()
    page.get_by_role("link", name="Suspension pendant les études").click()
    page.get_by_label("Début").fill("2023-03-01")
    page.get_by_label("Fin").fill("2023-06-30")
    page.get_by_label("Motif de la suspension").select_option("maternite")
    page.locator("#id_reason").fill("Congé de maternité, certificat reçu")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"{base}/contrats/{own.pk}/")
    assert "les chiffres sont à jour" in page.locator(".fr-alert--success").inner_text()
    # interfaces.md §1: a suspension covers whole months March..June 2023 = 4 months,
    # neither paid nor owed.
    assert _figure(page, "allocation.months") == months_before - 4
    assert _figure(page, "engagement.months_due") == max(due_before - 4, 24)
    why = page.locator("#why-allocation")
    open_why(why)
    assert "4 mois suspendus" in why.inner_text()
    assert "Arrêté du 27 juillet 2010" in why.inner_text()
    assert "Congé de maternité, certificat reçu" in page.locator("#timeline").inner_text()
    page.screenshot(path=shots / "contract-after-event.png", full_page=True)


def test_an_event_refused_by_the_rules_shows_the_reason_beside_the_field(page, live_server, world):
    base = live_server.url
    own = world["own"]
    login(page, base, "ufr-montpellier")
    page.goto(f"{base}/contrats/{own.pk}/evenement/practice_suspension/")
    assert page.goto(f"{base}/contrats/{own.pk}/evenement/internship_start/").status == 200
    page.get_by_label("Date").fill("2024-11-02")
    page.locator("#id_reason").fill("Prise de fonctions")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"{base}/contrats/{own.pk}/")
    # a thesis before the signature cannot exist: the rules refuse it beside the field
    page.goto(f"{base}/contrats/{own.pk}/evenement/thesis/")
    page.get_by_label("Date").fill("2019-01-01")
    page.locator("#id_reason").fill("Soutenance")
    page.get_by_role("button", name="Enregistrer").click()
    error = page.locator("#id_date-error")
    assert "précéder la signature" in error.inner_text()
    assert page.get_by_label("Date").get_attribute("aria-invalid") == "true"


def test_public_simulator_on_a_phone(browser, live_server, shots):
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server.url}/simulateur/")
        page.get_by_label("Profession").select_option("medecine")
        page.get_by_label("Cycle ou catégorie").select_option("second_cycle")
        page.get_by_label("Année de la campagne").fill("2021")
        page.get_by_label("Date de signature").fill("2022-06-20")
        page.get_by_label("Date prévue du DES").fill("2027-10-15")
        page.get_by_label("Date prévue de la thèse").fill("2027-12-10")
        page.get_by_label("Et si je rompais").fill("2024-01-15")
        page.get_by_role("button", name="Calculer").click()
        total = page.locator('[data-figure="breach.total"]')
        total.wait_for()
        assert total.inner_text().replace("\u202f", " ") == "35 997,64 €"
        assert page.locator('[data-figure="allocation.months"]').first.inner_text() == "75 mois"
        why = page.locator("#why-breach-breach")
        open_why(why)
        assert "26 mai 2020" in why.inner_text()
        # on a phone the results come first, above the form
        results_top = page.locator("#simulator-results").bounding_box()["y"]
        form_top = page.locator("#simulator-form").bounding_box()["y"]
        assert results_top < form_top
        # usable on a phone: nothing wider than the screen
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        page.screenshot(path=shots / "simulator-phone.png", full_page=True)
    finally:
        context.close()


def test_keyboard_user_reaches_the_content_through_the_skip_link(page, live_server):
    page.goto(f"{live_server.url}/simulateur/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Contenu"
    page.keyboard.press("Enter")
    assert page.url.endswith("#content")
    # every visible form control has a label
    unlabelled = page.evaluate(
        """[...document.querySelectorAll('main input:not([type=hidden]), main select')]
           .filter(e => !(e.labels && e.labels.length)).map(e => e.name)"""
    )
    assert unlabelled == []


def test_a_csp_violation_fails_the_test(live_server, browser):
    """The guard itself: an inline style set on a page is refused by the CSP, and the
    shared ``page`` fixture turns that violation into a failure."""
    with (
        pytest.raises(pytest.fail.Exception, match="style-src"),
        csp_checked_page(browser) as page,
    ):
        response = page.goto(f"{live_server.url}/simulateur/")
        policy = response.headers["content-security-policy"]
        # django-csp does not keep the directives' order: compare them as a set
        assert "script-src 'self'" in {d.strip() for d in policy.split(";")}
        assert "unsafe-inline" not in policy
        page.evaluate("document.body.setAttribute('style', 'color: red')")
        page.wait_for_timeout(200)
