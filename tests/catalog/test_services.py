import pytest
from django.core.exceptions import ValidationError

from catalog import services
from catalog.models import Product
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_stock_adjust_adds_and_removes_units():
    product = ProductFactory(stock_quantity=5)

    services.product_stock_adjust(product=product, delta=3)
    services.product_stock_adjust(product=product, delta=-8)

    assert Product.objects.get(pk=product.pk).stock_quantity == 0


def test_stock_adjust_refuses_to_go_below_zero_and_changes_nothing():
    product = ProductFactory(stock_quantity=2)

    with pytest.raises(ValidationError, match="Only 2 in stock"):
        services.product_stock_adjust(product=product, delta=-3)

    assert Product.objects.get(pk=product.pk).stock_quantity == 2


def test_stock_set_rejects_negative_quantity():
    product = ProductFactory(stock_quantity=2)

    with pytest.raises(ValidationError):
        services.product_stock_set(product=product, quantity=-1)

    assert Product.objects.get(pk=product.pk).stock_quantity == 2


def test_set_active_reports_only_products_that_changed():
    hidden = ProductFactory(is_active=False)
    ProductFactory(is_active=True)

    changed = services.products_set_active(products=Product.objects.all(), active=True)

    assert changed == 1
    assert Product.objects.get(pk=hidden.pk).is_active
