import csv
import io
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
    assert 'class="limber-thumb"' in response.text
    assert "shop/admin.css" in response.text


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


@pytest.mark.parametrize("field", ["name", "short_description", "description"])
def test_change_page_refuses_text_a_spreadsheet_would_run_with_a_message(staff_client, field):
    product = ProductFactory(name="Roller")
    management = inline_management_forms(staff_client.get(f"/admin/catalog/product/{product.pk}/change/").text)
    form = {
        **management,
        "name": product.name,
        "slug": product.slug,
        "sku": product.sku,
        "category": product.category_id,
        "price": "19.99",
        "currency": "USD",
        "stock_quantity": "1",
    }

    response = staff_client.post(f"/admin/catalog/product/{product.pk}/change/", {**form, field: "=1+1"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field][0].startswith("“=1+1” starts with “=”")
    product.refresh_from_db()
    assert product.name == "Roller"


def test_category_and_brand_forms_refuse_formula_names(staff_client):
    category = staff_client.post("/admin/catalog/category/add/", {"name": "@cmd", "slug": "cmd", "position": "0"})
    brand = staff_client.post("/admin/catalog/brand/add/", {"name": "-2+3", "slug": "minus"})

    assert "spreadsheets run as a formula" in category.text
    assert "spreadsheets run as a formula" in brand.text


def test_change_page_uses_autocomplete_for_category_and_brand(staff_client):
    product = ProductFactory()

    response = staff_client.get(f"/admin/catalog/product/{product.pk}/change/")

    assert response.status_code == 200
    assert 'data-field-name="category"' in response.text
    assert 'data-field-name="brand"' in response.text


CSV_HEADER = (
    "sku,slug,name,category,brand,short_description,description,price,currency,stock_quantity,is_active,is_featured\n"
)


def test_csv_import_previews_good_rows_and_confirming_writes_them(staff_client, admin_import):
    CategoryFactory(slug="rollers")
    text = CSV_HEADER + "RW-1,grid-roller,Grid Roller,rollers,,Firm,,34.99,USD,5,1,0\n"

    preview = admin_import(staff_client, CHANGELIST, text)

    assert preview.status_code == 200
    assert "Grid Roller" in preview.text
    assert not Product.objects.exists()  # the check writes nothing
    preview.confirm()
    assert Product.objects.get(sku="RW-1").price == Decimal("34.99")


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("RW-2,bad-price,Bad Price,rollers,,,,-4.00,USD,1,1,0", "greater than or equal to 0"),
        ("RW-3,no-shelf,No Shelf,nowhere,,,,4.00,USD,1,1,0", "There is no category with slug “nowhere”"),
        ("RW-1,copy,Copy,rollers,,,,4.00,USD,1,1,0", "appears more than once in this file (first on line 2)"),
    ],
)
def test_csv_import_shows_row_errors_and_writes_nothing(staff_client, admin_import, bad_row, message):
    CategoryFactory(slug="rollers")
    text = CSV_HEADER + "RW-1,grid-roller,Grid Roller,rollers,,,,34.99,USD,5,1,0\n" + bad_row + "\n"

    response = admin_import(staff_client, CHANGELIST, text)

    assert response.status_code == 200
    assert message in response.text
    assert "Confirm import" not in response.text
    response.confirm()
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


def test_changelist_stock_edit_moves_by_the_difference_and_keeps_a_sale_made_meanwhile(staff_client):
    product = ProductFactory(price=Decimal("10.00"), stock_quantity=10)
    page = staff_client.get(CHANGELIST)
    assert 'name="initial-form-0-stock_quantity" value="10"' in page.text
    Product.objects.filter(pk=product.pk).update(stock_quantity=7)  # three sold after the page was shown

    response = staff_client.post(
        CHANGELIST,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(product.pk),
            "form-0-price": "10.00",
            "form-0-stock_quantity": "12",
            "initial-form-0-stock_quantity": "10",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.stock_quantity == 9  # 7 on hand + the 2 staff added


def test_changelist_price_edit_leaves_stock_alone(staff_client):
    product = ProductFactory(price=Decimal("10.00"), stock_quantity=10)
    Product.objects.filter(pk=product.pk).update(stock_quantity=4)  # sold after the page was shown

    staff_client.post(
        CHANGELIST,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(product.pk),
            "form-0-price": "11.00",
            "form-0-stock_quantity": "10",
            "initial-form-0-stock_quantity": "10",
            "_save": "Save",
        },
    )

    product.refresh_from_db()
    assert (product.price, product.stock_quantity) == (Decimal("11.00"), 4)


def staff_with(django_user_model, *codenames):
    from django.contrib.auth.models import Permission
    from django.test import Client

    user = django_user_model.objects.create_user("clerk", password="a-long-test-password", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="catalog", codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("codenames", "can_import", "can_export"),
    [
        ((), False, False),
        (("view_product",), False, True),
        (("view_product", "change_product"), False, True),
        (("view_product", "add_product", "change_product"), True, True),
    ],
)
def test_import_and_export_need_the_models_permissions(
    django_user_model, admin_import, codenames, can_import, can_export
):
    CategoryFactory(slug="rollers")
    ProductFactory(sku="RW-7", price=Decimal("7.50"))
    client = staff_with(django_user_model, *codenames)

    imported = admin_import(client, CHANGELIST, CSV_HEADER + "RW-7,x,X,rollers,,,,0.01,USD,0,1,0\n")
    export_form = {"format": "0", "resource": "0", "productresource_sku": "on"}
    exported = client.post("/admin/catalog/product/export/", export_form)

    assert (imported.status_code == 200 and "Confirm import" in imported.text) is can_import
    assert (exported.status_code == 200 and "RW-7" in exported.content.decode()) is can_export
    assert Product.objects.get(sku="RW-7").price == Decimal("7.50")  # checked at most, never written


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://evil.test","x")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tx"]
)
def test_csv_export_escapes_formulas(staff_client, cell):
    ProductFactory(sku="RW-7", name=cell, short_description=cell)

    form = {"format": "0", "resource": "0", "productresource_sku": "on", "productresource_name": "on"}
    body = staff_client.post("/admin/catalog/product/export/", form).content.decode()

    row = next(csv.reader(io.StringIO(body.splitlines()[1])))
    assert row == ["RW-7", f"'{cell}"]


@pytest.mark.parametrize("cell", ["=1+1", "+1+1", "-1+cmd", "@SUM(A1:A2)", '=HYPERLINK("http://evil.test")'])
def test_csv_import_refuses_formula_cells_with_a_row_error(staff_client, admin_import, cell):
    CategoryFactory(slug="rollers")
    text = CSV_HEADER + f'RW-1,grid-roller,"{cell.replace(chr(34), chr(34) * 2)}",rollers,,,,4.00,USD,1,1,0\n'

    response = admin_import(staff_client, CHANGELIST, text)

    assert response.status_code == 200
    assert "Column “name”:" in response.text
    assert "spreadsheets run as a formula" in response.text
    assert "Confirm import" not in response.text
    assert not Product.objects.exists()


def test_csv_import_sets_stock_to_the_files_count_and_updates_the_rest(staff_client, admin_import):
    rollers = CategoryFactory(slug="rollers")
    ProductFactory(sku="RW-1", slug="grid-roller", stock_quantity=5, category=rollers)
    ProductFactory(sku="RW-2", slug="ball", stock_quantity=5, category=rollers)
    text = (
        CSV_HEADER
        + "RW-1,grid-roller,Renamed,rollers,,,,34.99,USD,8,1,0\n"
        + "RW-2,ball,Renamed ball,rollers,,,,4.99,USD,5,1,0\n"
    )

    admin_import(staff_client, CHANGELIST, text).confirm()

    products = {p.sku: (p.name, p.price, p.stock_quantity) for p in Product.objects.all()}
    assert products == {"RW-1": ("Renamed", Decimal("34.99"), 8), "RW-2": ("Renamed ball", Decimal("4.99"), 5)}
