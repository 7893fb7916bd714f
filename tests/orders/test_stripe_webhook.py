"""The Stripe webhook fails closed, releases stock when a payment page closes unpaid, and takes late payments safely.

Only Stripe's HTTP is faked; every event is signed with the webhook secret as Stripe signs it.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import Product
from orders.holds import orders_holds_expire
from orders.links import order_token
from orders.models import Order, OrderStatus, PaymentEvent
from tests.orders.test_stripe import checkout_session, checkout_with_stripe, signed_post, stripe_on, webhook

pytestmark = pytest.mark.django_db
__all__ = ["stripe_on"]  # the fixture, used by name


@pytest.fixture
def card_order(client, fill_cart, checkout_details, stripe_on):
    """A card order placed through the checkout, waiting on Stripe's page (2 units of a product with 5)."""
    checkout_with_stripe(client, fill_cart, checkout_details)
    return Order.objects.get()


def unchanged(order) -> bool:
    fresh = Order.objects.get(pk=order.pk)
    units = Product.objects.get().stock_quantity
    return (fresh.status, fresh.paid_at, units, PaymentEvent.objects.count()) == (OrderStatus.PLACED, None, 3, 0)


@pytest.mark.parametrize(
    "session",
    [
        {"amount_total": None},
        {"amount_total": "3495"},
        {"amount_total": True},
        {"currency": None},
        {"currency": "eur"},
        {"mode": "subscription"},
        {"mode": None},
        {"payment_method_types": ["card", "klarna"]},
        {"payment_method_types": ["us_bank_account"]},
        {"payment_status": "maybe"},
        {"client_reference_id": None},
        {"id": 42},
        {"object": "payment_intent"},
    ],
    ids=lambda session: ",".join(f"{key}={value}" for key, value in session.items()),
)
def test_a_signed_event_of_a_shape_limber_did_not_ask_for_is_refused_and_changes_nothing(client, card_order, session):
    response = webhook(client, card_order, **session)

    assert response.status_code == 400
    assert unchanged(card_order)


def test_a_session_missing_its_amount_is_refused(client, card_order):
    event = {"id": "evt_1", "type": "checkout.session.completed", "data": {"object": checkout_session(card_order)}}
    del event["data"]["object"]["amount_total"]

    response = signed_post(client, json.dumps(event))

    assert response.status_code == 400
    assert unchanged(card_order)


@pytest.mark.parametrize(
    "body",
    ["[]", '"paid"', "42", "null", '{"type": "checkout.session.completed"}', '{"id": "evt_1", "type": 7}'],
    ids=["list", "string", "number", "null", "no id", "type not text"],
)
def test_a_signed_body_that_is_not_an_event_object_is_a_400(client, card_order, body):
    response = signed_post(client, body)

    assert response.status_code == 400
    assert unchanged(card_order)


@pytest.mark.parametrize(
    "data", [None, "session", [], {"object": None}, {"object": []}], ids=["none", "text", "list", "null", "list object"]
)
def test_an_event_whose_data_is_not_a_session_is_a_400(client, card_order, data):
    body = json.dumps({"id": "evt_1", "type": "checkout.session.completed", "data": data})

    assert signed_post(client, body).status_code == 400
    assert unchanged(card_order)


def test_an_event_type_limber_does_not_handle_is_acknowledged_and_ignored(client, card_order):
    response = webhook(client, card_order, kind="charge.refunded")

    assert (response.status_code, response.text) == (200, "ignored")
    assert unchanged(card_order)


def test_a_page_that_closes_unpaid_gives_the_stock_back_at_once(client, card_order):
    response = webhook(client, card_order, kind="checkout.session.expired", payment_status="unpaid")

    card_order.refresh_from_db()
    assert (response.status_code, response.text) == (200, "released")
    assert (card_order.status, card_order.expired_at is not None) == (OrderStatus.CANCELLED, True)
    assert Product.objects.get().stock_quantity == 5


def test_an_old_page_closing_does_not_release_an_order_paying_on_a_newer_one(client, card_order):
    response = webhook(client, card_order, kind="checkout.session.expired", payment_status="unpaid", id="cs_old")

    assert response.text == "nothing to release"
    assert Order.objects.get(pk=card_order.pk).status == OrderStatus.PLACED
    assert Product.objects.get().stock_quantity == 3


def test_a_payment_whose_notice_arrives_after_the_hold_ended_is_kept_when_the_stock_is_there(client, card_order):
    Order.objects.filter(pk=card_order.pk).update(hold_expires_at=timezone.now() - timedelta(seconds=1))
    orders_holds_expire()
    assert Product.objects.get().stock_quantity == 5

    response = webhook(client, card_order)

    card_order.refresh_from_db()
    assert (response.status_code, response.text) == (200, "paid after expiry")
    assert (card_order.status, card_order.paid_at is not None) == (OrderStatus.PAID, True)
    assert Product.objects.get().stock_quantity == 3


def test_a_late_payment_for_stock_sold_meanwhile_is_flagged_for_a_refund(client, card_order):
    Order.objects.filter(pk=card_order.pk).update(hold_expires_at=timezone.now() - timedelta(seconds=1))
    orders_holds_expire()
    Product.objects.update(stock_quantity=1)

    response = webhook(client, card_order)

    card_order.refresh_from_db()
    assert (response.status_code, response.text) == (200, "refund due")
    assert (card_order.status, card_order.refund_due) == (OrderStatus.CANCELLED, True)
    assert Product.objects.get().stock_quantity == 1


def test_paying_again_later_renews_the_hold_and_opens_a_new_page(client, card_order, stripe_on):
    Order.objects.filter(pk=card_order.pk).update(hold_expires_at=timezone.now() + timedelta(minutes=10))

    response = client.post(f"/orders/{card_order.number}/pay/", {"t": order_token(order=card_order)})

    card_order.refresh_from_db()
    closes = int(card_order.hold_expires_at.timestamp()) - 300
    _, again = stripe_on.requests
    assert response.headers["Location"] == "https://checkout.stripe.com/c/pay/cs_test_123"
    assert card_order.hold_expires_at - timezone.now() > timedelta(minutes=39)
    assert int(again["data"]["expires_at"][0]) == closes
    assert closes - timezone.now().timestamp() > 30 * 60  # Stripe keeps a page open 30 minutes at least
    assert again["headers"]["Idempotency-Key"] == f"limber-order-{card_order.number}-checkout-{closes}"


def test_a_day_after_the_order_it_can_no_longer_be_paid_by_card(client, card_order, stripe_on):
    Order.objects.filter(pk=card_order.pk).update(
        created_at=timezone.now() - timedelta(hours=25), hold_expires_at=timezone.now() + timedelta(minutes=10)
    )

    response = client.post(f"/orders/{card_order.number}/pay/", {"t": order_token(order=card_order)}, follow=True)

    assert f"The time to pay for order {card_order.number} has run out." in response.text
    assert len(stripe_on.requests) == 1  # only the first page, at checkout
