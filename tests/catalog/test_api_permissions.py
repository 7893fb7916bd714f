"""Every catalogue write × every kind of caller: only staff holding the model permission write."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from knox.models import AuthToken
from rest_framework.test import APIClient

from catalog.models import Product
from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

# Each write the API offers, with the Django permission it needs.
WRITES = {
    "create": ("post", "/api/v1/products/", "add_product"),
    "replace": ("put", "/api/v1/products/roller/", "change_product"),
    "update": ("patch", "/api/v1/products/roller/", "change_product"),
    "stock-adjust": ("post", "/api/v1/products/roller/stock/", "change_product"),
    "stock-set": ("post", "/api/v1/products/roller/stock/", "change_product"),
}
PAYLOADS = {
    "create": {"slug": "new-roller", "name": "New roller", "sku": "NEW-1", "category": "rollers", "price": "1.00"},
    "replace": {"slug": "roller", "name": "Roller", "sku": "ROL-1", "category": "rollers", "price": "0.01"},
    "update": {"price": "0.01", "is_active": False},
    "stock-adjust": {"adjust": -10},
    "stock-set": {"quantity": 0},
}
# Who calls, and how: (is_staff, permissions held, how the client authenticates).
ROLES = {
    "anonymous": None,
    "shopper-session": (False, "all", "session"),
    "shopper-token": (False, "all", "token"),
    "staff-without-permission-session": (True, "none", "session"),
    "staff-without-permission-token": (True, "none", "token"),
    "staff-with-view-only-token": (True, "view", "token"),
    "staff-with-permission-session": (True, "needed", "session"),
    "staff-with-permission-token": (True, "needed", "token"),
}
ALLOWED_ROLES = {"staff-with-permission-session", "staff-with-permission-token"}


def client_for(role: str, codename: str, django_user_model) -> APIClient:
    client = APIClient()
    spec = ROLES[role]
    if spec is None:
        return client
    is_staff, held, how = spec
    user = django_user_model.objects.create_user(role, password="a-long-test-password", is_staff=is_staff)
    codenames = {
        "all": ["add_product", "change_product", "view_product"],
        "none": [],
        "view": ["view_product"],
        "needed": [codename],
    }[held]
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="catalog", codename__in=codenames))
    if how == "token":
        client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    else:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", WRITES)
def test_only_staff_with_the_model_permission_write(role, write, django_user_model):
    CategoryFactory(slug="rollers")
    ProductFactory(slug="roller", sku="ROL-1", price=Decimal("30.00"), stock_quantity=10, is_active=True)
    method, url, codename = WRITES[write]
    client = client_for(role, codename, django_user_model)

    response = getattr(client, method)(url, PAYLOADS[write], format="json")

    product = Product.objects.get(slug="roller")
    if role in ALLOWED_ROLES:
        assert response.status_code in (200, 201), response.content
        assert (product.price, product.stock_quantity, Product.objects.count()) != (Decimal("30.00"), 10, 1)
    else:
        assert response.status_code in (401, 403), response.content
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()
        assert (product.price, product.stock_quantity, product.is_active) == (Decimal("30.00"), 10, True)
        assert Product.objects.count() == 1


def test_anonymous_write_is_401_naming_the_token_scheme():
    response = APIClient().patch("/api/v1/products/roller/", {"price": "1"}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_shoppers_token_still_reads_like_an_anonymous_client(django_user_model):
    ProductFactory(slug="roller")
    client = client_for("shopper-token", "view_product", django_user_model)

    response = client.get("/api/v1/products/roller/")

    assert response.status_code == 200
