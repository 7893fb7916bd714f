"""The emails an order sends: confirmation when placed, a payment reminder before an unpaid order's hold
ends, a notice when shipped, "did it help?" later, and a fresh link when the shopper asks for one.

They carry what the shopper needs to recognise the order (its number, date, products and amounts, how
to pay) and a link to its page, and nothing a caller typed: no name, no address. Anyone can place an
order naming any email address, so an email must never carry their words to someone else.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from orders.links import feedback_url, order_url
from orders.models import Order, OrderStatus
from orders.payments import provider_get
from orders.selectors import feedback_items

logger = logging.getLogger(__name__)

CONFIRMATION = "confirmation"
REMINDER = "reminder"
SHIPPED = "shipped"
FEEDBACK = "feedback"
LINK = "link"
# Kind: (the field recording that it went out, once; None for an email sent each time it is asked for), subject.
KINDS = {
    CONFIRMATION: ("confirmation_sent_at", "Your Limber order {number}"),
    REMINDER: ("reminder_sent_at", "Your Limber order {number} is waiting for payment"),
    SHIPPED: ("shipped_notice_sent_at", "Your Limber order {number} is on its way"),
    FEEDBACK: ("feedback_requested_at", "Did your Limber order {number} help?"),
    LINK: (None, "Your link to Limber order {number}"),
}


def order_email_send(*, order_id: int, kind: str) -> bool:
    """Send one order email (plain text and HTML) unless it went out before; return whether it was sent.

    A missing order is logged and skipped: the task that calls this may run after a
    deletion. Raises on a mail-server error so the task retries. The order's row stays
    locked while sending, so a retry and a reconcile that overlap send it once.
    """
    sent_field, subject = KINDS[kind]
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(pk=order_id).first()
        if order is None:
            logger.info("Order %s is gone; no %s email.", order_id, kind)
            return False
        if sent_field and getattr(order, sent_field):
            return False
        context = _context(order, kind)
        if context is None:
            return False
        message = EmailMultiAlternatives(
            subject=subject.format(number=order.number),
            body=render_to_string(f"orders/email/{kind}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[order.email],
        )
        message.attach_alternative(render_to_string(f"orders/email/{kind}.html", context), "text/html")
        message.send()
        if sent_field:
            Order.objects.filter(pk=order_id).update(**{sent_field: timezone.now()})
    return True


def _context(order: Order, kind: str) -> dict | None:
    """Return what the email's templates need, or None when there is nothing to send."""
    context = {
        "order": order,
        "lines": list(order.lines.all()),
        "order_url": order_url(order=order, absolute=True),
        "link_expires": timezone.now() + timedelta(days=settings.LIMBER_ORDER_LINK_DAYS),
        "link_request_url": f"{settings.LIMBER_SITE_URL.rstrip('/')}{reverse('orders:order-link')}",
    }
    if kind == FEEDBACK:
        items = [item for item in feedback_items(order=order) if not item.answer]
        if order.status != OrderStatus.FULFILLED or not items:
            logger.info("Order %s has nothing to ask about; no feedback email.", order.number)
            return None
        return {**context, "items": items, "feedback_url": feedback_url(order=order, absolute=True)}
    if kind == REMINDER and order.status != OrderStatus.PLACED:
        logger.info("Order %s is no longer waiting for payment; no reminder.", order.number)
        return None
    provider = provider_get(order.payment_method)
    return {**context, "payment_instructions": provider.instructions(order=order) if provider else ""}


def order_emails_unsent() -> list[tuple[int, str]]:
    """Return (order id, kind) of emails still owed a while after they were due (a lost enqueue)."""
    due = timezone.now() - timezone.timedelta(minutes=10)
    confirmations = Order.objects.filter(
        confirmation_sent_at=None, confirmation_withheld_at=None, created_at__lt=due
    ).values_list("pk", flat=True)
    shipped = Order.objects.filter(shipped_notice_sent_at=None, fulfilled_at__lt=due).values_list("pk", flat=True)
    return [(pk, CONFIRMATION) for pk in confirmations[:500]] + [(pk, SHIPPED) for pk in shipped[:500]]
