"""Holds ending while payments arrive, on real PostgreSQL: each thread has its own connection and transaction.

Stock goes back exactly once per expired order, a paid order is never cancelled, and a payment that
loses the race to the expiry takes its stock again.
"""

import random
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from catalog.models import Product
from orders.holds import orders_holds_expire
from orders.models import Order, OrderStatus
from orders.notices import payment_notice_apply
from orders.payments import PaymentNotice
from orders.services import LineRequest, ShippingAddress, order_mark_paid, order_place
from tests.factories import ProductFactory
from tests.orders.conftest import ADDRESS

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

ORDERS = 40
UNITS = 2
SHELF = 1000


def orders_past_their_hold(standard) -> tuple[Product, list[Order]]:
    product = ProductFactory(name="Grid Roller", price=Decimal("20.00"), stock_quantity=SHELF)
    orders = [
        order_place(
            lines=[LineRequest(Product.objects.get(pk=product.pk), UNITS)],
            email=f"buyer{n}@example.com",
            address=ShippingAddress(**ADDRESS),
            shipping_method=standard,
            payment_method="stripe",
        )
        for n in range(ORDERS)
    ]
    Order.objects.update(hold_expires_at=timezone.now() - timedelta(seconds=1))
    return product, orders


def run_together(jobs) -> list[BaseException]:
    """Start every job in its own thread at the same moment; return what any of them raised."""
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job):
        try:
            start.wait()
            job()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def shuffled(orders, seed):
    copy = list(orders)
    random.Random(seed).shuffle(copy)
    return copy


@pytest.mark.django_db(transaction=True)
def test_overlapping_sweeps_put_each_expired_orders_stock_back_exactly_once(standard):
    product, _ = orders_past_their_hold(standard)

    errors = run_together([orders_holds_expire for _ in range(6)])

    assert errors == []
    assert Product.objects.get(pk=product.pk).stock_quantity == SHELF
    assert Order.objects.filter(status=OrderStatus.CANCELLED, restocked_at__isnull=False).count() == ORDERS


@pytest.mark.django_db(transaction=True)
def test_a_staff_payment_racing_the_expiry_wins_or_loses_whole_and_a_paid_order_is_never_cancelled(standard):
    product, orders = orders_past_their_hold(standard)
    outcomes: list[bool] = []

    def pay(seed):
        def job():
            for order in shuffled(orders, seed):
                outcomes.append(order_mark_paid(order=Order.objects.get(pk=order.pk)))

        return job

    errors = run_together([orders_holds_expire, orders_holds_expire, pay(1), pay(2)])

    paid = Order.objects.filter(status=OrderStatus.PAID)
    cancelled = Order.objects.filter(status=OrderStatus.CANCELLED)
    assert errors == []
    assert paid.count() + cancelled.count() == ORDERS
    assert outcomes.count(True) == paid.count()  # each paid order was marked paid once
    assert not paid.filter(expired_at__isnull=False).exists()
    assert not paid.filter(restocked_at__isnull=False).exists()
    assert not cancelled.filter(paid_at__isnull=False).exists()
    assert cancelled.filter(restocked_at__isnull=False).count() == cancelled.count()
    assert Product.objects.get(pk=product.pk).stock_quantity == SHELF - UNITS * paid.count()


@pytest.mark.django_db(transaction=True)
def test_card_payments_racing_the_expiry_all_end_paid_with_their_stock_taken_once(standard):
    product, orders = orders_past_their_hold(standard)
    outcomes: list[str] = []

    def webhook(seed):
        def job():
            for order in shuffled(orders, seed):
                notice = PaymentNotice(
                    event_id=f"evt_{order.number}_{seed}",
                    kind="checkout.session.completed",
                    order_number=order.number,
                    paid=True,
                    amount=order.total,
                    currency=order.currency,
                    reference=f"cs_{order.number}",
                )
                outcomes.append(payment_notice_apply(provider="stripe", notice=notice))

        return job

    errors = run_together([orders_holds_expire, orders_holds_expire, orders_holds_expire, webhook(1), webhook(2)])

    assert errors == []
    assert Order.objects.filter(status=OrderStatus.PAID).count() == ORDERS  # stock was there for every late payment
    assert outcomes.count("paid") + outcomes.count("paid after expiry") == ORDERS
    assert outcomes.count("already settled") == ORDERS  # the second webhook of each order changed nothing
    assert Product.objects.get(pk=product.pk).stock_quantity == SHELF - UNITS * ORDERS
