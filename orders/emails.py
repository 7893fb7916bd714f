"""The emails an order sends: confirmation when placed, "payment received" when paid, a payment reminder
before an unpaid order's hold ends, a notice when shipped (with the tracking number when there is one),
"did it help?" later, and a fresh link when the shopper asks for one. `orders.outbox` owes and sends them.

They carry what the shopper needs to recognise the order (its number, date, products and amounts, how
to pay) and a link to its page, and nothing a caller typed: no name, no address. Anyone can place an
order naming any email address, so an email must never carry their words to someone else.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from orders.links import feedback_url, order_url
from orders.models import MessageKind, Order, OrderStatus, OutboxMessage
from orders.payments import order_pay_by, provider_get
from orders.selectors import feedback_items

logger = logging.getLogger(__name__)

SUBJECTS = {
    MessageKind.CONFIRMATION: "Your Limber order {number}",
    MessageKind.PAID: "We received your payment for Limber order {number}",
    MessageKind.REMINDER: "Your Limber order {number} is waiting for payment",
    MessageKind.SHIPPED: "Your Limber order {number} is on its way",
    MessageKind.FEEDBACK: "Did your Limber order {number} help?",
    MessageKind.LINK: "Your link to Limber order {number}",
}


def order_email_build(*, message: OutboxMessage) -> EmailMultiAlternatives | None:
    """Render an owed email (plain text and HTML) from its order as it stands now; None when it is not needed now.

    A reminder for an order no longer waiting for payment, or "did it help?" with nothing left to ask,
    is not needed. The email carries the message's own Message-ID, the same on every attempt.
    """
    order = Order.objects.prefetch_related("lines").filter(pk=message.order_id).first()
    if order is None:
        logger.info("Order %s is gone; no %s email.", message.order_id, message.kind)
        return None
    context = _context(order, message.kind)
    if context is None:
        return None
    email = EmailMultiAlternatives(
        subject=SUBJECTS[message.kind].format(number=order.number),
        body=render_to_string(f"orders/email/{message.kind}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": message.message_id},
    )
    email.attach_alternative(render_to_string(f"orders/email/{message.kind}.html", context), "text/html")
    return email


def _context(order: Order, kind: str) -> dict | None:
    """Return what the email's templates need, or None when there is nothing to send."""
    context = {
        "order": order,
        "lines": list(order.lines.all()),
        "order_url": order_url(order=order, absolute=True),
        "link_expires": timezone.now() + timedelta(days=settings.LIMBER_ORDER_LINK_DAYS),
        "link_request_url": f"{settings.LIMBER_SITE_URL.rstrip('/')}{reverse('orders:order-link')}",
    }
    if kind == MessageKind.FEEDBACK:
        items = [item for item in feedback_items(order=order) if not item.answer]
        if order.status != OrderStatus.FULFILLED or not items:
            logger.info("Order %s has nothing to ask about; no feedback email.", order.number)
            return None
        return {**context, "items": items, "feedback_url": feedback_url(order=order, absolute=True)}
    if kind == MessageKind.REMINDER and order.status != OrderStatus.PLACED:
        logger.info("Order %s is no longer waiting for payment; no reminder.", order.number)
        return None
    provider = provider_get(order.payment_method)
    return {
        **context,
        "payment_instructions": provider.instructions(order=order) if provider else "",
        "pay_by": order_pay_by(order=order),
    }
