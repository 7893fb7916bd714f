"""Buyers racing for stock on real PostgreSQL, each in its own thread and connection."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from catalog.models import Product
from orders.models import Order, OrderLine
from orders.services import LineRequest, OutOfStock, ShippingAddress, order_place
from tests.factories import ProductFactory
from tests.orders.conftest import ADDRESS

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


def race(buyers: int, basket) -> dict[str, int]:
    """Start `buyers` threads at once, each placing basket(i); return how many placed and how many were short."""
    start = threading.Barrier(buyers)
    outcome = {"placed": 0, "short": 0, "error": 0}
    lock = threading.Lock()

    def buy(i):
        try:
            lines = basket(i)
            start.wait()
            try:
                order_place(
                    lines=lines,
                    email=f"buyer{i}@example.com",
                    address=ShippingAddress(**ADDRESS),
                    shipping_method=basket.shipping,
                    payment_method="invoice",
                )
                result = "placed"
            except OutOfStock:
                result = "short"
            except Exception:
                result = "error"
            with lock:
                outcome[result] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(i,)) for i in range(buyers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcome


@pytest.mark.django_db(transaction=True)
def test_fifty_buyers_racing_for_the_last_unit_make_exactly_one_order(standard):
    last = ProductFactory(name="Patella Strap", price=Decimal("15.00"), stock_quantity=1)

    def basket(i):
        return [LineRequest(Product.objects.get(pk=last.pk), 1)]

    basket.shipping = standard
    outcome = race(50, basket)

    assert outcome == {"placed": 1, "short": 49, "error": 0}
    assert Order.objects.count() == 1
    assert Product.objects.get(pk=last.pk).stock_quantity == 0


@pytest.mark.django_db(transaction=True)
def test_baskets_locking_the_same_products_in_opposite_orders_queue_instead_of_deadlocking(standard):
    roller = ProductFactory(stock_quantity=100)
    strap = ProductFactory(stock_quantity=100)

    def basket(i):
        first, second = (roller, strap) if i % 2 else (strap, roller)
        return [LineRequest(Product.objects.get(pk=first.pk), 1), LineRequest(Product.objects.get(pk=second.pk), 2)]

    basket.shipping = standard
    outcome = race(30, basket)

    assert outcome == {"placed": 30, "short": 0, "error": 0}
    assert Product.objects.get(pk=roller.pk).stock_quantity + Product.objects.get(pk=strap.pk).stock_quantity == 110
    assert OrderLine.objects.count() == 60
