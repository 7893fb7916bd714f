"""Pricing before ordering through the API: the shipping methods, and a quote that places nothing."""

from decimal import Decimal

import pytest

from catalog.models import Product
from orders.models import Order, ShippingMethod
from shop.api.throttling import AnonThrottle
from tests.factories import ProductFactory
from tests.orders.conftest import ADDRESS
from tests.orders.test_api import body as order_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(standard):
    """Two products on the shelf and the standard shipping method."""
    return (
        ProductFactory(slug="patella-strap", name="Patella Strap", price=Decimal("15.00"), stock_quantity=3),
        ProductFactory(slug="grid-roller", name="Grid Roller", price=Decimal("30.00"), stock_quantity=10),
    )


def quote_body(**changes) -> dict:
    return {
        "shipping_method": "standard",
        "country": "US",
        "lines": [{"product": "patella-strap", "quantity": 2}, {"product": "grid-roller", "quantity": 1}],
        **changes,
    }


def test_a_client_lists_the_shipping_methods_with_prices_in_checkout_order(api_client, standard):
    ShippingMethod.objects.filter(code="express").update(price=Decimal("12.95"), position=1)
    ShippingMethod.objects.create(code="pigeon", name="Pigeon", price=Decimal("1.00"), is_active=False)

    response = api_client.get("/api/v1/shipping-methods/")

    assert response.status_code == 200
    assert [(m["code"], m["price"], m["currency"]) for m in response.json()] == [
        ("standard", "4.95", "USD"),
        ("express", "12.95", "USD"),
    ]
    assert response.json()[0]["name"] == "Standard (3–5 working days)"


@pytest.mark.parametrize("methods", [1, 50])
def test_listing_shipping_methods_takes_one_query_however_many_there_are(
    api_client, django_assert_num_queries, methods
):
    ShippingMethod.objects.all().delete()
    ShippingMethod.objects.bulk_create(
        ShippingMethod(code=f"method-{n}", name=f"Method {n}", price=Decimal(n)) for n in range(methods)
    )

    with django_assert_num_queries(1):
        response = api_client.get("/api/v1/shipping-methods/")

    assert len(response.json()) == methods


def test_a_quote_prices_the_basket_and_places_nothing(api_client, shelf):
    response = api_client.post("/api/v1/orders/quote/", quote_body(), format="json")

    assert response.status_code == 200
    quote = response.json()
    assert (quote["subtotal"], quote["shipping"]["price"], quote["total"], quote["currency"]) == (
        "60.00",
        "4.95",
        "64.95",
        "USD",
    )
    assert quote["shipping"]["method"] == "standard"
    assert [(line["product"], line["quantity"], line["line_total"], line["available"]) for line in quote["lines"]] == [
        ("patella-strap", 2, "30.00", 3),
        ("grid-roller", 1, "30.00", 10),
    ]
    assert quote["lines"][0]["url"] == "http://testserver/products/patella-strap/"
    assert quote["can_order"] is True
    assert Order.objects.count() == 0
    assert [p.stock_quantity for p in Product.objects.order_by("slug")] == [10, 3]


def test_the_quote_is_what_placing_the_same_basket_then_charges(api_client, shelf):
    quote = api_client.post("/api/v1/orders/quote/", quote_body(), format="json").json()

    order = api_client.post("/api/v1/orders/", order_body(shipping_method="standard"), format="json").json()

    assert (order["subtotal"], order["shipping"]["price"], order["total"]) == (
        quote["subtotal"],
        quote["shipping"]["price"],
        quote["total"],
    )


def test_a_quote_names_a_short_line_instead_of_refusing(api_client, shelf):
    lines = [{"product": "patella-strap", "quantity": 4}, {"product": "patella-strap", "quantity": 1}]

    quote = api_client.post("/api/v1/orders/quote/", quote_body(lines=lines), format="json").json()

    assert [(line["quantity"], line["available"], line["enough_stock"]) for line in quote["lines"]] == [(5, 3, False)]
    assert quote["can_order"] is False
    assert quote["total"] == "79.95"


def test_without_a_shipping_method_the_quote_uses_the_first_as_an_order_would(api_client, shelf):
    body = quote_body()
    del body["shipping_method"]

    quote = api_client.post("/api/v1/orders/quote/", body, format="json").json()

    assert quote["shipping"]["method"] == "standard"


# What is wrong with the basket, sent to the quote and to placing an order: each answers the same 400.
BASKET_MISTAKES = [
    {"lines": []},
    {"lines": [{"product": "grid-roller", "quantity": 1}, {"product": "no-such-thing", "quantity": 1}]},
    {"lines": [{"product": "grid-roller", "quantity": 0}]},
    {"lines": [{"product": "grid-roller", "quantity": 11}]},
    {"lines": [{"product": "grid-roller", "quantity": 6}, {"product": "grid-roller", "quantity": 5}]},
    {"lines": [{"product": "grid-roller", "quantity": "1"}]},
    {"lines": [{"product": "grid-roller", "quantity": 1, "source": {"kind": "billboard"}}]},
    {"shipping_method": "teleport"},
    {"coupon": "FREE"},
]


@pytest.mark.parametrize("mistake", BASKET_MISTAKES)
def test_a_bad_basket_gets_the_same_400_from_the_quote_as_from_placing_it(api_client, shelf, mistake):
    quoted = api_client.post("/api/v1/orders/quote/", quote_body(**mistake), format="json")
    placed = api_client.post("/api/v1/orders/", order_body(**mistake), format="json")

    assert quoted.status_code == placed.status_code == 400
    assert quoted.json() == placed.json()
    assert Order.objects.count() == 0


def test_a_basket_in_another_currency_is_refused_by_both_alike(api_client, shelf):
    ShippingMethod.objects.create(code="euro-post", name="Euro post", price=Decimal("5.00"), currency="EUR")

    quoted = api_client.post("/api/v1/orders/quote/", quote_body(shipping_method="euro-post"), format="json")
    placed = api_client.post("/api/v1/orders/", order_body(shipping_method="euro-post"), format="json")

    assert quoted.status_code == placed.status_code == 400
    assert quoted.json() == placed.json() == {"lines": ["Products priced in USD cannot be ordered in EUR."]}


def test_a_bad_country_reads_as_it_does_in_an_order_address(api_client, shelf):
    quoted = api_client.post("/api/v1/orders/quote/", quote_body(country="USA"), format="json")
    placed = api_client.post(
        "/api/v1/orders/", order_body(shipping_address={**ADDRESS, "country": "USA"}), format="json"
    )

    assert quoted.json() == {"country": placed.json()["shipping_address.country"]}
    assert api_client.post("/api/v1/orders/quote/", quote_body(country="us"), format="json").json()["country"] == "US"


def test_a_country_the_shop_does_not_ship_to_is_refused_by_both_alike_naming_those_it_does(api_client, shelf):
    quoted = api_client.post("/api/v1/orders/quote/", quote_body(country="BR"), format="json")
    placed = api_client.post(
        "/api/v1/orders/", order_body(shipping_address={**ADDRESS, "country": "br"}), format="json"
    )

    assert quoted.status_code == placed.status_code == 400
    assert quoted.json()["country"] == placed.json()["shipping_address.country"]
    assert quoted.json()["country"][0].startswith("We do not ship to BR: use one of AT, AU, BE, CA")


@pytest.mark.parametrize("odd", [[], "a basket", None, {"lines": [["grid-roller", 1]]}, {"country": 44}])
def test_odd_quote_bodies_are_400s(api_client, shelf, odd):
    payload = {**quote_body(), **odd} if isinstance(odd, dict) else odd

    response = api_client.post("/api/v1/orders/quote/", payload, format="json")

    assert response.status_code == 400


@pytest.mark.parametrize("lines", [1, 20])
def test_a_quote_takes_the_same_queries_for_one_line_as_for_many(
    api_client, standard, django_assert_num_queries, lines
):
    products = ProductFactory.create_batch(lines, price=Decimal("5.00"), stock_quantity=5)
    basket = [{"product": product.slug, "quantity": 1} for product in products]

    with django_assert_num_queries(2):  # the products, the shipping method
        response = api_client.post("/api/v1/orders/quote/", quote_body(lines=basket), format="json")

    assert len(response.json()["lines"]) == lines


def test_quotes_are_rate_limited_like_reads(api_client, shelf, monkeypatch):
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    statuses = [api_client.post("/api/v1/orders/quote/", quote_body(), format="json").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
