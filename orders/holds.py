"""Unpaid orders hold their stock for a limited time: when a hold ends, its expiry, its renewal for a new
payment page, and a payment that arrives after the stock went back.

Every change of status is one conditional UPDATE (`… WHERE status = 'placed'`), as a payment's is:
when an expiry and a payment race, the database lets exactly one of them through, so stock goes
back once and a paid order is never cancelled. Stock returns at most once per order (`restocked_at`).
"""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from catalog.services import products_stock_return, products_stock_take
from orders.models import Order, OrderLine, OrderStatus
from orders.payments import PaymentProvider, provider_get
from orders.selectors import orders_hold_ended

logger = logging.getLogger(__name__)

# A card order's hold is renewed for each new payment page, but not past this long after it was placed.
RENEWAL_LIMIT = timedelta(hours=24)


def order_hold_end(*, payment_method: str, now: datetime) -> datetime:
    """When an order placed now with this payment method stops holding its stock if unpaid."""
    provider = provider_get(payment_method) or PaymentProvider()
    return now + provider.hold_time()


def _quantities(order_id: int) -> dict[int, int]:
    quantities: dict[int, int] = {}
    lines = OrderLine.objects.filter(order_id=order_id, product__isnull=False).values_list("product_id", "quantity")
    for product_id, quantity in lines:
        quantities[product_id] = quantities.get(product_id, 0) + quantity
    return quantities


def order_stock_return(*, order_id: int, now: datetime) -> bool:
    """Put a cancelled order's units back on the shelf unless done before; run it in the cancelling transaction."""
    if not Order.objects.filter(pk=order_id, restocked_at__isnull=True).update(restocked_at=now):
        return False
    products_stock_return(quantities=_quantities(order_id))
    return True


@transaction.atomic
def order_expire(*, order_id: int, now: datetime | None = None, early: bool = False) -> bool:
    """Cancel an unpaid order whose hold has ended and put its stock back, once; return whether this call did.

    `early` releases the hold before its end (the provider closed the payment page unpaid).
    A paid, cancelled or fulfilled order, or one whose hold was renewed meanwhile, is left as it is.
    """
    now = now or timezone.now()
    unpaid = Order.objects.filter(pk=order_id, status=OrderStatus.PLACED)
    if not early:
        unpaid = unpaid.filter(hold_expires_at__lte=now)
    if not unpaid.update(status=OrderStatus.CANCELLED, cancelled_at=now, expired_at=now, updated_at=now):
        return False
    order_stock_return(order_id=order_id, now=now)
    logger.info("Order %s was not paid before its hold ended; cancelled and its stock released.", order_id)
    return True


def orders_holds_expire(*, now: datetime | None = None) -> int:
    """Cancel every unpaid order whose hold has ended, each in its own transaction; return how many."""
    now = now or timezone.now()
    return sum(order_expire(order_id=order_id, now=now) for order_id in orders_hold_ended(now=now))


@transaction.atomic
def order_hold_renew(*, order: Order, provider: PaymentProvider, now: datetime | None = None) -> bool:
    """Make an unpaid order's hold last long enough for a new payment page; False if it can no longer be paid.

    A hold with `provider.start_needs` left is kept (a second click reopens the same page); a shorter one
    starts again, within a day of the order. An order cancelled meanwhile (its hold ended) is not renewed.
    """
    now = now or timezone.now()
    if order.status != OrderStatus.PLACED:
        return False
    if order.hold_expires_at and order.hold_expires_at - now >= provider.start_needs:
        return True
    if now - order.created_at > RENEWAL_LIMIT:
        return False
    hold = now + provider.hold_time()
    if not Order.objects.filter(pk=order.pk, status=OrderStatus.PLACED).update(hold_expires_at=hold, updated_at=now):
        return False
    order.hold_expires_at = hold
    return True


@transaction.atomic
def order_payment_late(*, order: Order, reference: str = "", now: datetime | None = None) -> str:
    """Take a payment for an order no longer waiting for one; return what happened.

    An order whose hold expired takes its stock again if the shelf still has it and is paid
    ("paid after expiry"); otherwise, or for an order staff cancelled, the payment is recorded on the
    cancelled order for staff to refund ("refund due", listed in the admin). A second notice changes nothing.
    """
    now = now or timezone.now()
    locked = Order.objects.select_for_update().get(pk=order.pk)
    payment = {"paid_at": now, "updated_at": now, **({"payment_reference": reference} if reference else {})}
    if locked.status != OrderStatus.CANCELLED or locked.paid_at is not None:
        outcome = "already settled"
    elif locked.expired_at is not None and not products_stock_take(quantities=_quantities(locked.pk)):
        revived = {"status": OrderStatus.PAID, "cancelled_at": None, "restocked_at": None, "hold_expires_at": None}
        Order.objects.filter(pk=locked.pk).update(**payment, **revived)
        outcome = "paid after expiry"
    else:
        Order.objects.filter(pk=locked.pk).update(**payment)
        logger.error("Order %s was paid after it was cancelled and its stock is gone: refund it.", locked.number)
        outcome = "refund due"
    order.refresh_from_db()
    return outcome
