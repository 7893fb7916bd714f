"""A value of another JSON type than the schema documents is a 400 naming the field, never quietly converted."""

from decimal import Decimal

import pytest

from analytics.models import ShopperEvent
from catalog.models import Product
from orders.models import Order, ShippingMethod
from tests.factories import CategoryFactory, ProductFactory
from tests.orders.test_api import body as order_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(db):
    ShippingMethod.objects.update_or_create(code="standard", defaults={"name": "Standard", "price": Decimal("4.95")})
    CategoryFactory(slug="rollers")
    ProductFactory(slug="patella-strap", price=Decimal("15.00"), stock_quantity=3)
    ProductFactory(slug="grid-roller", price=Decimal("30.00"), stock_quantity=10)


@pytest.fixture
def staff_api(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    return api_client


NEW_PRODUCT = {"slug": "new-roller", "name": "New Roller", "sku": "NR-1", "category": "rollers", "price": "12.50"}

WRONG_TYPES = [
    ("/api/v1/products/", {**NEW_PRODUCT, "is_featured": 0}, "is_featured", "Enter true or false (a JSON boolean)."),
    ("/api/v1/products/", {**NEW_PRODUCT, "price": 12.5}, "price", 'Enter the amount as text, e.g. "24.99".'),
    ("/api/v1/products/", {**NEW_PRODUCT, "slug": 7}, "slug", "Enter text (a JSON string)."),
    (
        "/api/v1/products/",
        {**NEW_PRODUCT, "stock_quantity": "4"},
        "stock_quantity",
        "Enter a whole number (a JSON integer).",
    ),
    ("/api/v1/products/", {**NEW_PRODUCT, "brand": ""}, "brand", "Enter a brand's slug, or null for no brand."),
    ("/api/v1/products/grid-roller/stock/", {"adjust": True}, "adjust", "Enter a whole number (a JSON integer)."),
    (
        "/api/v1/events/",
        {"kind": "view", "product": "grid-roller", "condition": 0},
        "condition",
        "Enter text (a JSON string).",
    ),
    ("/api/v1/recommendations/", {"answers": {}, "limit": "6"}, "limit", "Enter a whole number (a JSON integer)."),
]


@pytest.mark.parametrize(("url", "payload", "field", "message"), WRONG_TYPES)
def test_a_value_of_the_wrong_json_type_is_a_400_naming_its_field(staff_api, shelf, url, payload, field, message):
    response = staff_api.post(url, payload, format="json")

    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert not Product.objects.filter(slug="new-roller").exists()
    assert not ShopperEvent.objects.exists()


@pytest.mark.parametrize(
    ("source", "field"),
    [({"kind": "guide", "condition": 0}, "condition"), ({"kind": "guide", "assessment": 12345}, "assessment")],
)
def test_an_order_line_source_of_the_wrong_type_orders_nothing(api_client, shelf, source, field):
    lines = [{"product": "grid-roller", "quantity": 1, "source": source}]

    response = api_client.post("/api/v1/orders/", order_body(lines=lines), format="json")

    assert response.status_code == 400
    assert list(response.json()) == [f"lines.0.source.{field}"]
    assert not Order.objects.exists()


def test_the_right_types_still_place_and_create(staff_api, shelf):
    created = staff_api.post(
        "/api/v1/products/", {**NEW_PRODUCT, "is_featured": True, "stock_quantity": 4}, format="json"
    )

    assert created.status_code == 201
    assert Product.objects.get(slug="new-roller").is_featured is True
