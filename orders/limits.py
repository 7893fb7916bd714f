"""What one order may hold and how often anyone may order or make Limber email an address.

The size limits (units of one product, different products) are checked on the merged lines by the
order service, and by the cart as it fills, so the API, the checkout and the cart agree. The rate
limits are exact sliding windows (`shop.rate_limits`): orders per client address and per email
address, emails per recipient, order-link requests per client.
"""

import math
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.timesince import timeuntil

from catalog.models import Product
from shop.rate_limits import Limit, Rate, Verdict, rate_limits_give_back, rate_limits_take


def max_units() -> int:
    """Units of one product one order may hold."""
    return settings.LIMBER_ORDER_MAX_UNITS_PER_PRODUCT


def max_units_rule() -> str:
    """The limit on units in the shopper's words, as the cart page and its messages state it."""
    return f"One order holds at most {max_units()} of each product."


def max_lines() -> int:
    """Different products one order may hold."""
    return settings.LIMBER_ORDER_MAX_LINES


def order_size_problems(quantities: Iterable[tuple[Product, int]]) -> list[str]:
    """Return what is too big about an order of (product, units) pairs, one product each; empty if nothing."""
    quantities = list(quantities)
    problems = [
        f"At most {max_units()} of {product.name} can be ordered at a time; this order has {units}."
        for product, units in quantities
        if units > max_units()
    ]
    if len(quantities) > max_lines():
        problems.append(f"One order can hold at most {max_lines()} different products; this one has {len(quantities)}.")
    return problems


class RateLimited(Exception):
    """Too many of something from one client or to one address; nothing was done. Try again after `wait` seconds."""

    def __init__(self, *, wait: float, what: str, subject: str):
        self.wait = wait
        self.what = what  # what was refused, in words: "orders", "requests"
        self.subject = subject  # who was limited: "this address", "this email address"
        super().__init__(self.message)

    @property
    def wait_seconds(self) -> int:
        """The wait in whole seconds, at least one, as `Retry-After` gives it."""
        return max(1, math.ceil(self.wait))

    @property
    def message(self) -> str:
        """A sentence for the shopper, naming when to try again."""
        again = timezone.localtime(timezone.now() + timedelta(seconds=self.wait))
        when = timeuntil(again) if self.wait >= 60 else "a minute"
        return (
            f"Too many {self.what} from {self.subject} in a short time. "
            f"Please try again in {when} (after {again:%H:%M} {again:%Z})."
        )


def email_key(email: str) -> str:
    """One key per mailbox: case-insensitive, and "sam+shop@example.com" is "sam@example.com"."""
    local, _, domain = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def order_rate_take(*, client: str, email: str) -> Verdict:
    """Count an order against its client's and its email's limits, or raise RateLimited; give it back on failure."""
    verdict = rate_limits_take(
        [
            Limit(f"orders:client:{client}", Rate.parse(settings.LIMBER_ORDER_RATE_PER_CLIENT)),
            Limit(f"orders:email:{email_key(email)}", Rate.parse(settings.LIMBER_ORDER_RATE_PER_EMAIL)),
        ]
    )
    if not verdict.allowed:
        per_email = verdict.refused_by is not None and verdict.refused_by.key.startswith("orders:email:")
        raise RateLimited(
            wait=verdict.wait, what="orders", subject="this email address" if per_email else "this address"
        )
    return verdict


def rate_give_back(*verdicts: Verdict | None) -> None:
    """Uncount what was not done after all (an order refused for stock, so no confirmation either)."""
    for verdict in verdicts:
        if verdict is not None:
            rate_limits_give_back(verdict)


def recipient_email_take(*, email: str) -> Verdict:
    """Count one email anyone can cause (a confirmation, a re-sent link) to an address, if within its limit."""
    return rate_limits_take(
        [Limit(f"emails:to:{email_key(email)}", Rate.parse(settings.LIMBER_ORDER_EMAILS_PER_ADDRESS))]
    )


def link_request_take(*, client: str) -> None:
    """Count one "lost your link?" request from a client, or raise RateLimited."""
    limit = Limit(f"order-links:client:{client}", Rate.parse(settings.LIMBER_ORDER_LINK_REQUESTS_PER_CLIENT))
    verdict = rate_limits_take([limit])
    if not verdict.allowed:
        raise RateLimited(wait=verdict.wait, what="requests", subject="this address")
