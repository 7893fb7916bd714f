import csv
import shutil
from decimal import Decimal

import pytest

from catalog import demo
from catalog.demo import DemoCatalogueError, catalog_demo_load
from catalog.models import Brand, Category, Product, ProductImage

pytestmark = pytest.mark.django_db


def demo_rows(name: str) -> list[dict[str, str]]:
    with (demo.CONTENT_DIR / name).open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def demo_products() -> list[dict[str, str]]:
    return demo_rows("products.csv")


def test_the_demo_csv_loads_every_product_on_its_shelf_by_its_maker_at_its_price():
    rows = demo_products()

    counts = catalog_demo_load()

    categories, brands = demo_rows("categories.csv"), demo_rows("brands.csv")
    assert counts == {"categories": len(categories), "brands": len(brands), "products": len(rows)}
    assert Category.objects.count() == len(categories) >= 9
    loaded = {p.sku: p for p in Product.objects.select_related("category", "brand")}
    assert sorted(loaded) == sorted(row["sku"] for row in rows)
    for row in rows:
        product = loaded[row["sku"]]
        assert (product.category.slug, product.brand.slug, product.price) == (
            row["category"],
            row["brand"],
            Decimal(row["price"]),
        )
    strap = loaded["LB-STR-001"]
    assert (strap.name, strap.category.name, strap.brand.name, strap.price) == (
        "Loop Stretch Strap",
        "Stretching straps",
        "Limber Basics",
        Decimal("24.99"),
    )
    assert Category.objects.get(slug="foam-rollers").parent.slug == "massage"
    assert not Product.objects.filter(images__isnull=True).exists()  # every product has a picture


def test_loading_the_demo_twice_changes_nothing():
    catalog_demo_load()
    before = dict(Product.objects.values_list("sku", "updated_at"))
    pictures = ProductImage.objects.count()

    catalog_demo_load()

    assert dict(Product.objects.values_list("sku", "updated_at")) == before
    assert ProductImage.objects.count() == pictures


def test_a_broken_demo_csv_names_each_bad_line_and_field_and_writes_nothing(tmp_path, monkeypatch):
    shutil.copytree(demo.CONTENT_DIR, tmp_path, dirs_exist_ok=True)
    text = (tmp_path / "products.csv").read_text(encoding="utf-8")
    text = text.replace(
        "LB-STR-001,loop-stretch-strap,Loop Stretch Strap,stretching-straps,",
        "LB-STR-001,loop-stretch-strap,Loop Stretch Strap,nowhere,",
        1,
    )
    text = text.replace(",29.99,USD,45,", ",-29.99,USD,45,", 1)  # the long strap, which starts on line 7
    (tmp_path / "products.csv").write_text(text, encoding="utf-8")
    monkeypatch.setattr(demo, "CONTENT_DIR", tmp_path)

    with pytest.raises(DemoCatalogueError) as raised:
        catalog_demo_load(with_images=False)

    message = str(raised.value)
    assert "products.csv line 2, category: There is no category with slug “nowhere”." in message
    assert "products.csv line 7, price: Ensure this value is greater than or equal to 0." in message
    assert not Product.objects.exists()
    assert not Category.objects.exists()
    assert not Brand.objects.exists()


def test_the_demo_csv_imports_through_the_admin_without_row_errors(staff_client, admin_import):
    catalog_demo_load(with_images=False)
    Product.objects.all().delete()  # shelves and makers stay; staff re-import the products

    preview = admin_import(staff_client, "/admin/catalog/product/", (demo.CONTENT_DIR / "products.csv").read_bytes())

    job = preview.context["job"]
    assert job.problem_count == 0
    assert job.checked_totals == {"new": len(demo_products())}
    preview.confirm()
    assert Product.objects.count() == len(demo_products())


def test_no_demo_cell_starts_like_a_spreadsheet_formula():
    cells = []
    for name in ("categories.csv", "brands.csv", "products.csv"):
        with (demo.CONTENT_DIR / name).open(newline="", encoding="utf-8") as file:
            cells += [(name, cell) for row in csv.reader(file) for cell in row]

    assert [(name, cell) for name, cell in cells if cell[:1] in ("=", "+", "-", "@")] == []
