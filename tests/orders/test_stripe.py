"""Stripe Checkout with only the HTTP boundary faked; webhooks signed with the stripe library's own helper."""

import json
import time
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
import stripe

from orders.models import Order, OrderStatus, PaymentEvent
from orders.payments.stripe_checkout import StripeCheckoutProvider
from tests.factories import ProductFactory
from tests.orders.conftest import review_post

pytestmark = pytest.mark.django_db

WEBHOOK_SECRET = "whsec_test_limber"


class FakeStripeHTTP(stripe.HTTPClient):
    """Stripe's servers as seen by the library: record each request, answer with a canned response."""

    name = "fake"

    def __init__(self, status=200, body=None):
        super().__init__()
        self.status = status
        self.body = body
        self.requests = []

    def request(self, method, url, headers, post_data=None):
        data = parse_qs(post_data or "")
        self.requests.append({"method": method, "url": url, "headers": dict(headers), "data": data})
        body = self.body or {
            "id": "cs_test_123",
            "object": "checkout.session",
            "url": "https://checkout.stripe.com/c/pay/cs_test_123",
        }
        return json.dumps(body), self.status, {}

    def close(self):
        pass


@pytest.fixture
def stripe_on(settings, monkeypatch):
    """Stripe configured, with its HTTP replaced by a fake that records what Limber sent."""
    settings.STRIPE_SECRET_KEY = "sk_test_limber"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    fake = FakeStripeHTTP()
    monkeypatch.setattr(StripeCheckoutProvider, "http_client", fake)
    return fake


def checkout_with_stripe(client, fill_cart, checkout_details, *, price="30.00"):
    fill_cart(ProductFactory(name="Grid Roller", price=Decimal(price), stock_quantity=5), quantity=2)
    checkout_details()
    return review_post(client, "stripe")


def checkout_session(order, **changes) -> dict:
    """A Checkout session as Stripe sends it in an event for the session Limber created."""
    return {
        "id": "cs_test_123",
        "object": "checkout.session",
        "mode": "payment",
        "payment_method_types": ["card"],
        "client_reference_id": order.number,
        "payment_status": "paid",
        "amount_total": int(order.total * 100),
        "currency": order.currency.lower(),
        **changes,
    }


def signed_post(client, payload: str, *, secret=WEBHOOK_SECRET, timestamp=None):
    """POST a body to the webhook, signed as Stripe signs it."""
    header = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)
    return client.post(
        "/payments/stripe/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )


def webhook(
    client,
    order,
    *,
    event_id="evt_1",
    kind="checkout.session.completed",
    secret=WEBHOOK_SECRET,
    timestamp=None,
    **session,
):
    """Send a signed event about the order's Checkout session; `session` changes its fields."""
    event = {"id": event_id, "object": "event", "type": kind, "data": {"object": checkout_session(order, **session)}}
    return signed_post(client, json.dumps(event), secret=secret, timestamp=timestamp)


def test_without_stripe_keys_only_the_invoice_is_offered(client, fill_cart, checkout_details):
    fill_cart(ProductFactory())
    checkout_details()

    review = client.get("/checkout/review/").text

    assert "Invoice / bank transfer" in review
    assert "Card (Stripe)" not in review
    assert client.post("/payments/stripe/webhook/", "{}", content_type="application/json").status_code == 404


def test_paying_by_card_sends_the_shopper_to_stripe_with_the_order_and_its_amounts(
    client, fill_cart, checkout_details, stripe_on
):
    response = checkout_with_stripe(client, fill_cart, checkout_details)

    order = Order.objects.get()
    assert response.headers["Location"] == "https://checkout.stripe.com/c/pay/cs_test_123"
    (sent,) = stripe_on.requests
    assert (sent["method"], sent["url"]) == ("post", "https://api.stripe.com/v1/checkout/sessions")
    assert sent["data"]["client_reference_id"] == [order.number]
    assert sent["data"]["line_items[0][price_data][unit_amount]"] == ["3000"]
    assert sent["data"]["line_items[0][quantity]"] == ["2"]
    assert sent["data"]["line_items[1][price_data][unit_amount]"] == ["495"]  # shipping
    closes = int(order.hold_expires_at.timestamp()) - 5 * 60
    assert sent["data"]["expires_at"] == [str(closes)]  # the page closes five minutes before the hold ends
    assert sent["data"]["payment_method_types[0]"] == ["card"]
    assert sent["headers"]["Idempotency-Key"] == f"limber-order-{order.number}-checkout-{closes}"
    assert (order.status, order.payment_reference) == (OrderStatus.PLACED, "cs_test_123")
    assert abs(order.hold_expires_at - order.created_at - timedelta(minutes=40)) < timedelta(seconds=5)


def test_coming_back_from_stripe_does_not_mark_the_order_paid(client, fill_cart, checkout_details, stripe_on):
    checkout_with_stripe(client, fill_cart, checkout_details)
    order = Order.objects.get()
    success_url = stripe_on.requests[0]["data"]["success_url"][0]

    page = client.get(success_url.replace("http://testserver", ""))

    assert "We are waiting for the payment confirmation" in page.text
    assert Order.objects.get().status == OrderStatus.PLACED
    assert order.number in page.text


def test_a_signed_webhook_marks_the_order_paid_and_a_replay_changes_nothing(
    client, fill_cart, checkout_details, stripe_on
):
    checkout_with_stripe(client, fill_cart, checkout_details)
    order = Order.objects.get()

    first = webhook(client, order)
    paid_at = Order.objects.get().paid_at
    second = webhook(client, order)

    assert (first.status_code, first.text) == (200, "paid")
    assert (second.status_code, second.text) == (200, "replayed")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.paid_at == paid_at
    assert PaymentEvent.objects.count() == 1


def test_a_second_event_for_a_paid_order_changes_nothing(client, fill_cart, checkout_details, stripe_on):
    checkout_with_stripe(client, fill_cart, checkout_details)
    order = Order.objects.get()

    webhook(client, order, event_id="evt_1")
    again = webhook(client, order, event_id="evt_2")

    assert again.text == "already settled"
    assert Order.objects.get().status == OrderStatus.PAID


@pytest.mark.parametrize(
    "forgery",
    [{"secret": "whsec_someone_else"}, {"timestamp": int(time.time()) - 3600}],
    ids=["wrong secret", "replayed an hour later"],
)
def test_an_unverifiable_webhook_is_refused_and_changes_nothing(
    client, fill_cart, checkout_details, stripe_on, forgery
):
    checkout_with_stripe(client, fill_cart, checkout_details)
    order = Order.objects.get()

    response = webhook(client, order, **forgery)

    assert response.status_code == 400
    assert Order.objects.get().status == OrderStatus.PLACED
    assert PaymentEvent.objects.count() == 0


def test_a_payment_for_the_wrong_amount_is_refused_and_recorded_nowhere(client, fill_cart, checkout_details, stripe_on):
    checkout_with_stripe(client, fill_cart, checkout_details)
    order = Order.objects.get()

    response = webhook(client, order, amount_total=100)

    assert response.status_code == 400  # Stripe retries it and shows it as failing: someone must look
    assert "amount paid is not the order's" in response.text
    assert Order.objects.get().status == OrderStatus.PLACED
    assert PaymentEvent.objects.count() == 0


def test_an_unpaid_session_waits_for_the_payment(client, fill_cart, checkout_details, stripe_on):
    checkout_with_stripe(client, fill_cart, checkout_details)

    response = webhook(client, Order.objects.get(), payment_status="unpaid")

    assert response.text == "not paid yet"
    assert Order.objects.get().status == OrderStatus.PLACED


def test_when_stripe_refuses_the_order_stands_and_the_shopper_can_pay_later(
    client, fill_cart, checkout_details, stripe_on
):
    stripe_on.status = 400
    stripe_on.body = {"error": {"type": "invalid_request_error", "message": "Stripe is unhappy"}}

    response = checkout_with_stripe(client, fill_cart, checkout_details)
    page = client.get(response.headers["Location"])
    stripe_on.status, stripe_on.body = 200, None
    token = page.text.split('name="t" value="')[1].split('"')[0]
    retry = client.post(f"/orders/{Order.objects.get().number}/pay/", {"t": token})

    assert "is placed, but Card payment is not available right now." in page.text
    assert "Pay now" in page.text
    assert retry.headers["Location"] == "https://checkout.stripe.com/c/pay/cs_test_123"
    assert Order.objects.get().status == OrderStatus.PLACED
