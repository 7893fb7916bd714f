from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken

from catalog.models import Product
from shop.api.throttling import AnonThrottle
from shop.content import content_version
from tests.factories import BrandFactory, CategoryFactory, ProductFactory, ProductImageFactory

pytestmark = pytest.mark.django_db


def slugs(response):
    return [row["slug"] for row in response.json()["results"]]


def test_product_list_shows_active_products_with_card_fields(api_client):
    product = ProductFactory(slug="grid-roller", price=Decimal("34.99"), stock_quantity=0)
    ProductImageFactory(product=product)
    ProductFactory(slug="hidden", is_active=False)

    response = api_client.get("/api/v1/products/")

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["slug"] == "grid-roller"
    assert row["price"] == "34.99"
    assert row["in_stock"] is False
    assert row["url"] == "http://testserver/products/grid-roller/"
    assert row["image"].startswith("http://testserver/media/products/")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "rollers"}, ["roller-a", "roller-b"]),
        ({"brand": "coldcore"}, ["cold-pack"]),
        ({"price_min": "20"}, ["roller-b"]),
        ({"price_max": "10"}, ["cold-pack"]),
        ({"in_stock": "false"}, ["roller-b"]),
        ({"in_stock": "true"}, ["cold-pack", "roller-a"]),
        ({"search": "pack"}, ["cold-pack"]),
        ({"ordering": "-price"}, ["roller-b", "roller-a", "cold-pack"]),
    ],
)
def test_product_list_filters(api_client, params, expected):
    rollers = CategoryFactory(slug="rollers")
    ProductFactory(slug="roller-a", name="Roller A", category=rollers, price=Decimal("15"))
    ProductFactory(slug="roller-b", name="Roller B", category=rollers, price=Decimal("25"), stock_quantity=0)
    ProductFactory(slug="cold-pack", name="Cold Pack", brand=BrandFactory(slug="coldcore"), price=Decimal("9"))

    response = api_client.get("/api/v1/products/", params)

    assert response.status_code == 200
    assert slugs(response) == expected


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"price_min": "abc"}, "price_min", "Enter a number."),
        ({"price_min": "30", "price_max": "10"}, "price_max", "must not be below the minimum"),
        ({"page": "-1"}, "page", "page number of 1 or more"),
        ({"page": "two"}, "page", "page number of 1 or more"),
        ({"page": "²"}, "page", "page number of 1 or more"),
        ({"page": "1" * 5000}, "page", "page number of 1 or more"),
        ({"page_size": "0"}, "page_size", "between 1 and 100"),
        ({"page_size": "²"}, "page_size", "between 1 and 100"),
        ({"page_size": "٣"}, "page_size", "between 1 and 100"),
        ({"page_size": "500"}, "page_size", "between 1 and 100"),
        ({"ordering": "secret_field"}, "ordering", "not one of the available choices"),
        ({"in_stock": "maybe"}, "in_stock", "not one of the available choices"),
        ({"category": "no-such-shelf"}, "category", "Select a valid choice"),
    ],
)
def test_bad_query_parameters_are_400_with_a_message(api_client, params, field, message):
    ProductFactory()

    response = api_client.get("/api/v1/products/", params)

    assert response.status_code == 400
    assert message in " ".join(response.json()[field])


def test_page_past_the_end_is_404(api_client):
    ProductFactory()

    assert api_client.get("/api/v1/products/", {"page": 9}).status_code == 404


def test_product_detail_by_slug_has_description_html_and_images(api_client):
    product = ProductFactory(slug="calf-rocker", description="Rock *slowly*.")
    ProductImageFactory(product=product, alt_text="Side view")

    response = api_client.get("/api/v1/products/calf-rocker/")

    assert response.status_code == 200
    body = response.json()
    assert body["description_html"] == "<p>Rock <em>slowly</em>.</p>"
    assert body["images"][0]["alt_text"] == "Side view"


def test_inactive_product_detail_is_404(api_client):
    ProductFactory(slug="gone", is_active=False)

    assert api_client.get("/api/v1/products/gone/").status_code == 404


def test_categories_list_with_parent_slugs(api_client):
    parent = CategoryFactory(slug="massage", name="Massage")
    CategoryFactory(slug="foam-rollers", name="Foam rollers", parent=parent)

    response = api_client.get("/api/v1/categories/")

    assert {"slug": "foam-rollers", "name": "Foam rollers", "parent": "massage", "description": ""} in response.json()


def new_product_payload(**overrides):
    CategoryFactory(slug="rollers")
    return {
        "slug": "new-roller",
        "name": "New Roller",
        "sku": "NR-1",
        "category": "rollers",
        "price": "12.50",
    } | overrides


def test_anonymous_clients_cannot_write(api_client):
    response = api_client.post("/api/v1/products/", new_product_payload(), format="json")

    assert response.status_code in (401, 403)
    assert not Product.objects.exists()


def test_staff_create_a_product(api_client, admin_user):
    api_client.force_authenticate(admin_user)

    response = api_client.post("/api/v1/products/", new_product_payload(), format="json")

    assert response.status_code == 201
    assert Product.objects.get(slug="new-roller").price == Decimal("12.50")


def test_staff_token_holder_updates_a_product(api_client, django_user_model):
    product = ProductFactory(slug="roller", price=Decimal("10"))
    user = django_user_model.objects.create_user("partner", password="x-long-password-1", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_product"))
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")

    response = api_client.patch("/api/v1/products/roller/", {"price": "11.00"}, format="json")

    assert response.status_code == 200
    product.refresh_from_db()
    assert product.price == Decimal("11.00")


def test_product_update_writes_only_the_fields_it_changes(api_client, admin_user):
    ProductFactory(slug="roller", name="Roller", stock_quantity=7)
    api_client.force_authenticate(admin_user)

    with CaptureQueriesContext(connection) as queries:
        response = api_client.patch("/api/v1/products/roller/", {"name": "Grid roller"}, format="json")

    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "catalog_product" in q["sql"]]
    assert response.status_code == 200
    assert len(updates) == 1
    assert '"name"' in updates[0]
    assert "stock_quantity" not in updates[0]
    assert "price" not in updates[0]


def test_product_update_refuses_stock_and_points_to_the_stock_endpoint(api_client, admin_user):
    product = ProductFactory(slug="roller", stock_quantity=7)
    api_client.force_authenticate(admin_user)

    response = api_client.patch("/api/v1/products/roller/", {"stock_quantity": 0, "name": "X"}, format="json")

    assert response.status_code == 400
    assert "/stock/" in response.json()["stock_quantity"][0]
    product.refresh_from_db()
    assert (product.stock_quantity, product.name) != (0, "X")


def test_product_create_takes_an_opening_stock(api_client, admin_user):
    api_client.force_authenticate(admin_user)

    response = api_client.post("/api/v1/products/", new_product_payload(stock_quantity=4), format="json")

    assert response.status_code == 201
    assert Product.objects.get(slug="new-roller").stock_quantity == 4


@pytest.mark.parametrize("slug", ["GRID-ROLLER", "Grid-Roller"])
def test_a_slug_differing_only_by_case_is_refused(api_client, admin_user, slug):
    ProductFactory(slug="grid-roller")
    api_client.force_authenticate(admin_user)

    response = api_client.post("/api/v1/products/", new_product_payload(slug=slug), format="json")

    assert response.status_code == 400
    assert "ignoring case" in response.json()["slug"][0]
    assert Product.objects.count() == 1


def test_create_with_bad_fields_names_each_field_and_writes_nothing(api_client, admin_user):
    api_client.force_authenticate(admin_user)

    payload = new_product_payload(price="-1", category="nowhere", currency="dollars")
    response = api_client.post("/api/v1/products/", payload, format="json")

    assert response.status_code == 400
    assert set(response.json()) >= {"price", "category", "currency"}
    assert not Product.objects.exists()


def test_body_that_is_not_json_is_400(api_client, admin_user):
    api_client.force_authenticate(admin_user)

    response = api_client.post("/api/v1/products/", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert "not valid JSON" in response.json()["body"][0]


def test_staff_adjust_stock_and_cannot_go_negative(api_client, admin_user):
    product = ProductFactory(slug="roller", stock_quantity=3)
    api_client.force_authenticate(admin_user)

    added = api_client.post("/api/v1/products/roller/stock/", {"adjust": 2}, format="json")
    refused = api_client.post("/api/v1/products/roller/stock/", {"adjust": -9}, format="json")
    both = api_client.post("/api/v1/products/roller/stock/", {"adjust": 1, "quantity": 1}, format="json")

    assert added.json()["stock_quantity"] == 5
    assert refused.status_code == 400
    assert "Only 5 in stock" in refused.json()["adjust"][0]
    assert both.status_code == 400
    product.refresh_from_db()
    assert product.stock_quantity == 5


def test_reads_are_throttled(api_client, monkeypatch):
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "3/minute"})

    responses = [api_client.get("/api/v1/categories/") for _ in range(4)]

    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    refused = responses[-1]
    assert refused["Content-Type"] == "application/json"
    assert "throttled" in refused.json()["detail"].lower()
    assert 0 < int(refused["Retry-After"]) <= 60


def test_openapi_schema_and_docs_are_served_locally(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    docs = client.get("/api/docs/")

    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/products/" in paths
    assert "/api/v1/products/{slug}/" in paths
    assert "/api/v1/categories/" in paths
    assert docs.status_code == 200
    assert "swagger-ui" in docs.text
    assert "cdn.jsdelivr" not in docs.text
    assert "unpkg" not in docs.text


@pytest.mark.parametrize("rows", [1, 50])
def test_product_list_query_count_does_not_grow_with_rows(api_client, django_assert_num_queries, rows):
    for product in ProductFactory.create_batch(rows):
        ProductImageFactory(product=product)

    content_version()  # the process holds the content version, as it does after its first request
    with django_assert_num_queries(3):  # count, page of products, their images
        response = api_client.get("/api/v1/products/", {"page_size": 50})

    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", '=HYPERLINK("http://evil.test","x")'), ("short_description", "@SUM(A1)"), ("sku", "+1+1")],
)
def test_the_api_refuses_text_a_spreadsheet_would_run_as_the_import_does(api_client, admin_user, field, value):
    ProductFactory(slug="roller", name="Roller")
    api_client.force_authenticate(admin_user)

    created = api_client.post("/api/v1/products/", new_product_payload(**{field: value}), format="json")
    updated = api_client.patch("/api/v1/products/roller/", {field: value}, format="json")

    assert created.status_code == updated.status_code == 400
    assert "spreadsheets run as a formula" in created.json()[field][0]
    assert "spreadsheets run as a formula" in updated.json()[field][0]
    assert list(Product.objects.values_list("slug", "name")) == [("roller", "Roller")]


def test_a_plain_negative_number_is_text_the_api_accepts(api_client, admin_user):
    api_client.force_authenticate(admin_user)

    response = api_client.post("/api/v1/products/", new_product_payload(short_description="-20"), format="json")

    assert response.status_code == 201
    assert Product.objects.get(slug="new-roller").short_description == "-20"


def test_a_product_in_a_family_of_three_offers_the_other_two_cheapest_first(api_client):
    ProductFactory(slug="loop-strap", name="Loop Strap", price=Decimal("24.99"), stock_quantity=12, family="loop")
    ProductFactory(
        slug="loop-strap-pair", name="Loop Strap, Pair", price=Decimal("44.00"), stock_quantity=0, family="loop"
    )
    ProductFactory(
        slug="loop-strap-long", name="Loop Strap, Long", price=Decimal("29.99"), stock_quantity=4, family="loop"
    )
    ProductFactory(slug="yoga-strap", name="Yoga Strap", family="")

    body = api_client.get("/api/v1/products/loop-strap/").json()

    assert body["family"] == "loop"
    assert body["variants"] == [
        {
            "slug": "loop-strap-long",
            "name": "Loop Strap, Long",
            "url": "http://testserver/products/loop-strap-long/",
            "price": "29.99",
            "currency": "USD",
            "in_stock": True,
        },
        {
            "slug": "loop-strap-pair",
            "name": "Loop Strap, Pair",
            "url": "http://testserver/products/loop-strap-pair/",
            "price": "44.00",
            "currency": "USD",
            "in_stock": False,
        },
    ]


def test_a_product_with_no_family_has_a_null_family_and_no_variants(api_client):
    ProductFactory(slug="yoga-strap", family="")
    ProductFactory(slug="lonely-roller", family="only-one")

    plain = api_client.get("/api/v1/products/yoga-strap/").json()
    lonely = api_client.get("/api/v1/products/lonely-roller/").json()

    assert (plain["family"], plain["variants"]) == (None, [])
    assert (lonely["family"], lonely["variants"]) == ("only-one", [])


def test_a_hidden_variant_is_never_offered(api_client):
    ProductFactory(slug="roller", family="rollers", price=Decimal("20.00"))
    ProductFactory(slug="roller-long", family="rollers", price=Decimal("25.00"))
    ProductFactory(slug="roller-old", family="rollers", price=Decimal("15.00"), is_active=False)

    detail = api_client.get("/api/v1/products/roller/").json()
    listed = {row["slug"]: row for row in api_client.get("/api/v1/products/").json()["results"]}

    assert [variant["slug"] for variant in detail["variants"]] == ["roller-long"]
    assert [variant["slug"] for variant in listed["roller-long"]["variants"]] == ["roller"]
    assert "roller-old" not in listed


def test_the_product_list_offers_each_products_variants(api_client):
    ProductFactory(slug="mini-band", name="Mini Band", price=Decimal("5.99"), stock_quantity=0, family="bands")
    ProductFactory(slug="mini-band-set", name="Mini Band Set", price=Decimal("11.99"), family="bands")
    ProductFactory(slug="yoga-strap", name="Yoga Strap", family="")

    rows = {row["slug"]: row for row in api_client.get("/api/v1/products/").json()["results"]}

    assert [(v["slug"], v["price"], v["in_stock"]) for v in rows["mini-band-set"]["variants"]] == [
        ("mini-band", "5.99", False)
    ]
    assert [v["slug"] for v in rows["mini-band"]["variants"]] == ["mini-band-set"]
    assert (rows["yoga-strap"]["family"], rows["yoga-strap"]["variants"]) == (None, [])


def test_the_stock_answer_carries_the_variants_too(api_client, admin_user):
    ProductFactory(slug="roller", family="rollers", stock_quantity=1)
    ProductFactory(slug="roller-long", family="rollers")
    api_client.force_authenticate(admin_user)

    body = api_client.post("/api/v1/products/roller/stock/", {"adjust": 2}, format="json").json()

    assert body["stock_quantity"] == 3
    assert [variant["slug"] for variant in body["variants"]] == ["roller-long"]


@pytest.mark.parametrize("rows", [1, 50])
def test_product_list_with_variants_costs_one_query_more_whatever_the_rows(api_client, django_assert_num_queries, rows):
    for number in range(rows):  # each group a pair: a product and its variant, both on the page
        for product in ProductFactory.create_batch(2, family=f"group-{number}"):
            ProductImageFactory(product=product)

    content_version()  # the process holds the content version, as it does after its first request
    with django_assert_num_queries(4):  # count, page of products, their images, their variant groups
        response = api_client.get("/api/v1/products/", {"page_size": 100})

    results = response.json()["results"]
    assert len(results) == rows * 2
    assert all(row["variants"] for row in results)


@pytest.mark.parametrize("members", [2, 30])
def test_product_detail_query_count_does_not_grow_with_variants(api_client, members):
    ProductFactory(slug="base-strap", family="straps")
    ProductFactory.create_batch(members - 1, family="straps")
    ProductFactory(slug="plain-strap", family="")
    content_version()  # the process holds the content version, as it does after its first request

    with CaptureQueriesContext(connection) as plain:
        api_client.get("/api/v1/products/plain-strap/")
    with CaptureQueriesContext(connection) as with_variants:
        body = api_client.get("/api/v1/products/base-strap/").json()

    assert len(body["variants"]) == members - 1
    assert len(with_variants) == len(plain) + 1
