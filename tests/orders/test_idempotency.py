"""An API client retries a placement with its Idempotency-Key and gets the first answer, never a second order."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import Product
from orders.models import Order, OrderRequest
from orders.tasks import order_requests_forget_task
from tests.factories import ProductFactory
from tests.orders.test_api import body

pytestmark = pytest.mark.django_db

KEY = "4f0c1c9e-8d3a-4b52-9f0e-2a9b7c6d5e41"


@pytest.fixture
def shelf(standard):
    return (
        ProductFactory(slug="patella-strap", name="Patella Strap", price=Decimal("15.00"), stock_quantity=6),
        ProductFactory(slug="grid-roller", name="Grid Roller", price=Decimal("30.00"), stock_quantity=10),
    )


def place(api_client, data=None, key=KEY, **headers):
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return api_client.post("/api/v1/orders/", data or body(), format="json", **headers)


def test_a_repeat_with_the_same_key_gets_the_first_response_byte_for_byte_and_no_second_order(api_client, shelf):
    first = place(api_client)
    again = [place(api_client) for _ in range(3)]

    assert first.status_code == 201
    assert [response.status_code for response in again] == [201] * 3
    assert {response.content for response in again} == {first.content}
    assert [response.get("Idempotent-Replayed") for response in (first, *again)] == [None, "true", "true", "true"]
    assert Order.objects.count() == 1
    assert Product.objects.get(slug="patella-strap").stock_quantity == 4  # taken once: 2 of 6


def test_the_same_body_written_another_way_is_the_same_request(api_client, shelf):
    first = place(api_client)
    reordered = json.dumps(dict(reversed(list(body().items()))), indent=2)

    again = api_client.post("/api/v1/orders/", reordered, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY)

    assert again.status_code == 201
    assert again.content == first.content
    assert Order.objects.count() == 1


def test_the_same_key_with_another_body_is_a_422_and_places_nothing(api_client, shelf):
    place(api_client)

    other = place(api_client, body(email="someone@example.com"))

    assert other.status_code == 422
    assert "already used to place an order with another request body" in other.json()["detail"]
    assert Order.objects.count() == 1


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("k" * 256, "At most 255 characters; this one has 256."),
        ("", "Send a non-empty key"),
        ("two words", "Use visible ASCII characters only"),
        ("clé", "Use visible ASCII characters only"),
    ],
)
def test_a_key_too_long_empty_or_with_odd_characters_is_a_400_naming_the_header(api_client, shelf, key, problem):
    response = place(api_client, key=key)

    assert response.status_code == 400
    assert problem in response.json()["Idempotency-Key"][0]
    assert Order.objects.count() == 0


def test_a_failed_placement_keeps_nothing_so_a_retry_with_the_same_key_can_succeed(api_client, shelf):
    Product.objects.filter(slug="patella-strap").update(stock_quantity=1)
    short = place(api_client)
    invalid = place(api_client, body(email="not an email"))
    Product.objects.filter(slug="patella-strap").update(stock_quantity=3)  # the shop restocked

    retried = place(api_client)

    assert (short.status_code, invalid.status_code, retried.status_code) == (409, 400, 201)
    assert Order.objects.count() == 1
    assert OrderRequest.objects.get().order.number == retried.json()["number"]


def test_a_replayed_key_is_not_counted_against_the_orders_per_client_again(api_client, shelf, settings):
    settings.LIMBER_ORDER_RATE_PER_CLIENT = "2/hour"
    one_roller = body(lines=[{"product": "grid-roller", "quantity": 1}])

    repeats = [place(api_client, one_roller) for _ in range(5)]
    second = place(api_client, one_roller, key="another-key")
    third = place(api_client, one_roller, key="a-third-key")

    assert [response.status_code for response in repeats] == [201] * 5
    assert second.status_code == 201
    assert third.status_code == 429
    assert Order.objects.count() == 2


def test_keys_are_per_account_and_guests_share_theirs(api_client, shelf, django_user_model):
    from knox.models import AuthToken

    guest = place(api_client)
    user = django_user_model.objects.create_user("app", password="a-long-app-password")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    account = place(api_client)

    assert (guest.status_code, account.status_code) == (201, 201)
    assert guest.json()["number"] != account.json()["number"]
    assert Order.objects.filter(user=user).count() == 1


def test_a_client_whose_response_was_lost_gets_its_order_by_repeating_the_key(api_client, shelf, monkeypatch):
    first = place(api_client)
    # The process that placed it died before it stored its answer (the order had committed).
    OrderRequest.objects.update(response_status=None, response_body="")
    monkeypatch.setattr("orders.idempotency.REPLAY_WAIT_SECONDS", 0.1)

    again = place(api_client)
    once_more = place(api_client)

    assert again.status_code == 201
    assert again.json()["number"] == first.json()["number"]
    assert again.json()["total"] == first.json()["total"]
    assert once_more.content == again.content  # what the repeat answered is now the stored answer
    assert Order.objects.count() == 1


def test_keys_are_forgotten_after_their_hours_and_a_repeat_then_places_a_new_order(api_client, shelf, settings):
    settings.LIMBER_IDEMPOTENCY_KEY_HOURS = 24
    first = place(api_client)
    OrderRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    fresh = place(api_client, key="fresh-key")

    order_requests_forget_task.delay()
    later = place(api_client)

    assert OrderRequest.objects.count() == 2  # the fresh key, and the old key's new placement
    assert later.status_code == 201
    assert later.json()["number"] not in (first.json()["number"], fresh.json()["number"])


def test_the_schema_documents_the_key_and_the_422(api_client):
    operation = api_client.get("/api/schema/?format=json").json()["paths"]["/api/v1/orders/"]["post"]

    (header,) = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
    assert header["in"] == "header"
    assert header.get("required", False) is False
    assert header["schema"]["maxLength"] == 255
    assert "returns the first response" in header["description"]
    assert "another body" in operation["responses"]["422"]["description"]
    replayed = operation["responses"]["201"]["headers"]["Idempotent-Replayed"]
    assert "first response" in replayed["description"]
