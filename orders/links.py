"""Signed links to an order and to its "did it help?" page, so a guest can open them from an email; both expire."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from orders.models import Order

SALT = "limber.orders.view"
FEEDBACK_SALT = "limber.orders.feedback"


def order_token(*, order: Order) -> str:
    """Return a token that opens this order's page for LIMBER_ORDER_LINK_DAYS from now."""
    return signing.TimestampSigner(salt=SALT).sign(order.number)[len(order.number) + 1 :]


def order_token_check(*, order: Order, token: str) -> None:
    """Raise SignatureExpired for a link past its days, BadSignature for one not made for this order.

    A link from before links expired (a bare signature) counts as expired, so its page offers a fresh one.
    """
    if token and constant_time_compare(token, signing.Signer(salt=SALT).signature(order.number)):
        raise signing.SignatureExpired("A link from before order links expired.")
    signing.TimestampSigner(salt=SALT).unsign(
        f"{order.number}:{token}", max_age=timedelta(days=settings.LIMBER_ORDER_LINK_DAYS)
    )


def order_url(*, order: Order, absolute: bool = False) -> str:
    """Return the order page's address with its token; absolute (for emails) on request."""
    path = f"{reverse('orders:order-detail', kwargs={'number': order.number})}?t={order_token(order=order)}"
    return f"{settings.LIMBER_SITE_URL.rstrip('/')}{path}" if absolute else path


def feedback_token(*, order: Order) -> str:
    """Return a token that opens this order's "did it help?" page until it expires."""
    return signing.TimestampSigner(salt=FEEDBACK_SALT).sign(order.number)


def feedback_token_check(*, number: str, token: str) -> None:
    """Raise SignatureExpired for a link past its days, BadSignature for one not made for this order."""
    signed = signing.TimestampSigner(salt=FEEDBACK_SALT).unsign(
        token, max_age=timedelta(days=settings.LIMBER_FEEDBACK_LINK_DAYS)
    )
    if not constant_time_compare(signed, number):
        raise signing.BadSignature("The link was made for another order.")


def feedback_url(*, order: Order, absolute: bool = False) -> str:
    """Return the "did it help?" page's address with its token; absolute (for emails) on request."""
    path = f"{reverse('orders:feedback', kwargs={'number': order.number})}?t={feedback_token(order=order)}"
    return f"{settings.LIMBER_SITE_URL.rstrip('/')}{path}" if absolute else path
