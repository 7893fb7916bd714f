"""The emails an order sends: confirmation when placed, a notice when shipped."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from orders.links import order_url
from orders.models import Order
from orders.payments import provider_get

logger = logging.getLogger(__name__)

CONFIRMATION = "confirmation"
SHIPPED = "shipped"
KINDS = {
    CONFIRMATION: ("confirmation_sent_at", "Your Limber order {number}"),
    SHIPPED: ("shipped_notice_sent_at", "Your Limber order {number} is on its way"),
}


def order_email_send(*, order_id: int, kind: str) -> bool:
    """Send one order email (plain text and HTML) unless it went out before; return whether it was sent.

    A missing order is logged and skipped: the task that calls this may run after a
    deletion. Raises on a mail-server error so the task retries.
    """
    sent_field, subject = KINDS[kind]
    order = Order.objects.prefetch_related("lines").filter(pk=order_id).first()
    if order is None:
        logger.info("Order %s is gone; no %s email.", order_id, kind)
        return False
    if getattr(order, sent_field):
        return False
    provider = provider_get(order.payment_method)
    context = {
        "order": order,
        "lines": list(order.lines.all()),
        "order_url": order_url(order=order, absolute=True),
        "payment_instructions": provider.instructions(order=order) if provider else "",
    }
    message = EmailMultiAlternatives(
        subject=subject.format(number=order.number),
        body=render_to_string(f"orders/email/{kind}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[order.email],
    )
    message.attach_alternative(render_to_string(f"orders/email/{kind}.html", context), "text/html")
    message.send()
    Order.objects.filter(pk=order_id, **{f"{sent_field}__isnull": True}).update(**{sent_field: timezone.now()})
    return True


def order_emails_unsent() -> list[tuple[int, str]]:
    """Return (order id, kind) of emails still owed a while after they were due (a lost enqueue)."""
    due = timezone.now() - timezone.timedelta(minutes=10)
    confirmations = Order.objects.filter(confirmation_sent_at=None, created_at__lt=due).values_list("pk", flat=True)
    shipped = Order.objects.filter(shipped_notice_sent_at=None, fulfilled_at__lt=due).values_list("pk", flat=True)
    return [(pk, CONFIRMATION) for pk in confirmations[:500]] + [(pk, SHIPPED) for pk in shipped[:500]]
