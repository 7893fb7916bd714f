"""A stock move shows at once in cached product reads: an order, a cancel, an expired hold, a staff edit."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.services import product_stock_set
from orders.holds import order_expire
from orders.models import Order
from orders.services import order_cancel
from tests.factories import ProductFactory
from tests.orders.conftest import ADDRESS

pytestmark = pytest.mark.django_db


@pytest.fixture
def strap(standard):
    return ProductFactory(slug="patella-strap", name="Patella Strap", price=Decimal("15.00"), stock_quantity=3)


def order_body(quantity: int) -> dict:
    return {
        "email": "sam@example.com",
        "shipping_address": dict(ADDRESS),
        "payment_method": "invoice",
        "lines": [{"product": "patella-strap", "quantity": quantity}],
    }


def shown(api_client, path: str = "/api/v1/products/patella-strap/") -> tuple[int, bool]:
    body = api_client.get(path).json()
    item = body["results"][0] if "results" in body else body
    return item["stock_quantity"], item["in_stock"]


def test_an_order_shows_in_the_cached_product_api_at_once(api_client, strap):
    assert shown(api_client) == (3, True)
    assert shown(api_client, "/api/v1/products/") == (3, True)

    placed = api_client.post("/api/v1/orders/", order_body(2), format="json")

    assert placed.status_code == 201
    assert shown(api_client) == (1, True)
    assert shown(api_client, "/api/v1/products/") == (1, True)


def test_a_cancel_and_an_expired_hold_put_the_units_back_in_the_cached_api(api_client, strap):
    api_client.post("/api/v1/orders/", order_body(3), format="json")
    api_client.post("/api/v1/orders/", order_body(1), format="json")  # refused: none left
    assert shown(api_client) == (0, False)

    first = Order.objects.get()
    order_cancel(order=first)
    assert shown(api_client) == (3, True)

    api_client.post("/api/v1/orders/", order_body(2), format="json")
    assert shown(api_client) == (1, True)
    order_expire(order_id=Order.objects.latest("pk").pk, now=timezone.now() + timedelta(days=365))
    assert shown(api_client) == (3, True)


def test_a_staff_stock_edit_shows_on_the_cached_product_page(client, strap):
    assert b"3 available" in client.get("/products/patella-strap/").content

    product_stock_set(product=strap, quantity=0)

    page = client.get("/products/patella-strap/").content
    assert b"Out of stock" in page


def test_the_etag_changes_with_the_stock(api_client, strap):
    first = api_client.get("/api/v1/products/patella-strap/")
    api_client.post("/api/v1/orders/", order_body(1), format="json")
    second = api_client.get("/api/v1/products/patella-strap/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]


@pytest.mark.parametrize("count", [1, 50])
def test_a_cached_product_list_costs_one_query_for_its_stock(api_client, standard, count, django_assert_num_queries):
    ProductFactory.create_batch(count, stock_quantity=5)
    assert api_client.get("/api/v1/products/?page=1").status_code == 200
    with django_assert_num_queries(1):
        response = api_client.get("/api/v1/products/?page=1")
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(count, 20)  # a page of 20
