"""A shopper buys in a real browser without JavaScript: product page → cart → checkout → invoice order."""

import re

import pytest

from orders.models import Order, ShippingMethod

pytestmark = pytest.mark.browser


@pytest.fixture
def store(transactional_db, demo):
    """The demo store with its shipping methods, committed so the live server sees it."""
    ShippingMethod.objects.update_or_create(
        code="standard", defaults={"name": "Standard (3–5 working days)", "price": "4.95"}
    )


def test_a_shopper_goes_from_the_runners_knee_guide_to_a_placed_invoice_order(page, store):
    page.goto("/guides/runners-knee/")
    products = page.locator("section#products")
    name = products.locator(".card h3 a").first.inner_text()
    products.locator(".card").first.get_by_role("button", name=re.compile("Add to cart")).click()

    assert page.locator(".cart-count").inner_text() == "1"
    page.get_by_role("link", name=re.compile("^Cart")).click()
    page.get_by_label(re.compile(f"Quantity of {re.escape(name)}")).fill("2")
    page.get_by_role("button", name="Update quantities").click()
    page.get_by_role("link", name="Go to checkout").click()

    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_label("Full name").fill("Sam Runner")
    page.get_by_label("Address line 1").fill("1 Track Lane")
    page.get_by_label("Postcode or ZIP").fill("12345")
    page.get_by_label("Town or city").fill("Springfield")
    page.get_by_label("Country code").fill("us")
    page.get_by_label(re.compile("Standard")).check()
    page.get_by_role("button", name="Continue to review").click()

    assert page.get_by_role("heading", name="Review your order").is_visible()
    page.get_by_label("Invoice / bank transfer").check()
    page.get_by_role("button", name="Place order").click()

    order = Order.objects.get()
    assert page.get_by_role("heading", name=f"Order {order.number}").is_visible()
    assert f"Thank you! Your order {order.number} is placed." in page.content()
    assert page.locator(".cart-count").inner_text() == "0"
    line = order.lines.get()
    assert (line.product_name, line.quantity, line.source, line.source_condition) == (name, 2, "guide", "runners-knee")
    assert page.external_requests == []
