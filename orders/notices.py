"""Payment providers' notices, acted on once: each event id is stored with the change it causes."""

import logging

from django.db import IntegrityError, transaction

from orders.holds import order_expire, order_payment_late
from orders.models import MessageKind, Order, PaymentEvent
from orders.payments.base import PaymentNotice
from orders.services import order_emails_owe, order_mark_paid

logger = logging.getLogger(__name__)


@transaction.atomic
def payment_event_record(*, provider: str, event_id: str, kind: str, order: Order | None) -> bool:
    """Remember a provider's event; return False when it was seen before (a replay), so callers act once."""
    try:
        with transaction.atomic():
            PaymentEvent.objects.create(provider=provider, event_id=event_id, kind=kind, order=order)
    except IntegrityError:
        return False
    return True


class NoticeRefused(Exception):
    """A verified notice that cannot be right for its order (another amount or currency); nothing was recorded."""


@transaction.atomic
def payment_notice_apply(*, provider: str, notice: PaymentNotice) -> str:
    """Act once on a provider's verified notice; return what happened, for the log and the response.

    The event id is stored in the same transaction as the status change, so a replayed event
    (providers retry) finds it and changes nothing. A payment that arrives after the order's hold
    ended takes the stock again if it is there, else is flagged for a refund (`holds.order_payment_late`).
    Raise NoticeRefused, recording nothing, for a payment of another amount or currency than the order's.
    """
    order = Order.objects.filter(number=notice.order_number).first()
    if not payment_event_record(provider=provider, event_id=notice.event_id, kind=notice.kind, order=order):
        return "replayed"
    if order is None:
        logger.warning("%s event %s names no known order (%r).", provider, notice.event_id, notice.order_number)
        return "unknown order"
    if notice.expired:
        ours = order.payment_method == provider and order.payment_reference == notice.reference
        return "released" if ours and order_expire(order_id=order.pk, early=True) else "nothing to release"
    if not notice.paid:
        return "not paid yet"
    if notice.amount != order.total or notice.currency != order.currency:
        logger.error(
            "%s says %s %s was paid for order %s, which costs %s %s; not marked paid.",
            provider, notice.amount, notice.currency, order.number, order.total, order.currency,
        )  # fmt: skip
        raise NoticeRefused(f"The amount paid is not the order's ({order.total} {order.currency}).")
    if order_mark_paid(order=order, reference=notice.reference):
        return "paid"
    outcome = order_payment_late(order=order, reference=notice.reference)
    if outcome == "paid after expiry":
        order_emails_owe(orders=[order], kind=MessageKind.PAID)
    return outcome
