from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog.models import Category, Product
from tests.factories import BrandFactory, CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_database_rejects_a_negative_price():
    product = ProductFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(price=Decimal("-1.00"))

    product.refresh_from_db()
    assert product.price == Decimal("19.99")


def test_database_rejects_negative_stock():
    product = ProductFactory(stock_quantity=2)

    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(stock_quantity=-1)


@pytest.mark.parametrize("field", ["slug", "sku"])
def test_slug_and_sku_are_unique(field):
    first = ProductFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ProductFactory(**{field: getattr(first, field)})


def test_category_cannot_be_its_own_parent():
    category = CategoryFactory()
    category.parent = category

    with pytest.raises(IntegrityError), transaction.atomic():
        category.save()


def test_validation_names_a_bad_currency_and_a_negative_price():
    product = ProductFactory.build(category=CategoryFactory(), brand=None, currency="usd", price=Decimal("-3"))

    with pytest.raises(ValidationError) as caught:
        product.full_clean()

    assert "three capital letters" in str(caught.value.message_dict["currency"])
    assert "price" in caught.value.message_dict


def test_available_hides_inactive_and_in_stock_hides_empty_shelves():
    shown = ProductFactory(is_active=True, stock_quantity=3)
    empty = ProductFactory(is_active=True, stock_quantity=0)
    ProductFactory(is_active=False, stock_quantity=5)

    assert set(Product.objects.available()) == {shown, empty}
    assert list(Product.objects.available().in_stock()) == [shown]


@pytest.mark.parametrize(
    ("factory", "first", "second"),
    [(CategoryFactory, "rollers", "Rollers"), (BrandFactory, "limber", "LIMBER"), (ProductFactory, "grid", "Grid")],
)
def test_the_database_refuses_a_slug_differing_only_by_case(factory, first, second):
    model = factory._meta.model
    factory(slug=first)

    with pytest.raises(IntegrityError, match="slug_ci_unique"), transaction.atomic():
        factory(slug=second)

    assert model.objects.filter(slug__iexact=first).count() == 1


def test_full_clean_names_a_slug_differing_only_by_case():
    CategoryFactory(slug="rollers")

    with pytest.raises(ValidationError, match="ignoring case"):
        Category(name="Rollers", slug="ROLLERS").full_clean()
