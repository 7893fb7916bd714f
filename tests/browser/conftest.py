"""A real headless Chromium (Debian's package) driven by Playwright, against Django's live server."""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import IN_CI

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        message = "needs Chromium: apt-get install chromium (or set CHROMIUM_PATH)"
        if IN_CI:
            pytest.fail(f"CI=true but {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    external = []
    tab.on(
        "request", lambda request: external.append(request.url) if not request.url.startswith(live_server.url) else None
    )
    tab.external_requests = external
    yield tab
    context.close()


AXE_SOURCE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed from the npm registry by `make install` (tests/browser/axe)."""
    if not AXE_SOURCE.exists():
        message = "needs axe-core: run `make install` (npm ci in tests/browser/axe)"
        if IN_CI:
            pytest.fail(f"CI=true but {message}", pytrace=False)
        pytest.skip(message)
    return AXE_SOURCE.read_text(encoding="utf-8")


@pytest.fixture
def axe(browser, axe_source):
    """Return a check that runs axe-core on what a page shows now and returns its violations.

    Shopper pages run without JavaScript, and axe needs it: the page's HTML as shown is served again,
    at the same address, in a second context with scripts on (and the page's CSP bypassed for
    axe alone), so a page reached by a form post is checked as the shopper saw it.
    """

    def check(page) -> list[dict]:
        html, url = page.content(), page.url
        context = browser.new_context(bypass_csp=True, viewport=page.viewport_size)
        try:
            copy = context.new_page()
            copy.route(url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
            copy.goto(url)
            copy.add_script_tag(content=axe_source)
            return copy.evaluate(
                """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(
                    v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}))"""
            )
        finally:
            context.close()

    return check
