"""Real-browser tests: Playwright (sync API) driving Debian's Chromium against
pytest-django's ``live_server``. Marked ``browser``; skipped when Chromium is absent.

Screenshots of key pages go to ``$CESP_SCREENSHOTS`` (default: pytest's tmp dir).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
# test body are still synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium per test module. Module scope, not session: Playwright's sync API
    allows one running instance per thread, and other apps' browser tests start their
    own in the same xdist worker — this one must be closed before they run."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Chromium absent (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


# Every page reports Content-Security-Policy violations on the console, where the
# ``page`` fixture collects them with the browser's own "Refused to …" messages.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  const style = (e.target && e.target.getAttribute && e.target.getAttribute("style")) || "";
  if (style.includes("caret-color: transparent !important")) return;  // Playwright's own
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || e.documentURI}:${e.lineNumber}`);
});
"""


#: The hash of « caret-color: transparent !important; », the style attribute Playwright's
#: screenshots put on inputs to hide the caret: the CSP refuses it, but it is the test
#: tool's, never the site's.
PLAYWRIGHT_CARET_STYLE = "sha256-LCYO6aZgIIKUnjcSr4gFsHQ6Y4vrxnN7Ev5la8a4W4Y="


def is_csp_violation(text: str) -> bool:
    if PLAYWRIGHT_CARET_STYLE in text:
        return False
    return "CSP violation" in text or "Content Security Policy" in text


@contextlib.contextmanager
def csp_checked_page(browser, timeout_ms: int = 10_000, **context_args) -> Iterator[object]:
    """A page in a fresh context; fails the test on any CSP violation its pages raise."""
    context_args = {"locale": "fr-FR", "viewport": {"width": 1280, "height": 900}} | context_args
    context = browser.new_context(**context_args)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if is_csp_violation(message.text)
            else None
        ),
    )
    yield page
    context.close()
    if violations:
        pytest.fail("Violations de la CSP :\n" + "\n".join(violations))


@pytest.fixture
def page(browser):
    with csp_checked_page(browser) as page:
        yield page


@pytest.fixture
def shots(tmp_path_factory) -> Path:
    target = os.environ.get("CESP_SCREENSHOTS")
    path = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def login(page, base_url: str, username: str, password: str = "demo") -> None:
    """Log in through the standard form at /accounts/login/, as a person would."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def open_why(why) -> None:
    """Open a « pourquoi ? » as a reader does: its summary, then « Le détail du calcul »."""
    why.locator(":scope > summary").click()
    why.locator(".cesp-why-detail > summary").click()
