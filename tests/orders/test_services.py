"""Order life: placed → paid → fulfilled, or cancelled with the stock back once; readable numbers."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalog.models import Product
from orders.cart import Attribution
from orders.models import Order, OrderStatus
from orders.services import (
    LineRequest,
    OutOfStock,
    ShippingAddress,
    order_cancel,
    order_fulfil,
    order_mark_paid,
    order_number_new,
    order_place,
)
from tests.factories import ProductFactory
from tests.orders.conftest import ADDRESS

pytestmark = pytest.mark.django_db


def stock(product) -> int:
    return Product.objects.get(pk=product.pk).stock_quantity


def test_order_numbers_are_easy_to_read_out():
    numbers = {order_number_new() for _ in range(200)}

    assert len(numbers) == 200
    assert all(re.fullmatch(r"[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}", number) for number in numbers)


def test_an_order_copies_prices_and_adds_shipping(place_order):
    roller = ProductFactory(price=Decimal("30.00"), stock_quantity=5)
    strap = ProductFactory(price=Decimal("12.50"), stock_quantity=5)

    order = place_order(roller, strap, quantity=2)

    assert (order.subtotal, order.shipping_price, order.total) == (Decimal("85.00"), Decimal("4.95"), Decimal("89.95"))
    assert [line.line_total for line in order.lines.all()] == [Decimal("60.00"), Decimal("25.00")]
    assert (stock(roller), stock(strap)) == (3, 3)


def test_the_same_product_twice_becomes_one_line(standard):
    roller = ProductFactory(stock_quantity=5)

    order = order_place(
        lines=[LineRequest(roller, 1, Attribution(source="guide")), LineRequest(roller, 2)],
        email="sam@example.com",
        address=ShippingAddress(**ADDRESS),
        shipping_method=standard,
        payment_method="invoice",
    )

    assert [(line.quantity, line.source) for line in order.lines.all()] == [(3, "guide")]


def test_a_short_line_writes_nothing_and_names_what_is_left(place_order):
    roller = ProductFactory(name="Grid Roller", stock_quantity=5)
    strap = ProductFactory(name="Patella Strap", stock_quantity=1)

    with pytest.raises(OutOfStock) as raised:
        place_order(roller, strap, quantity=2)

    assert [s.message for s in raised.value.shortages] == ["Only 1 of Patella Strap left; you asked for 2."]
    assert (stock(roller), stock(strap), Order.objects.count()) == (5, 1, 0)


def test_an_empty_basket_cannot_be_ordered(standard):
    with pytest.raises(ValidationError, match="The cart is empty"):
        order_place(
            lines=[],
            email="sam@example.com",
            address=ShippingAddress(**ADDRESS),
            shipping_method=standard,
            payment_method="invoice",
        )


def test_marking_paid_twice_changes_the_order_once(place_order):
    order = place_order()

    first, second = order_mark_paid(order=order), order_mark_paid(order=order)

    assert (first, second, order.status) == (True, False, OrderStatus.PAID)


def test_only_a_paid_order_is_fulfilled(place_order):
    order = place_order()

    assert not order_fulfil(order=order)
    order_mark_paid(order=order)
    assert order_fulfil(order=order)
    assert order.status == OrderStatus.FULFILLED
    assert order.fulfilled_at is not None


def test_cancelling_puts_the_stock_back_once(place_order):
    roller = ProductFactory(stock_quantity=5)
    order = place_order(roller, quantity=3)

    first, second = order_cancel(order=order), order_cancel(order=order)

    assert (first, second) == (True, False)
    assert order.status == OrderStatus.CANCELLED
    assert stock(roller) == 5


def test_a_fulfilled_order_cannot_be_cancelled(place_order):
    roller = ProductFactory(stock_quantity=5)
    order = place_order(roller)
    order_mark_paid(order=order)
    order_fulfil(order=order)

    assert not order_cancel(order=order)
    assert stock(roller) == 4


def test_the_index_hears_of_a_sale_only_when_a_product_sells_out(place_order):
    from catalog.signals import products_changed

    heard = []

    def listener(sender, product_ids, **kwargs):
        heard.append(product_ids)

    products_changed.connect(listener)
    try:
        plenty = ProductFactory(stock_quantity=5)
        last = ProductFactory(stock_quantity=1)
        place_order(plenty)
        order = place_order(last)
        order_cancel(order=order)
    finally:
        products_changed.disconnect(listener)

    assert heard == [[last.pk], [last.pk]]  # sold out, then back in stock
