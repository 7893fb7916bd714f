from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Product
from tests.factories import CategoryFactory, ProductFactory, ProductImageFactory
from tests.helpers import inline_management_forms

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/catalog/product/"


def test_changelist_lists_products_with_thumbnails(staff_client):
    product = ProductFactory(name="Grid Roller")
    ProductImageFactory(product=product)

    response = staff_client.get(CHANGELIST)

    assert response.status_code == 200
    assert "Grid Roller" in response.text
    assert 'style="width:40px' in response.text


def test_changelist_searches_by_sku_and_filters_by_stock(staff_client):
    ProductFactory(name="Roller", sku="RW-1", stock_quantity=0)
    ProductFactory(name="Pack", sku="CC-2", stock_quantity=5)

    by_sku = staff_client.get(CHANGELIST, {"q": "CC-2"})
    out_of_stock = staff_client.get(CHANGELIST, {"stock": "out"})

    assert "Pack" in by_sku.text
    assert ">Roller<" not in by_sku.text
    assert ">Roller<" in out_of_stock.text
    assert ">Pack<" not in out_of_stock.text


def test_changelist_edits_price_and_stock_in_place(staff_client):
    product = ProductFactory(price=Decimal("10.00"), stock_quantity=1)

    response = staff_client.post(
        CHANGELIST,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(product.pk),
            "form-0-price": "12.00",
            "form-0-stock_quantity": "9",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.price, product.stock_quantity) == (Decimal("12.00"), 9)


def test_bulk_deactivate_hides_products(staff_client):
    products = ProductFactory.create_batch(2)

    staff_client.post(CHANGELIST, {"action": "deactivate", "_selected_action": [p.pk for p in products]})

    assert not Product.objects.filter(is_active=True).exists()


def test_add_page_creates_a_product_with_an_image(staff_client):
    category = CategoryFactory()
    picture = ProductImageFactory.build().image
    management = inline_management_forms(staff_client.get("/admin/catalog/product/add/").text)

    response = staff_client.post(
        "/admin/catalog/product/add/",
        {
            **management,
            "name": "Cold Pack",
            "slug": "cold-pack",
            "sku": "CC-9",
            "category": category.pk,
            "price": "12.99",
            "currency": "USD",
            "stock_quantity": "4",
            "is_active": "on",
            "images-TOTAL_FORMS": "1",
            "images-INITIAL_FORMS": "0",
            "images-0-image": SimpleUploadedFile("pack.png", picture.read(), content_type="image/png"),
            "images-0-alt_text": "A blue cold pack",
            "images-0-position": "0",
        },
    )

    assert response.status_code == 302, response.context["adminform"].errors if response.context else ""
    product = Product.objects.get(slug="cold-pack")
    assert product.images.get().alt_text == "A blue cold pack"


def test_change_page_rejects_a_negative_price_with_a_message(staff_client):
    product = ProductFactory()
    management = inline_management_forms(staff_client.get(f"/admin/catalog/product/{product.pk}/change/").text)

    response = staff_client.post(
        f"/admin/catalog/product/{product.pk}/change/",
        {
            **management,
            "name": product.name,
            "slug": product.slug,
            "sku": product.sku,
            "category": product.category_id,
            "price": "-5",
            "currency": "USD",
            "stock_quantity": "1",
        },
    )

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0" in response.text
    product.refresh_from_db()
    assert product.price == Decimal("19.99")


def test_change_page_uses_autocomplete_for_category_and_brand(staff_client):
    product = ProductFactory()

    response = staff_client.get(f"/admin/catalog/product/{product.pk}/change/")

    assert response.status_code == 200
    assert 'data-field-name="category"' in response.text
    assert 'data-field-name="brand"' in response.text


def csv_upload(text: str):
    return SimpleUploadedFile("products.csv", text.encode(), content_type="text/csv")


CSV_HEADER = (
    "sku,slug,name,category,brand,short_description,description,price,currency,stock_quantity,is_active,is_featured\n"
)


def import_csv(staff_client, text: str):
    return staff_client.post(
        "/admin/catalog/product/import/",
        {"resource": "0", "format": "0", "import_file": csv_upload(text)},
    )


def test_csv_import_dry_run_previews_good_rows_and_confirming_writes_them(staff_client):
    CategoryFactory(slug="rollers")
    text = CSV_HEADER + "RW-1,grid-roller,Grid Roller,rollers,,Firm,,34.99,USD,5,1,0\n"

    preview = import_csv(staff_client, text)

    assert preview.status_code == 200
    assert "Grid Roller" in preview.text
    assert not Product.objects.exists()  # a dry run writes nothing
    confirm_form = preview.context["confirm_form"]
    confirmed = staff_client.post("/admin/catalog/product/process_import/", confirm_form.initial)
    assert confirmed.status_code == 302
    assert Product.objects.get(sku="RW-1").price == Decimal("34.99")


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("RW-2,bad-price,Bad Price,rollers,,,,-4.00,USD,1,1,0", "greater than or equal to 0"),
        ("RW-3,no-shelf,No Shelf,nowhere,,,,4.00,USD,1,1,0", "There is no category with slug “nowhere”"),
        ("RW-1,copy,Copy,rollers,,,,4.00,USD,1,1,0", "appears more than once in this file"),
    ],
)
def test_csv_import_shows_row_errors_and_writes_nothing(staff_client, bad_row, message):
    CategoryFactory(slug="rollers")
    text = CSV_HEADER + "RW-1,grid-roller,Grid Roller,rollers,,,,34.99,USD,5,1,0\n" + bad_row + "\n"

    response = import_csv(staff_client, text)

    assert response.status_code == 200
    assert message in response.text
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not Product.objects.exists()


def test_csv_export_round_trips_category_slugs(staff_client):
    ProductFactory(sku="RW-7", category=CategoryFactory(slug="rollers"), price=Decimal("7.50"))

    fields = ["sku", "slug", "name", "category", "price"]
    form = {"format": "0", "resource": "0"} | {f"productresource_{name}": "on" for name in fields}
    response = staff_client.post("/admin/catalog/product/export/", form)

    body = response.content.decode()
    assert body.splitlines()[0] == "sku,slug,name,category,price"
    assert "RW-7" in body
    assert "rollers" in body
    assert "7.50" in body


@pytest.mark.parametrize("rows", [1, 50])
def test_changelist_query_count_does_not_grow_with_rows(staff_client, django_assert_num_queries, rows):
    for product in ProductFactory.create_batch(rows):
        ProductImageFactory(product=product)

    with django_assert_num_queries(8):
        response = staff_client.get(CHANGELIST)

    assert response.status_code == 200


def test_category_and_brand_admins_answer(staff_client):
    CategoryFactory(name="Foam rollers")

    assert "Foam rollers" in staff_client.get("/admin/catalog/category/").text
    assert staff_client.get("/admin/catalog/brand/").status_code == 200
