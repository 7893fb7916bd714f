"""Every shopper page, on a desktop and on a phone, has no accessibility violations that axe-core can find."""

import re

import pytest

from orders.models import ShippingMethod

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def store(transactional_db, demo):
    """The demo store with a shipping method, committed so the live server sees it."""
    ShippingMethod.objects.update_or_create(code="standard", defaults={"name": "Standard (3–5 days)", "price": "4.95"})


def shopper_pages(page):
    """Walk the shop as a shopper would and yield (what, page) at each page worth checking."""
    for path in ["/", "/products/", "/guides/", "/guides/runners-knee/", "/symptom-check/?area=knee"]:
        page.goto(path)
        yield path, page
    page.goto("/products/?search=strap")
    yield "search", page
    page.locator(".card h3 a").first.click()
    yield "product page", page
    page.get_by_role("button", name=re.compile("Add to cart")).first.click()
    page.goto("/cart/")
    yield "cart", page
    page.goto("/checkout/")
    yield "checkout", page
    page.get_by_role("button", name=re.compile("Continue")).click()  # nothing filled in: every field is named
    yield "checkout with errors", page


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_shopper_pages_have_no_accessibility_violations(browser, live_server, store, axe, viewport):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=viewport)
    try:
        found = {what: axe(page) for what, page in shopper_pages(context.new_page())}
    finally:
        context.close()

    assert len(found) == 10
    problems = {what: violations for what, violations in found.items() if violations}
    assert not problems, "\n".join(f"{what}: {v}" for what, vs in problems.items() for v in vs)
