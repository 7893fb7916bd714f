"""One review page places one order: a second "Place order" of the same page shows that order again."""

from decimal import Decimal

import pytest

from catalog.models import Product
from orders.models import Order
from orders.services import order_mark_paid
from tests.factories import ProductFactory
from tests.orders.conftest import review_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def roller(fill_cart, checkout_details):
    """A cart of two rollers (of four on the shelf) with the checkout details filled in."""
    product = ProductFactory(name="Grid Roller", price=Decimal("30.00"), stock_quantity=4)
    fill_cart(product, quantity=2)
    checkout_details()
    return product


def place(client, token, payment_method="invoice"):
    return client.post("/checkout/review/", {"payment_method": payment_method, "token": token})


def test_the_same_page_placed_again_goes_to_the_same_order_and_takes_the_stock_once(client, roller):
    token = review_token(client)

    first = place(client, token)
    again = place(client, token)  # the back button, then "Place order" once more
    page = client.get(again.headers["Location"])

    order = Order.objects.get()
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert first.headers["Location"].startswith(f"/orders/{order.number}/?t=")
    assert f"Order {order.number}" in page.text
    assert Product.objects.get(pk=roller.pk).stock_quantity == 2


def test_the_same_page_open_in_two_tabs_has_one_token_and_makes_one_order(client, roller):
    first_tab, second_tab = review_token(client), review_token(client)

    place(client, first_tab)
    second = place(client, second_tab)

    assert first_tab == second_tab
    assert Order.objects.count() == 1
    assert second.headers["Location"].startswith(f"/orders/{Order.objects.get().number}/")


def test_a_page_from_before_the_cart_changed_places_nothing_and_shows_the_order_as_it_is_now(client, roller, fill_cart):
    old_page = review_token(client)
    fill_cart(ProductFactory(name="Calf Stretcher"))  # in another tab

    response = place(client, old_page)

    assert response.status_code == 409
    assert "Your cart, its prices or your details changed since this page was shown" in response.text
    assert "Calf Stretcher" in response.text
    assert Order.objects.count() == 0
    assert review_token(client) != old_page  # the page shown now has a token of its own, which places the order
    assert place(client, review_token(client)).status_code == 302
    assert Order.objects.count() == 1


def test_a_price_changed_since_the_page_was_shown_is_not_charged_without_showing_it(client, roller):
    old_page = review_token(client)
    Product.objects.filter(pk=roller.pk).update(price=Decimal("35.00"))

    response = place(client, old_page)

    assert response.status_code == 409
    assert "$74.95" in response.text  # 2 × $35 + $4.95: the total the shopper now agrees to
    assert Order.objects.count() == 0


@pytest.mark.parametrize("token", ["", "made-up", "x" * 5000])
def test_a_missing_or_unknown_token_places_nothing(client, roller, token):
    response = place(client, token)

    assert response.status_code == 409
    assert "Nothing was ordered" in response.text
    assert Order.objects.count() == 0


def test_a_page_that_met_a_shortage_places_the_order_once_the_stock_is_back(client, roller):
    token = review_token(client)
    Product.objects.filter(pk=roller.pk).update(stock_quantity=1)
    short = place(client, token)
    Product.objects.filter(pk=roller.pk).update(stock_quantity=4)

    placed = place(client, token)

    assert (short.status_code, placed.status_code) == (409, 302)
    assert Order.objects.count() == 1


def test_the_page_posted_again_after_the_order_was_paid_shows_the_order_without_asking_to_pay(client, roller):
    token = review_token(client)
    place(client, token)
    order = Order.objects.get()
    order_mark_paid(order=order)

    again = place(client, token)
    page = client.get(again.headers["Location"])

    assert again.headers["Location"].startswith(f"/orders/{order.number}/?t=")
    assert f"Your order {order.number} was placed from this page already." in page.text
    assert "The time to pay" not in page.text
    assert Order.objects.count() == 1
