"""Stripe Checkout: the shopper pays on Stripe's page; only a signed webhook marks the order paid."""

import json
import logging
from decimal import Decimal

import stripe
from django.conf import settings

from orders.models import Order
from orders.payments.base import InvalidNotice, PaymentNotice, PaymentProvider, PaymentStart, PaymentUnavailable

logger = logging.getLogger(__name__)

PAID_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
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
    # None uses the library's own HTTP client; tests put a fake one here, the only thing they replace.
    http_client: stripe.HTTPClient | None = None

    def is_enabled(self) -> bool:
        return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)

    def client(self) -> stripe.StripeClient:
        """Return a Stripe client with Limber's key and a couple of network retries."""
        return stripe.StripeClient(settings.STRIPE_SECRET_KEY, http_client=self.http_client, max_network_retries=2)

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
        params = {
            "mode": "payment",
            "client_reference_id": order.number,
            "customer_email": order.email,
            "line_items": lines,
            "metadata": {"order_number": order.number},
            "success_url": return_url,
            "cancel_url": cancel_url,
        }
        try:
            # The same key for the same order: a retried click gets the same session back, not a second one.
            session = self.client().v1.checkout.sessions.create(
                params=params, options={"idempotency_key": f"limber-order-{order.number}-checkout"}
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
        signature = headers.get("Stripe-Signature", "")
        try:
            # A tolerance must be given: without one an old, captured event would verify forever.
            stripe.WebhookSignature.verify_header(
                payload, signature, settings.STRIPE_WEBHOOK_SECRET, tolerance=stripe.Webhook.DEFAULT_TOLERANCE
            )
            event = json.loads(payload)
        except (stripe.SignatureVerificationError, ValueError) as exc:
            raise InvalidNotice(str(exc)) from exc
        if event.get("type") not in PAID_EVENTS:
            return None
        session = event.get("data", {}).get("object", {})
        currency = str(session.get("currency") or "").upper()
        amount_total = session.get("amount_total")
        amount = None
        if isinstance(amount_total, int):
            amount = Decimal(amount_total) if currency in ZERO_DECIMAL else Decimal(amount_total) / 100
        return PaymentNotice(
            event_id=str(event.get("id", "")),
            kind=event["type"],
            order_number=str(session.get("client_reference_id") or ""),
            paid=session.get("payment_status") == "paid",
            amount=amount,
            currency=currency,
            reference=str(session.get("id") or ""),
        )
