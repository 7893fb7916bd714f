import pytest
from django.core.exceptions import ValidationError

from catalog import services
from catalog.models import STOCK_MAX, Product
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


def test_stock_adjust_refuses_to_pass_the_largest_storable_count():
    product = ProductFactory(stock_quantity=STOCK_MAX - 1)

    with pytest.raises(ValidationError, match="cannot exceed"):
        services.product_stock_adjust(product=product, delta=2)

    assert Product.objects.get(pk=product.pk).stock_quantity == STOCK_MAX - 1


def test_product_update_never_writes_stock_and_reports_what_changed():
    product = ProductFactory(name="Roller", stock_quantity=5)
    Product.objects.filter(pk=product.pk).update(stock_quantity=2)  # a sale the held object does not know of

    changed = services.product_update(product=product, data={"name": "Grid roller", "price": product.price})

    assert changed == ["name"]
    assert Product.objects.get(pk=product.pk).stock_quantity == 2
    with pytest.raises(ValidationError, match="cannot be changed by editing"):
        services.product_update(product=product, data={"stock_quantity": 9})
