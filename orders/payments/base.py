"""What every payment provider offers the checkout, the order page and the webhook view."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings

from orders.models import Order


class PaymentUnavailable(Exception):
    """The provider could not start a payment now (its service is down or refused); the order stays placed."""


class InvalidNotice(Exception):
    """A notification that does not verify (bad signature, unreadable body)."""


@dataclass(frozen=True)
class PaymentStart:
    """Where to send the shopper to pay, and the provider's id for the attempt."""

    redirect_url: str
    reference: str


@dataclass(frozen=True)
class PaymentNotice:
    """A verified notification from a provider, in Limber's terms."""

    event_id: str
    kind: str
    order_number: str = ""
    paid: bool = False
    amount: Decimal | None = None
    currency: str = ""
    reference: str = ""
    expired: bool = False  # the payment attempt was closed unpaid: its order's stock may go back


class PaymentProvider:
    """A way to pay; subclasses override the small methods below."""

    key = ""
    label = ""
    description = ""
    pays_online = False  # whether the order page offers "Pay now" while the order waits for payment
    reminds = False  # whether a reminder is emailed before an unpaid order's hold ends
    # How much of its hold an order must have left for a payment to start (a provider's page stays open
    # a fixed time); with less, starting again renews the hold.
    start_needs = timedelta(0)

    def is_enabled(self) -> bool:
        """Whether shoppers may choose it with the current settings."""
        return True

    def refusal(self, *, currency: str) -> str:
        """Why it cannot pay an order in this currency, in the shopper's words; "" when it can."""
        return ""

    def hold_time(self) -> timedelta:
        """How long an order placed with it holds its stock while unpaid."""
        return timedelta(days=settings.LIMBER_INVOICE_HOLD_DAYS)

    def start(self, *, order: Order, return_url: str, cancel_url: str) -> PaymentStart | None:
        """Begin paying for a placed order; None when the shopper has nothing more to do now."""
        return None

    def instructions(self, *, order: Order) -> str:
        """Plain text telling the shopper how the order gets paid, for the order page and emails."""
        return ""

    def notice_parse(self, *, payload: bytes, headers) -> PaymentNotice | None:
        """Verify and read a webhook; None for events Limber does not act on. Raise InvalidNotice if it fails."""
        raise InvalidNotice(f"{self.label} sends no notifications.")
