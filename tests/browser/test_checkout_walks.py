"""Guide → product → cart → checkout → order, in Chromium on a desktop and on a phone, with US and British
addresses: every page passes axe-core, the phone's cart and header fit, and the order says the right things."""

import re

import pytest

from orders.models import Order, ShippingMethod
from tests.browser.focus import focused_id
from tests.factories import ProductFactory

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
US_ACCOUNT = "Limber Inc., account 111222333, ABA routing number 026009593"
UK_ACCOUNT = "Limber Ltd, IBAN GB29 NWBK 6016 1331 9268 19, BIC NWBKGB2L"
ADDRESSES = {
    "us": (
        {"Country": "United States", "State, province or territory": "Oregon"},
        {"Town or city": "Portland", "ZIP or postcode": "97201"},
        ["Sam Runner", "1 Track Lane", "Portland, OR 97201", "United States"],
    ),
    "gb": (
        {"Country": "United Kingdom"},
        {"Town or city": "London", "ZIP or postcode": "sw1a 2aa"},
        ["Sam Runner", "1 Track Lane", "London", "SW1A 2AA", "United Kingdom"],
    ),
}


@pytest.fixture
def store(transactional_db, demo, settings):
    """The demo store (in US dollars) with a shipping method and bank accounts in two currencies."""
    ShippingMethod.objects.update_or_create(
        code="standard", defaults={"name": "Standard (3–5 working days)", "price": "4.95"}
    )
    settings.LIMBER_BANK_ACCOUNTS = {"USD": US_ACCOUNT, "GBP": UK_ACCOUNT}


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the screen (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("where", ["us", "gb"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_shopper_walks_from_a_guide_to_an_invoice_order_with_no_accessibility_violations(
    browser, live_server, store, axe, viewport, where
):
    choices, typed, printed = ADDRESSES[where]
    phone = viewport == PHONE
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=viewport)
    page = context.new_page()
    violations = {}
    try:
        page.goto("/guides/runners-knee/")
        violations["guide"] = axe(page)
        page.locator("section#products .card h3 a").first.click()
        name = page.get_by_role("heading", level=1).inner_text()
        violations["product"] = axe(page)
        add = page.get_by_role("button", name=re.compile("Add to cart"))
        header = page.locator(".site-header").bounding_box()
        add_box = add.first.bounding_box()
        add.first.click()
        page.locator(".site-header").get_by_role("link", name=re.compile("^Cart")).click()
        violations["cart"] = axe(page)
        cart_overflow = horizontal_overflow(page)
        remove = page.get_by_role("button", name=f"Remove {name}")
        remove_box = remove.bounding_box()
        page.get_by_role("link", name="Go to checkout").click()

        page.get_by_role("button", name="Continue to review").click()  # nothing filled in yet
        summary_focused = focused_id(page)
        violations["checkout with errors"] = axe(page)
        page.get_by_label("Email").fill("sam@example.com")
        page.get_by_label("Full name").fill("Sam Runner")
        for label, option in choices.items():
            page.get_by_label(label).select_option(label=option)
        page.get_by_label("Address line 1").fill("1 Track Lane")
        for label, value in typed.items():
            page.get_by_label(label).fill(value)
        page.get_by_label(re.compile("Standard")).check()
        violations["checkout"] = axe(page)
        page.get_by_role("button", name="Continue to review").click()

        violations["review"] = axe(page)
        review_address = page.locator("address").inner_text().splitlines()
        review_overflow = horizontal_overflow(page)
        page.get_by_label("Invoice / bank transfer").check()
        page.get_by_role("button", name="Place order").click()

        order = Order.objects.get()
        assert page.get_by_role("heading", name=f"Order {order.number}").is_visible()
        violations["order"] = axe(page)
        order_text = page.locator("main").inner_text()
        order_address = page.locator("address").inner_text().splitlines()
        order_overflow = horizontal_overflow(page)
    finally:
        context.close()

    assert {what: found for what, found in violations.items() if found} == {}
    assert summary_focused == "error-summary"
    assert review_address == order_address == printed
    assert f"quoting {order.number}, to {US_ACCOUNT}." in order_text  # the demo shop sells in US dollars
    assert "IBAN" not in order_text
    assert (cart_overflow, review_overflow, order_overflow) == (0, 0, 0)
    assert remove_box["x"] >= 0
    assert remove_box["x"] + remove_box["width"] <= viewport["width"]
    add_bottom = add_box["y"] + add_box["height"]
    print(f"{where} {viewport['width']} px: header {header['height']:.0f} px, Add to cart ends at {add_bottom:.0f} px")
    if phone:
        assert header["height"] <= 120, f"the header takes {header['height']} px of 844"
        assert add_bottom <= viewport["height"], "Add to cart is below the fold"


def test_with_scripts_on_the_state_list_follows_the_country(browser, live_server, transactional_db):
    ShippingMethod.objects.update_or_create(code="standard", defaults={"name": "Standard", "price": "4.95"})
    product = ProductFactory()
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"/products/{product.slug}/")
        page.get_by_role("button", name=re.compile("Add to cart")).click()
        page.goto("/checkout/")
        state = page.get_by_label("State, province or territory")
        us_states = state.locator("optgroup:not([disabled]) option").all_inner_texts()
        page.get_by_label("Country").select_option(label="United Kingdom")
        hidden_for_gb = not state.is_visible()
        page.get_by_label("Country").select_option(label="Canada")
        ca_provinces = state.locator("optgroup:not([disabled]) option").all_inner_texts()
        state.select_option(label="Quebec")
        chosen = state.input_value()
    finally:
        context.close()

    assert len(us_states) == 52  # fifty states, DC and Puerto Rico
    assert "Oregon" in us_states
    assert hidden_for_gb
    assert "Quebec" in ca_provinces
    assert "Oregon" not in ca_provinces
    assert chosen == "CA-QC"
