"""Fixtures for the orders tests: shipping methods, a filled cart, checkout details and placed orders."""

import re
from decimal import Decimal

import pytest

from orders.cart import Attribution
from orders.models import ShippingMethod
from orders.services import LineRequest, ShippingAddress, order_place
from tests.factories import ProductFactory

ADDRESS = {
    "name": "Sam Runner",
    "line1": "1 Track Lane",
    "line2": "",
    "city": "Springfield",
    "region": "IL",
    "postcode": "62704",
    "country": "US",
}


def review_token(client) -> str:
    """Open the review page as the shopper does and return its one-time token."""
    page = client.get("/checkout/review/")
    return re.search(r'name="token" value="([^"]+)"', page.text)[1]


def review_post(client, payment_method: str = "invoice", **data):
    """Place the order from the review page: open it, then press "Place order" (the token comes with the page)."""
    return client.post("/checkout/review/", {"payment_method": payment_method, "token": review_token(client), **data})


@pytest.fixture
def standard(db):
    """The standard shipping method (the data migration adds it; transactional tests lose it)."""
    method, _ = ShippingMethod.objects.update_or_create(
        code="standard", defaults={"name": "Standard (3–5 working days)", "price": Decimal("4.95"), "position": 0}
    )
    return method


@pytest.fixture
def fill_cart(client):
    """Put products in the client's cart through the "Add to cart" form."""

    def fill(*products, quantity=1, **source):
        for product in products:
            response = client.post("/cart/add/", {"product": product.slug, "quantity": quantity, **source})
            assert response.status_code == 302
        return client

    return fill


@pytest.fixture
def checkout_details(client, standard):
    """Fill in the checkout's first step: email, address and shipping method."""

    def fill(**changes):
        data = {"email": "sam@example.com", **ADDRESS, "region": "US-IL", "shipping_method": standard.code, **changes}
        return client.post("/checkout/", data)

    return fill


@pytest.fixture
def place_order(standard):
    """Place an order through the service, as the checkout does."""

    def place(
        *products, quantity=1, payment_method="invoice", attribution=None, user=None, email="sam@example.com", **address
    ):
        products = products or (ProductFactory(price=Decimal("20.00"), stock_quantity=5),)
        return order_place(
            lines=[LineRequest(product, quantity, attribution or Attribution()) for product in products],
            email=email,
            address=ShippingAddress(**{**ADDRESS, **address}),
            shipping_method=standard,
            payment_method=payment_method,
            user=user,
        )

    return place
