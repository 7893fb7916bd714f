"""Checkout as a shopper walks it: details, review, place; short stock; the order page and its link."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import dateformat, timezone

from catalog.models import Product
from orders.links import order_url
from orders.models import Order, OrderStatus
from tests.factories import ProductFactory
from tests.orders.conftest import review_post, review_token

pytestmark = pytest.mark.django_db


def test_a_guest_places_an_invoice_order_and_lands_on_its_page(
    client, fill_cart, checkout_details, django_capture_on_commit_callbacks
):
    roller = ProductFactory(name="Grid Roller", sku="ROL-1", price=Decimal("30.00"), stock_quantity=4)
    fill_cart(roller, quantity=2, source="guide", condition="it-band-syndrome")

    details = checkout_details()
    review = client.get(details.headers["Location"])
    token = re.search(r'name="token" value="([^"]+)"', review.text)[1]
    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post("/checkout/review/", {"payment_method": "invoice", "token": token})
    page = client.get(placed.headers["Location"])

    assert review.status_code == 200
    assert "$64.95" in review.text  # 2 × $30 + $4.95 standard shipping
    order = Order.objects.get()
    assert page.status_code == 200
    assert f"Order {order.number}" in page.text
    assert f"Thank you! Your order {order.number} is placed." in page.text
    held = dateformat.format(timezone.localtime(order.hold_expires_at), "j F Y, H:i T")
    assert f"Please transfer $64.95, quoting {order.number}" in page.text
    assert f"Pay by {held}: after that the order is cancelled" in page.text
    payment = page.text.split('id="pay-heading"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r"\d{1,2} [A-Z][a-z]+ \d{4}", payment) == [held.split(",")[0]]  # one date to pay by
    assert abs(order.hold_expires_at - order.created_at - timedelta(days=17)) < timedelta(seconds=5)
    assert Product.objects.get(pk=roller.pk).stock_quantity == 2
    assert (order.status, order.total, order.user) == (OrderStatus.PLACED, Decimal("64.95"), None)
    line = order.lines.get()
    assert (line.product_sku, line.quantity, line.source, line.source_condition) == (
        "ROL-1",
        2,
        "guide",
        "it-band-syndrome",
    )
    assert 'class="cart-count">0<' in page.text
    assert len(mail.outbox) == 1


def test_the_order_keeps_the_price_it_was_placed_at(client, fill_cart, checkout_details):
    roller = ProductFactory(price=Decimal("30.00"))
    fill_cart(roller)
    checkout_details()
    review_post(client)

    Product.objects.filter(pk=roller.pk).update(price=Decimal("99.00"), name="Renamed Roller")

    order = Order.objects.get()
    line = order.lines.get()
    assert (line.unit_price, order.subtotal, line.product_name) == (Decimal("30.00"), Decimal("30.00"), roller.name)


def test_details_with_mistakes_come_back_with_a_message_per_field(client, fill_cart, checkout_details):
    fill_cart(ProductFactory())

    response = checkout_details(email="not-an-email", city="", country="USA")

    assert response.status_code == 400
    assert "Enter a valid email address." in response.text
    assert "Enter the town or city." in response.text
    assert "Choose a country from the list: we ship to those countries only." in response.text


def test_checkout_with_an_empty_cart_goes_back_to_the_cart(client):
    assert client.get("/checkout/").headers["Location"] == "/cart/"
    assert client.get("/checkout/review/").headers["Location"] == "/cart/"


def test_review_without_details_asks_for_them_first(client, fill_cart):
    fill_cart(ProductFactory())

    assert client.get("/checkout/review/").headers["Location"] == "/checkout/"


def test_a_line_that_sold_out_meanwhile_is_named_with_what_is_left_and_nothing_is_ordered(
    client, fill_cart, checkout_details
):
    roller = ProductFactory(name="Grid Roller", stock_quantity=5)
    strap = ProductFactory(name="Patella Strap", stock_quantity=5)
    fill_cart(roller, quantity=1)
    fill_cart(strap, quantity=3)
    checkout_details()
    token = review_token(client)
    Product.objects.filter(pk=strap.pk).update(stock_quantity=1)  # someone else bought them

    response = client.post("/checkout/review/", {"payment_method": "invoice", "token": token})

    assert response.status_code == 409
    assert "Only 1 of Patella Strap left; you asked for 3." in response.text
    assert "Grid Roller" not in response.text.split("Nothing has been ordered yet.")[1].split("</ul>")[0]
    assert Order.objects.count() == 0
    assert Product.objects.get(pk=roller.pk).stock_quantity == 5
    assert Product.objects.get(pk=strap.pk).stock_quantity == 1
    assert 'class="cart-count">4<' in response.text  # the cart is kept to fix


def test_the_cart_page_warns_about_a_line_that_is_now_short(client, fill_cart):
    strap = ProductFactory(name="Patella Strap", stock_quantity=5)
    fill_cart(strap, quantity=3)
    Product.objects.filter(pk=strap.pk).update(stock_quantity=2)

    assert "Only 2 left; lower the quantity to order." in client.get("/cart/").text


def test_the_order_page_needs_the_signed_link_or_the_account(client, place_order, django_user_model):
    order = place_order()
    stranger = django_user_model.objects.create_user("eve", "eve@example.com", "a-long-test-password")

    with_link = client.get(order_url(order=order))
    without = client.get(f"/orders/{order.number}/")
    forged = client.get(f"/orders/{order.number}/?t=forged")
    client.force_login(stranger)
    other_account = client.get(f"/orders/{order.number}/")

    assert with_link.status_code == 200
    assert order.number in with_link.text
    assert [without.status_code, forged.status_code, other_account.status_code] == [404, 404, 404]


def test_a_signed_in_shopper_sees_their_order_without_a_link(client, fill_cart, checkout_details, django_user_model):
    user = django_user_model.objects.create_user("sam", "sam@example.com", "a-long-test-password")
    client.force_login(user)
    fill_cart(ProductFactory())
    checkout_details()
    review_post(client)
    order = Order.objects.get()

    assert order.user == user
    assert client.get(f"/orders/{order.number}/").status_code == 200


# Session read and write, the review token's order looked up, shipping method, cart products and their
# images, the token's row, the stock lock and its one UPDATE, the order and its lines in one INSERT each,
# the token's row tied to the order, the confirmation in the outbox, and savepoints: the same for 1 line or 5.
PLACE_ORDER_QUERIES = 19


@pytest.mark.parametrize("count", [1, 5])
def test_placing_an_order_costs_the_same_queries_for_one_line_or_five(
    client, fill_cart, checkout_details, django_assert_num_queries, count
):
    fill_cart(*[ProductFactory(stock_quantity=10) for _ in range(count)])
    checkout_details()
    token = review_token(client)

    with django_assert_num_queries(PLACE_ORDER_QUERIES):
        response = client.post("/checkout/review/", {"payment_method": "invoice", "token": token})

    assert response.status_code == 302
    assert Order.objects.get().lines.count() == count
