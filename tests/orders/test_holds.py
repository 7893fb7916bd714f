"""Unpaid orders hold their stock for a limited time; the beat task ends holds once; late payments are safe."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings as live_settings
from django.utils import timezone

from catalog.models import Product
from orders.holds import order_expire, order_hold_renew, order_payment_late, orders_holds_expire
from orders.links import order_url
from orders.models import Order, OrderStatus
from orders.payments.stripe_checkout import StripeCheckoutProvider
from orders.selectors import orders_hold_ended, orders_reminder_due
from orders.services import order_cancel, order_mark_paid
from orders.tasks import order_holds_task
from shop.periodic import PeriodicJobs
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/orders/order/"


@pytest.fixture
def roller(db):
    return ProductFactory(name="Grid Roller", price=Decimal("20.00"), stock_quantity=5)


def stock(product) -> int:
    return Product.objects.get(pk=product.pk).stock_quantity


def past_its_hold(order) -> Order:
    Order.objects.filter(pk=order.pk).update(hold_expires_at=timezone.now() - timedelta(seconds=1))
    order.refresh_from_db()
    return order


def test_an_invoice_order_holds_its_stock_for_the_invoice_days_and_a_card_order_for_minutes(place_order, roller):
    invoice = place_order(roller)
    card = place_order(roller, payment_method="stripe")

    assert abs(invoice.hold_expires_at - invoice.created_at - timedelta(days=17)) < timedelta(seconds=5)
    assert abs(card.hold_expires_at - card.created_at - timedelta(minutes=40)) < timedelta(seconds=5)
    assert stock(roller) == 3


def test_the_task_cancels_an_order_past_its_hold_and_puts_the_stock_back_once(place_order, roller):
    order = past_its_hold(place_order(roller, quantity=2))
    waiting = place_order(roller)

    order_holds_task.delay()
    order_holds_task.delay()
    again = order_expire(order_id=order.pk)

    order.refresh_from_db()
    assert (order.status, order.expired_at is not None, order.restocked_at is not None) == ("cancelled", True, True)
    assert again is False
    assert stock(roller) == 4  # 5 - 2 - 1 + 2
    assert Order.objects.get(pk=waiting.pk).status == OrderStatus.PLACED


def test_a_paid_order_is_never_cancelled_by_its_old_hold(place_order, roller):
    order = place_order(roller)
    order_mark_paid(order=order)
    Order.objects.filter(pk=order.pk).update(hold_expires_at=timezone.now() - timedelta(days=1))

    expired = orders_holds_expire()

    assert expired == 0
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID
    assert stock(roller) == 4


def test_paying_clears_the_hold(place_order, roller):
    order = place_order(roller)

    order_mark_paid(order=order)

    assert Order.objects.get(pk=order.pk).hold_expires_at is None


def test_a_staff_cancel_after_expiry_does_not_put_the_stock_back_twice(place_order, roller):
    order = past_its_hold(place_order(roller, quantity=2))
    orders_holds_expire()

    assert order_cancel(order=order) is False
    assert stock(roller) == 5


def test_a_payment_after_the_hold_ended_takes_the_stock_again_when_it_is_there(place_order, roller):
    order = past_its_hold(place_order(roller, quantity=2))
    orders_holds_expire()

    outcome = order_payment_late(order=order, reference="cs_late")

    order.refresh_from_db()
    assert outcome == "paid after expiry"
    assert (order.status, order.payment_reference, order.restocked_at) == (OrderStatus.PAID, "cs_late", None)
    assert stock(roller) == 3
    assert order_cancel(order=order) is True  # and staff can still cancel it, which returns its stock once more
    assert stock(roller) == 5


def test_a_payment_after_the_stock_was_sold_again_is_flagged_for_a_refund(client, staff_client, place_order, roller):
    order = past_its_hold(place_order(roller, quantity=2))
    orders_holds_expire()
    Product.objects.filter(pk=roller.pk).update(stock_quantity=1)

    outcome = order_payment_late(order=order, reference="cs_late")
    again = order_payment_late(order=order, reference="cs_late")

    order.refresh_from_db()
    assert (outcome, again) == ("refund due", "already settled")
    assert (order.status, order.refund_due) == (OrderStatus.CANCELLED, True)
    assert stock(roller) == 1
    assert "We will refund it." in client.get(order_url(order=order)).text
    assert order.number in staff_client.get(CHANGELIST, {"hold": "refund"}).text


def test_the_order_page_says_when_the_order_is_cancelled_unless_paid(client, place_order, roller):
    order = place_order(roller)
    held = timezone.localtime(order.hold_expires_at)

    waiting = client.get(order_url(order=order)).text
    past_its_hold(order)
    orders_holds_expire()
    expired = client.get(order_url(order=order)).text

    assert f"Pay by {held:%-d %B %Y, %H:%M} UTC: after that the order is cancelled" in waiting
    assert "cancelled on" in expired
    assert "because its payment did not reach us in time" in expired
    assert "Pay by" not in expired


def test_staff_see_when_each_hold_ends_in_the_list_and_on_the_order(staff_client, place_order, roller):
    order = place_order(roller)
    expired = past_its_hold(place_order(roller))
    orders_holds_expire()
    held = timezone.localtime(order.hold_expires_at)

    listing = staff_client.get(CHANGELIST).text
    ending = staff_client.get(CHANGELIST, {"hold": "expired"}).text
    detail = staff_client.get(f"{CHANGELIST}{order.pk}/change/").text

    assert "Hold ends" in listing
    assert f"{held:%Y-%m-%d %H:%M}" in listing
    assert expired.number in ending
    assert order.number not in ending
    assert "Hold expires at" in detail


def test_a_card_hold_is_renewed_for_a_new_payment_page_but_not_past_a_day(place_order, roller):
    provider = StripeCheckoutProvider()
    order = place_order(roller, payment_method="stripe")
    first = order.hold_expires_at

    kept = order_hold_renew(order=order, provider=provider)
    unchanged = order.hold_expires_at == first
    Order.objects.filter(pk=order.pk).update(hold_expires_at=timezone.now() + timedelta(minutes=20))
    order.refresh_from_db()
    renewed = order_hold_renew(order=order, provider=provider)
    renewed_until = Order.objects.get(pk=order.pk).hold_expires_at - timezone.now()
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(hours=25))
    order.refresh_from_db()
    Order.objects.filter(pk=order.pk).update(hold_expires_at=timezone.now() + timedelta(minutes=20))
    order.refresh_from_db()
    too_late = order_hold_renew(order=order, provider=provider)

    assert (kept, unchanged) == (True, True)  # 40 minutes left: the same page can open again
    assert renewed is True
    assert timedelta(minutes=39) < renewed_until <= timedelta(minutes=40)
    assert too_late is False


def test_no_renewal_for_an_order_that_expired_meanwhile(place_order, roller):
    order = past_its_hold(place_order(roller, payment_method="stripe"))
    orders_holds_expire()
    order.refresh_from_db()

    assert order_hold_renew(order=order, provider=StripeCheckoutProvider()) is False
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED


@pytest.mark.parametrize("count", [1, 50])
def test_finding_holds_that_ended_and_reminders_due_is_one_query_each(
    place_order, standard, count, django_assert_num_queries
):
    product = ProductFactory(stock_quantity=count)
    orders = [place_order(product) for _ in range(count)]
    Order.objects.filter(pk__in=[order.pk for order in orders[::2]]).update(
        hold_expires_at=timezone.now() - timedelta(seconds=1)
    )
    Order.objects.filter(pk__in=[order.pk for order in orders[1::2]]).update(
        hold_expires_at=timezone.now() + timedelta(days=1)
    )
    now = timezone.now()

    with django_assert_num_queries(1):
        ended = orders_hold_ended(now=now)
    with django_assert_num_queries(1):
        due = orders_reminder_due(now=now)

    assert (len(ended), len(due)) == ((count + 1) // 2, count // 2)


def test_the_holds_job_is_on_beats_schedule():
    entry = live_settings.CELERY_BEAT_SCHEDULE["order-holds"]

    assert entry == {"task": "orders.tasks.order_holds_task", "schedule": 60.0}


@pytest.mark.django_db(transaction=True)
def test_the_in_process_scheduler_of_manage_py_serve_ends_holds(standard, roller, place_order):
    order = past_its_hold(place_order(roller, quantity=2))
    jobs = PeriodicJobs({"order-holds": {"task": "orders.tasks.order_holds_task", "schedule": 0.05}})

    jobs.start()
    deadline = time.monotonic() + 10
    while not jobs.runs and time.monotonic() < deadline:  # the thread's own count: no query races its writes
        time.sleep(0.05)
    stopped = jobs.stop()

    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    assert stock(roller) == 5
    assert stopped


def test_the_migration_gives_orders_placed_before_holds_a_hold_that_ends(place_order, roller):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("orders.migrations.0004_order_stock_holds_and_email_limits")
    now = timezone.now()
    ages = {"invoice": timedelta(days=30), "stripe": timedelta(hours=2), "old stripe": timedelta(days=2)}
    orders = {kind: place_order(roller, payment_method=kind.split()[-1]) for kind in ages}
    for kind, order in orders.items():
        Order.objects.filter(pk=order.pk).update(created_at=now - ages[kind], hold_expires_at=None)

    migration.hold_open_orders(apps, None)

    left = {kind: Order.objects.get(pk=order.pk).hold_expires_at - now for kind, order in orders.items()}
    assert timedelta(days=3, hours=12) <= left["invoice"] < timedelta(days=3, hours=12, seconds=5)  # reminder first
    assert abs(left["stripe"] - timedelta(hours=22)) < timedelta(seconds=5)  # a day after it was placed
    assert timedelta(0) <= left["old stripe"] < timedelta(seconds=5)  # released at the next sweep
