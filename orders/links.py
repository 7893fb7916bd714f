"""Signed links to an order, so a guest can open it from an email without an account."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from orders.models import Order

SALT = "limber.orders.view"


def order_token(*, order: Order) -> str:
    """Return the token that opens this order's page."""
    return signing.Signer(salt=SALT).signature(order.number)


def order_token_valid(*, order: Order, token: str) -> bool:
    """Whether a token from a link opens this order."""
    return bool(token) and constant_time_compare(token, order_token(order=order))


def order_url(*, order: Order, absolute: bool = False) -> str:
    """Return the order page's address with its token; absolute (for emails) on request."""
    path = f"{reverse('orders:order-detail', kwargs={'number': order.number})}?t={order_token(order=order)}"
    return f"{settings.LIMBER_SITE_URL.rstrip('/')}{path}" if absolute else path
