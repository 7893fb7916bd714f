"""Payment providers: the interface, and the registry that reads them from settings."""

from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.module_loading import import_string

from orders.models import Order, OrderStatus
from orders.payments.base import InvalidNotice, PaymentNotice, PaymentProvider, PaymentStart, PaymentUnavailable

__all__ = [
    "InvalidNotice",
    "PaymentNotice",
    "PaymentProvider",
    "PaymentStart",
    "PaymentUnavailable",
    "order_pay_by",
    "provider_get",
    "provider_keys_reminding",
    "providers_enabled",
    "providers_for",
]


@cache
def _providers(paths: tuple[str, ...]) -> dict[str, PaymentProvider]:
    providers = [import_string(path)() for path in paths]
    return {provider.key: provider for provider in providers}


def _all() -> dict[str, PaymentProvider]:
    return _providers(tuple(settings.LIMBER_PAYMENT_PROVIDERS))


def providers_enabled() -> list[PaymentProvider]:
    """Return the providers a shopper may choose now, in the order settings list them."""
    return [provider for provider in _all().values() if provider.is_enabled()]


def providers_for(*, currency: str) -> tuple[list[PaymentProvider], list[str]]:
    """Return the providers that can take an order in this currency, and why each other enabled one cannot."""
    offered, refusals = [], []
    for provider in providers_enabled():
        if refusal := provider.refusal(currency=currency):
            refusals.append(refusal)
        else:
            offered.append(provider)
    return offered, refusals


def provider_get(key: str, *, enabled_only: bool = False) -> PaymentProvider | None:
    """Return the provider with this key (only an enabled one on request), or None."""
    provider = _all().get(key)
    if provider is None or (enabled_only and not provider.is_enabled()):
        return None
    return provider


def provider_keys_reminding() -> list[str]:
    """Keys of the providers whose unpaid orders get a reminder before their hold ends."""
    return [key for key, provider in _all().items() if provider.reminds]


def order_pay_by(*, order: Order) -> str:
    """The one date a shopper must pay by, in a sentence: when an unpaid order's hold ends and it is cancelled.

    The order page, its emails and the API state this date and no other (a provider's instructions say
    how to pay, not by when); "" once the order is paid or cancelled.
    """
    if order.status != OrderStatus.PLACED or order.paid_at or not order.hold_expires_at:
        return ""
    when = date_format(timezone.localtime(order.hold_expires_at), "j F Y, H:i T")
    return f"Pay by {when}: after that the order is cancelled and its items go back on sale."
