"""Stripe Checkout: the shopper pays on Stripe's page; only a signed webhook marks the order paid."""

import json
import logging
import re
from datetime import timedelta
from decimal import Decimal

import stripe
from django.conf import settings

from orders.models import Order
from orders.payments.base import InvalidNotice, PaymentNotice, PaymentProvider, PaymentStart, PaymentUnavailable

logger = logging.getLogger(__name__)

PAID_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
EXPIRED_EVENT = "checkout.session.expired"
# Other event types are answered 200 "ignored" (Stripe retries anything else); these are read strictly.
HANDLED_EVENTS = PAID_EVENTS | {EXPIRED_EVENT}
PAYMENT_STATUSES = {"paid", "unpaid", "no_payment_required"}
CURRENCY = re.compile(r"^[a-zA-Z]{3}$")
# Stripe's page closes this long before the order's hold ends (and must stay open 30 minutes to 24 hours).
SESSION_MARGIN = timedelta(minutes=5)
STRIPE_LEAST_OPEN = timedelta(minutes=30)
# Currencies Stripe counts in whole units, not hundredths.
ZERO_DECIMAL = {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF"}


def minor_units(amount: Decimal, currency: str) -> int:
    """Return an amount in the currency's smallest unit, as Stripe counts it (cents for USD)."""
    return int(amount if currency.upper() in ZERO_DECIMAL else (amount * 100).to_integral_value())


class StripeCheckoutProvider(PaymentProvider):
    """Card payment on a Stripe Checkout page; on when STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set."""

    key = "stripe"
    label = "Card (Stripe)"
    description = "Pay by card on Stripe's secure page; you come straight back here."
    pays_online = True
    # Stripe wants its page open at least 30 minutes, and it closes SESSION_MARGIN before the hold ends.
    start_needs = STRIPE_LEAST_OPEN + SESSION_MARGIN + timedelta(minutes=1)
    # None uses the library's own HTTP client; tests put a fake one here, the only thing they replace.
    http_client: stripe.HTTPClient | None = None

    def is_enabled(self) -> bool:
        return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)

    def client(self) -> stripe.StripeClient:
        """Return a Stripe client with Limber's key and a couple of network retries."""
        return stripe.StripeClient(settings.STRIPE_SECRET_KEY, http_client=self.http_client, max_network_retries=2)

    def hold_time(self) -> timedelta:
        return timedelta(minutes=settings.LIMBER_CARD_HOLD_MINUTES)

    def start(self, *, order: Order, return_url: str, cancel_url: str) -> PaymentStart:
        lines = [
            {
                "quantity": line.quantity,
                "price_data": {
                    "currency": order.currency.lower(),
                    "unit_amount": minor_units(line.unit_price, order.currency),
                    "product_data": {"name": line.product_name},
                },
            }
            for line in order.lines.all()
        ]
        if order.shipping_price:
            lines.append(
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": order.currency.lower(),
                        "unit_amount": minor_units(order.shipping_price, order.currency),
                        "product_data": {"name": f"Shipping: {order.shipping_method_name}"},
                    },
                }
            )
        # The page closes before the order's hold ends, so a payment cannot begin on stock already released.
        closes = int((order.hold_expires_at - SESSION_MARGIN).timestamp())
        params = {
            "mode": "payment",
            "payment_method_types": ["card"],
            "client_reference_id": order.number,
            "customer_email": order.email,
            "line_items": lines,
            "metadata": {"order_number": order.number},
            "expires_at": closes,
            "success_url": return_url,
            "cancel_url": cancel_url,
        }
        try:
            # The same key for the same order and hold: a retried click gets the same page back, not a
            # second one; a renewed hold opens a new page.
            session = self.client().v1.checkout.sessions.create(
                params=params, options={"idempotency_key": f"limber-order-{order.number}-checkout-{closes}"}
            )
        except stripe.StripeError as exc:
            logger.warning("Stripe refused a Checkout session for order %s: %s", order.number, exc)
            raise PaymentUnavailable("Card payment is not available right now.") from exc
        return PaymentStart(redirect_url=session.url, reference=session.id)

    def instructions(self, *, order: Order) -> str:
        if order.paid_at:
            return "Paid by card."
        return "Pay by card from your order page; we ship once Stripe confirms the payment."

    def notice_parse(self, *, payload: bytes, headers) -> PaymentNotice | None:
        """Verify a webhook and read it strictly: anything but the shape Limber asked Stripe for is refused."""
        signature = headers.get("Stripe-Signature", "")
        try:
            # A tolerance must be given: without one an old, captured event would verify forever.
            stripe.WebhookSignature.verify_header(
                payload, signature, settings.STRIPE_WEBHOOK_SECRET, tolerance=stripe.Webhook.DEFAULT_TOLERANCE
            )
            event = json.loads(payload)
        except (stripe.SignatureVerificationError, ValueError) as exc:
            raise InvalidNotice(str(exc)) from exc
        if not isinstance(event, dict):
            raise InvalidNotice("The event is not a JSON object.")
        kind, event_id = event.get("type"), event.get("id")
        if not (isinstance(kind, str) and isinstance(event_id, str) and event_id):
            raise InvalidNotice("The event has no type or id.")
        if kind not in HANDLED_EVENTS:
            return None
        session = _session_read(event)
        return PaymentNotice(
            event_id=event_id,
            kind=kind,
            order_number=session["client_reference_id"],
            paid=kind in PAID_EVENTS and session["payment_status"] == "paid",
            amount=_amount(session["amount_total"], session["currency"]),
            currency=session["currency"],
            reference=session["id"],
            expired=kind == EXPIRED_EVENT,
        )


def _session_read(event: dict) -> dict:
    """Return the Checkout session an event carries, checked field by field; else raise InvalidNotice."""
    data = event.get("data")
    session = data.get("object") if isinstance(data, dict) else None
    if not isinstance(session, dict) or session.get("object") != "checkout.session":
        raise InvalidNotice("The event carries no Checkout session.")
    for name in ("id", "client_reference_id"):
        if not isinstance(session.get(name), str) or not session[name]:
            raise InvalidNotice(f"The session has no {name}.")
    if session.get("mode") != "payment":
        raise InvalidNotice(f"The session's mode is {session.get('mode')!r}, not a one-off payment.")
    if session.get("payment_method_types") != ["card"]:
        raise InvalidNotice(f"The session's payment methods are {session.get('payment_method_types')!r}, not card.")
    amount = session.get("amount_total")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise InvalidNotice("The session has no amount_total.")
    currency = session.get("currency")
    if not isinstance(currency, str) or not CURRENCY.match(currency):
        raise InvalidNotice("The session has no currency.")
    if session.get("payment_status") not in PAYMENT_STATUSES:
        raise InvalidNotice(f"The session's payment status {session.get('payment_status')!r} is unknown.")
    return {**session, "currency": currency.upper()}


def _amount(minor: int, currency: str) -> Decimal:
    return Decimal(minor) if currency in ZERO_DECIMAL else Decimal(minor) / 100
