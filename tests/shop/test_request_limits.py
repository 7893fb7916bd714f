"""Hostile input: deep JSON, NUL characters, huge numbers and huge bodies are 4xx in the API's JSON shape."""

import io
import json

import pytest
from django.core.exceptions import RequestDataTooBig
from django.test import Client, RequestFactory
from rest_framework.exceptions import ParseError
from rest_framework.test import APIClient

from catalog.models import Product
from shop.api.parsers import BoundedJSONParser, RequestTooLarge
from shop.views import bad_request_view
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

# Every JSON endpoint that takes a body, and whether it needs staff.
JSON_ENDPOINTS = [
    ("/api/v1/products/", True),
    ("/api/v1/products/roller/stock/", True),
    ("/api/v1/recommendations/", False),
    ("/api/v1/events/", False),
]


@pytest.fixture
def roller():
    return ProductFactory(slug="roller", stock_quantity=5)


def client_for(staff: bool, admin_user) -> APIClient:
    client = APIClient()
    if staff:
        client.force_authenticate(admin_user)
    return client


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def assert_json_error(response, status: int):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.mark.parametrize(("url", "staff"), JSON_ENDPOINTS)
@pytest.mark.parametrize("depth", [17, 1_000, 100_000])
def test_deeply_nested_json_is_a_400_on_every_endpoint(roller, admin_user, url, staff, depth):
    body = '{"answers": ' + nested(depth) + "}"

    response = client_for(staff, admin_user).post(url, body, content_type="application/json")

    assert "nested more than 16 levels" in assert_json_error(response, 400)["body"][0]


@pytest.mark.parametrize(("url", "staff"), JSON_ENDPOINTS)
def test_a_ten_megabyte_body_is_a_413_in_json(roller, admin_user, url, staff):
    body = json.dumps({"kind": "view", "product": "roller", "condition": "x" * 10_000_000})

    response = client_for(staff, admin_user).post(url, body, content_type="application/json")

    assert "larger than" in assert_json_error(response, 413)["detail"]


def test_a_body_without_a_length_is_cut_at_the_limit(settings):
    settings.LIMBER_API_MAX_BODY_BYTES = 1_000

    with pytest.raises(RequestTooLarge):
        BoundedJSONParser().parse(io.BytesIO(b'{"a": "' + b"x" * 2_000 + b'"}'))
    assert BoundedJSONParser().parse(io.BytesIO(b'{"a": 1}')) == {"a": 1}


@pytest.mark.parametrize(
    "text", ['{"a": "\\u0000"}', '{"\\u0000": 1}', '{"a": NaN}', '{"a": [' + "1," * 10 + "Infinity]}"]
)
def test_the_parser_refuses_nul_characters_and_non_numbers(text):
    with pytest.raises(ParseError):
        BoundedJSONParser().parse(io.BytesIO(text.encode()))


@pytest.mark.parametrize(
    ("url", "staff", "payload", "field"),
    [
        ("/api/v1/products/", True, {"slug": "a\x00b"}, "body"),
        ("/api/v1/products/roller/", True, {"name": "Roller\x00"}, "body"),
        ("/api/v1/recommendations/", False, {"answers": {"where-does-it-hurt": "knee\x00"}}, "body"),
        ("/api/v1/events/", False, {"kind": "view", "product": "roller\x00"}, "body"),
    ],
)
def test_a_nul_character_in_any_json_string_is_a_400(roller, admin_user, url, staff, payload, field):
    client = client_for(staff, admin_user)
    method = client.patch if url.endswith("roller/") else client.post

    response = method(url, payload, format="json")

    assert "Null characters" in assert_json_error(response, 400)[field][0]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/products/rol%00ler/", "path"),
        ("/api/v1/products/roller/related/%00", "path"),
        ("/api/v1/articles/%00/", "path"),
        ("/api/v1/products/?search=a%00", "search"),
        ("/api/v1/products/?category=%00", "category"),
        ("/api/v1/products/?ordering=%00", "ordering"),
        ("/api/v1/products/?page=1%00", "page"),
        ("/api/v1/conditions/?body_area=%00", "body_area"),
    ],
)
def test_a_nul_character_anywhere_in_an_api_address_is_a_400_naming_it(roller, url, field):
    response = APIClient().get(url)

    assert "Null characters" in assert_json_error(response, 400)[field][0]


@pytest.mark.parametrize("url", ["/products/rol%00ler/", "/products/?category=%00", "/guides/%00/"])
def test_a_nul_character_in_a_page_address_is_a_plain_400(roller, url):
    response = Client().get(url)

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url", "payload", "field"),
    [
        ("/api/v1/products/roller/stock/", {"quantity": 2**31}, "quantity"),
        ("/api/v1/products/roller/stock/", {"quantity": 10**30}, "quantity"),
        ("/api/v1/products/roller/stock/", {"adjust": 10**30}, "adjust"),
        ("/api/v1/products/roller/stock/", {"adjust": -(10**30)}, "adjust"),
        ("/api/v1/products/", {"stock_quantity": 2**31}, "stock_quantity"),
        ("/api/v1/products/", {"price": "1e999999"}, "price"),
        ("/api/v1/products/", {"price": 10**20}, "price"),
    ],
)
def test_out_of_range_numbers_in_a_body_are_a_400_naming_the_field(roller, admin_user, url, payload, field):
    response = client_for(True, admin_user).post(url, payload, format="json")

    assert field in assert_json_error(response, 400)
    assert Product.objects.get(slug="roller").stock_quantity == 5


def test_stock_cannot_be_pushed_past_the_largest_storable_count(roller, admin_user):
    client = client_for(True, admin_user)
    client.post("/api/v1/products/roller/stock/", {"quantity": 2**31 - 2}, format="json")

    response = client.post("/api/v1/products/roller/stock/", {"adjust": 1_000}, format="json")

    assert "cannot exceed" in assert_json_error(response, 400)["adjust"][0]


def test_a_number_with_thousands_of_digits_is_a_400(roller):
    body = '{"answers": {}, "limit": ' + "9" * 5_000 + "}"

    response = APIClient().post("/api/v1/recommendations/", body, content_type="application/json")

    assert "body" in assert_json_error(response, 400)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"price_min": "1e999999"}, "price_min"),
        ({"price_max": "99999999999"}, "price_max"),
        ({"page_size": str(10**30)}, "page_size"),
        ({"page": "-1"}, "page"),
    ],
)
def test_out_of_range_numbers_in_a_query_are_a_400(roller, query, field):
    response = APIClient().get("/api/v1/products/", query)

    assert field in assert_json_error(response, 400)


def test_a_page_far_past_the_end_is_a_json_404(roller):
    response = APIClient().get("/api/v1/products/", {"page": str(10**30)})

    assert "detail" in assert_json_error(response, 404)


@pytest.mark.parametrize("url", ["/api/v1/nothing/", "/api/nothing", "/api/v1/products/a.b/", "/api/v1/products/a b/"])
def test_an_unknown_api_address_is_a_json_404(url):
    response = APIClient().get(url)

    assert assert_json_error(response, 404) == {"detail": "Not found."}


def test_a_request_for_an_unknown_host_is_a_json_400_under_the_api():
    response = APIClient().get("/api/v1/categories/", HTTP_HOST="evil.test")

    assert "detail" in assert_json_error(response, 400)


def test_an_unhandled_error_under_the_api_is_a_json_500(monkeypatch):
    from catalog.api import views

    def explode(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.CategoryViewSet, "get_queryset", explode)
    client = APIClient(raise_request_exception=False)

    response = client.get("/api/v1/categories/")

    assert assert_json_error(response, 500) == {"detail": "Something went wrong on our side."}
    assert "boom" not in response.content.decode()


def test_django_refusing_an_oversized_body_is_a_json_413_under_the_api():
    request = RequestFactory().post("/api/v1/events/")

    response = bad_request_view(request, RequestDataTooBig("too big"))

    assert response.status_code == 413
    assert json.loads(response.content) == {"detail": "The request body is too large."}


def test_a_form_post_to_the_api_is_a_json_415():
    response = APIClient().post("/api/v1/events/", {"kind": "view"})

    assert "detail" in assert_json_error(response, 415)


def test_an_event_field_over_its_length_is_a_400_and_records_nothing(roller):
    from analytics.models import ShopperEvent
    from analytics.services import events_flush

    response = APIClient().post(
        "/api/v1/events/", {"kind": "view", "product": "roller", "condition": "x" * 100_000}, format="json"
    )

    assert "condition" in assert_json_error(response, 400)
    events_flush()
    assert not ShopperEvent.objects.exists()


def test_events_are_throttled_per_address_even_with_a_token(roller, admin_user, monkeypatch):
    from shop.api.throttling import EventThrottle

    monkeypatch.setattr(EventThrottle, "THROTTLE_RATES", {"events": "3/minute"})
    client = client_for(True, admin_user)

    codes = [
        client.post("/api/v1/events/", {"kind": "view", "product": "roller"}, format="json").status_code
        for _ in range(5)
    ]

    assert codes == [202, 202, 202, 429, 429]


@pytest.mark.parametrize(("parameter", "longest"), [("exclude", 4000), ("condition", 100)])
def test_a_related_products_parameter_longer_than_documented_is_a_400_naming_it(roller, parameter, longest):
    fits = APIClient().get("/api/v1/products/roller/related/", {parameter: "a" * longest})
    too_long = APIClient().get("/api/v1/products/roller/related/", {parameter: "a" * (longest + 1)})

    assert fits.status_code == 200
    assert f"at most {longest} characters" in assert_json_error(too_long, 400)[parameter][0]
