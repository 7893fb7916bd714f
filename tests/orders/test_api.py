"""The orders API as a partner app uses it: place in one request, read it back; bad input writes nothing."""

import json
from decimal import Decimal

import pytest
import yaml
from django.utils import dateformat, timezone

from catalog.models import Product
from orders.addresses import country_get
from orders.models import Order
from tests.factories import ProductFactory
from tests.orders.conftest import ADDRESS

US_STATES = ", ".join(code for code, _ in country_get("US").regions)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(standard):
    """Two products on the shelf and the standard shipping method."""
    return (
        ProductFactory(slug="patella-strap", name="Patella Strap", price=Decimal("15.00"), stock_quantity=3),
        ProductFactory(slug="grid-roller", name="Grid Roller", price=Decimal("30.00"), stock_quantity=10),
    )


def body(**changes) -> dict:
    return {
        "email": "sam@example.com",
        "shipping_address": dict(ADDRESS),
        "payment_method": "invoice",
        "lines": [
            {
                "product": "patella-strap",
                "quantity": 2,
                "source": {"kind": "symptom_check", "condition": "runners-knee"},
            },
            {"product": "grid-roller", "quantity": 1},
        ],
        **changes,
    }


def nothing_written(shelf) -> bool:
    return Order.objects.count() == 0 and [p.stock_quantity for p in Product.objects.order_by("slug")] == [10, 3]


def test_a_guest_places_an_order_and_gets_its_number_total_and_link(api_client, shelf):
    response = api_client.post("/api/v1/orders/", body(), format="json")

    assert response.status_code == 201
    data = response.json()
    order = Order.objects.get()
    assert data["number"] == order.number
    assert (data["status"], data["total"], data["currency"]) == ("placed", "64.95", "USD")
    assert [(line["product"], line["quantity"], line["line_total"]) for line in data["lines"]] == [
        ("patella-strap", 2, "30.00"),
        ("grid-roller", 1, "30.00"),
    ]
    assert data["lines"][0]["source"] == {"kind": "symptom_check", "condition": "runners-knee", "assessment": None}
    assert data["lines"][1]["source"]["kind"] == "direct"
    assert data["url"].startswith(f"http://testserver/orders/{order.number}/?t=")
    held = dateformat.format(timezone.localtime(order.hold_expires_at), "j F Y, H:i T")
    assert data["payment_instructions"].startswith(f"Please transfer $64.95, quoting {order.number}")
    assert data["payment_instructions"].endswith(
        f"Pay by {held}: after that the order is cancelled and its items go back on sale."
    )
    assert data["payment_url"] is None
    assert Product.objects.get(slug="patella-strap").stock_quantity == 1


def test_the_guest_reads_the_order_back_only_with_its_token(api_client, shelf):
    placed = api_client.post("/api/v1/orders/", body(), format="json").json()

    with_token = api_client.get(f"/api/v1/orders/{placed['number']}/", {"token": placed["token"]})
    without = api_client.get(f"/api/v1/orders/{placed['number']}/")
    forged = api_client.get(f"/api/v1/orders/{placed['number']}/", {"token": "x" + placed["token"]})
    unknown = api_client.get("/api/v1/orders/AAAA-BBBB/", {"token": placed["token"]})

    assert with_token.status_code == 200
    assert with_token.json()["total"] == "64.95"
    assert [without.status_code, forged.status_code, unknown.status_code] == [404, 404, 404]


def test_a_token_user_owns_the_order_and_reads_it_without_the_signed_token(api_client, shelf, django_user_model):
    from knox.models import AuthToken

    user = django_user_model.objects.create_user("clinic", "app@clinic.example", "a-long-test-password")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")

    number = api_client.post("/api/v1/orders/", body(), format="json").json()["number"]

    assert Order.objects.get().user == user
    assert api_client.get(f"/api/v1/orders/{number}/").status_code == 200


def test_short_stock_is_a_409_naming_the_product_and_what_is_left(api_client, shelf):
    lines = [{"product": "grid-roller", "quantity": 1}, {"product": "patella-strap", "quantity": 5}]

    response = api_client.post("/api/v1/orders/", body(lines=lines), format="json")

    assert response.status_code == 409
    assert response.json()["lines"] == [
        {
            "index": 1,
            "product": "patella-strap",
            "requested": 5,
            "available": 3,
            "message": "Only 3 of Patella Strap left; you asked for 5.",
        }
    ]
    assert nothing_written(shelf)


BAD_INPUTS = [
    ({"email": "not-an-email"}, {"email": ["Enter a valid email address."]}),
    ({"payment_method": "cheque"}, {"payment_method": ['"cheque" is not a valid choice.']}),
    ({"lines": []}, {"lines": ["This list may not be empty."]}),
    ({"lines": "patella-strap"}, {"lines": ['Expected a list of items but got type "str".']}),
    (
        {"lines": [{"product": "grid-roller", "quantity": 1}, {"product": "no-such-thing", "quantity": 1}]},
        {"lines.1.product": ["No product for sale with slug “no-such-thing”."]},
    ),
    (
        {"lines": [{"product": "grid-roller", "quantity": 0}]},
        {"lines.0.quantity": ["Ensure this value is greater than or equal to 1."]},
    ),
    (
        {"lines": [{"product": "grid-roller", "quantity": 1, "source": {"kind": "billboard"}}]},
        {"lines.0.source.kind": ['"billboard" is not a valid choice.']},
    ),
    (
        {"shipping_address": {**ADDRESS, "country": "USA", "city": ""}},
        {
            "shipping_address.city": ["This field may not be blank."],
            "shipping_address.country": ["Enter the two-letter country code, e.g. US."],
        },
    ),
    (
        {"shipping_address": {**ADDRESS, "country": "XX"}},
        {
            "shipping_address.country": [
                "We do not ship to XX: use one of AT, AU, BE, CA, CH, DE, DK, ES, FR, GB, IE, IT, NL, NZ, SE, US."
            ]
        },
    ),
    (
        {"shipping_address": {**ADDRESS, "region": ""}},
        {"shipping_address.region": [f"Choose a state: an address in the United States needs one ({US_STATES})."]},
    ),
    (
        {"shipping_address": {**ADDRESS, "region": "QC"}},
        {"shipping_address.region": [f"“QC” is not a state of the United States: use one of {US_STATES}."]},
    ),
    (
        {"shipping_address": {**ADDRESS, "country": "GB", "postcode": "62704"}},
        {
            "shipping_address.region": ["Leave it empty: addresses in the United Kingdom have no state or province."],
            "shipping_address.postcode": ["Enter a valid postcode for the United Kingdom: e.g. SW1A 1AA or M1 1AE."],
        },
    ),
    (
        {"shipping_address": {k: v for k, v in ADDRESS.items() if k != "postcode"}},
        {"shipping_address.postcode": ["Enter the ZIP code: 5 digits, or ZIP+4 (e.g. 97201 or 97201-1234)."]},
    ),
    ({"shipping_method": "teleport"}, {"shipping_method": ["No shipping method “teleport”."]}),
    ({"coupon": "FREE"}, {"coupon": ["Unknown field."]}),
]


@pytest.mark.parametrize(("changes", "errors"), BAD_INPUTS)
def test_bad_input_is_a_400_per_field_and_nothing_is_written(api_client, shelf, changes, errors):
    response = api_client.post("/api/v1/orders/", body(**changes), format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert nothing_written(shelf)


def test_a_missing_field_and_a_body_that_is_not_json_are_400s(api_client, shelf):
    missing = api_client.post("/api/v1/orders/", {"lines": body()["lines"]}, format="json")
    broken = api_client.post("/api/v1/orders/", "{not json", content_type="application/json")

    assert missing.status_code == 400
    assert set(missing.json()) == {"email", "shipping_address", "payment_method"}
    assert broken.status_code == 400
    assert "body" in broken.json()
    assert nothing_written(shelf)


def test_a_hidden_product_cannot_be_ordered_through_the_api(api_client, shelf):
    Product.objects.filter(slug="grid-roller").update(is_active=False)

    response = api_client.post("/api/v1/orders/", body(), format="json")

    assert response.status_code == 400
    assert response.json() == {"lines.1.product": ["No product for sale with slug “grid-roller”."]}


def test_the_schema_documents_placing_an_order_with_its_errors(api_client):
    schema = yaml.safe_load(api_client.get("/api/schema/").content)

    place = schema["paths"]["/api/v1/orders/"]["post"]
    read = schema["paths"]["/api/v1/orders/{number}/"]["get"]
    assert set(place["responses"]) >= {"201", "400", "409", "429"}
    limited = place["responses"]["429"]
    assert "Too many orders from this client address or for this email address" in limited["description"]
    assert limited["headers"]["Retry-After"]["schema"] == {"type": "integer"}
    assert schema["components"]["schemas"]["OrdersLimited"]["required"] == ["detail"]
    assert limited["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/OrdersLimited"}
    assert set(read["responses"]) >= {"200", "404"}
    assert place["responses"]["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/FieldErrors"
    }
    assert "token" in [parameter["name"] for parameter in read["parameters"]]
    assert json.dumps(place["requestBody"]).count("OrderInput") >= 1


ODD_BODIES = [
    [],
    "order please",
    None,
    {"lines": [["grid-roller", 1]]},
    {"lines": [{"product": {"slug": "grid-roller"}, "quantity": "many"}]},
    {"lines": [{"product": "grid-roller", "quantity": 10**30}]},
    {"lines": [{"product": "grid-roller", "source": "guide"}]},
    {"lines": [{"product": "grid-roller", "source": {"kind": "guide", "assessment": "not-a-uuid"}}]},
    {"shipping_address": "1 Track Lane"},
    {"email": ["sam@example.com"]},
    {"lines": [{"product": "grid-roller"}] * 101},
]


@pytest.mark.parametrize("odd", ODD_BODIES)
def test_odd_bodies_are_400s_never_500s(api_client, shelf, odd):
    payload = {**body(), **odd} if isinstance(odd, dict) else odd

    response = api_client.post("/api/v1/orders/", json.dumps(payload), content_type="application/json")

    assert response.status_code == 400, response.content
    assert nothing_written(shelf)


def test_a_us_order_carries_its_state_and_prints_as_the_shop_pages_print_it(api_client, shelf):
    address = {**ADDRESS, "region": "or", "city": "Portland", "postcode": "97201 1234"}

    placed = api_client.post("/api/v1/orders/", body(shipping_address=address), format="json").json()
    read = api_client.get(f"/api/v1/orders/{placed['number']}/", {"token": placed["token"]}).json()

    order = Order.objects.get()
    assert placed["shipping"]["address"] == read["shipping"]["address"]
    assert (read["shipping"]["address"]["region"], read["shipping"]["address"]["postcode"]) == ("OR", "97201-1234")
    assert read["shipping"]["address"]["lines"] == [
        "Sam Runner",
        "1 Track Lane",
        "Portland, OR 97201-1234",
        "United States",
    ]
    assert read["shipping"]["address"]["lines"] == order.shipping_address_lines


def test_an_irish_order_may_leave_the_eircode_out_as_at_the_checkout(api_client, shelf):
    address = {"name": "Sam Runner", "line1": "1 Quay Street", "city": "Galway", "postcode": "", "country": "ie"}

    response = api_client.post("/api/v1/orders/", body(shipping_address=address), format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["shipping"]["address"]["lines"] == ["Sam Runner", "1 Quay Street", "Galway", "Ireland"]
    assert Order.objects.get().shipping_postcode == ""


def test_the_schema_types_the_address_a_client_sends_and_gets(api_client):
    schemas = api_client.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    sent, got = schemas["AddressRequest"], schemas["AddressOutput"]

    assert sent["required"] == ["city", "country", "line1", "name"]
    assert sent["properties"]["region"]["type"] == sent["properties"]["postcode"]["type"] == "string"
    assert got["properties"]["lines"] == {**got["properties"]["lines"], "type": "array", "items": {"type": "string"}}
    assert set(got["required"]) == {"name", "line1", "line2", "city", "region", "postcode", "country", "lines"}
    assert not any(field.get("nullable") for field in got["properties"].values())
