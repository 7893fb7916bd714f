"""The confirmation email through a real Celery worker on real Redis and PostgreSQL (run in CI)."""

import re
from email import message_from_bytes
from pathlib import Path

import pytest

from catalog.models import Product
from orders.models import MessageState, Order
from tests.factories import ProductFactory
from tests.orders.conftest import review_post
from tests.orders.test_emails import emailed_link
from tests.workers import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker]


def sent_messages(outbox: Path) -> list:
    """Every message the worker's file-based email backend wrote, parsed."""
    messages = []
    for path in sorted(outbox.glob("*.log")):
        # The backend writes each message followed by a line of dashes.
        for raw in re.split(rb"\n-{79}\n", path.read_bytes()):
            if raw.strip():
                messages.append(message_from_bytes(raw))
    return messages


def test_placing_an_order_makes_the_worker_send_the_confirmation(worker, client, standard, tmp_path, settings):
    settings.LIMBER_SITE_URL = "https://shop.example.com"
    outbox = tmp_path / "outbox"
    worker(env={"EMAIL_URL": f"filemail:///{outbox}", "LIMBER_SITE_URL": "https://shop.example.com"})
    strap = ProductFactory(name="Loop Stretch Strap", price="24.00", stock_quantity=3)

    client.post("/cart/add/", {"product": strap.slug, "quantity": 1})
    client.post(
        "/checkout/",
        {
            "email": "sam@example.com",
            "name": "Sam Runner",
            "line1": "1 Track Lane",
            "city": "Springfield",
            "region": "US-IL",
            "postcode": "62704",
            "country": "US",
            "shipping_method": standard.code,
        },
    )
    response = review_post(client)
    order = Order.objects.get()

    assert response.status_code == 302  # the request did not wait for the mail server
    wait_for(lambda: sent_messages(outbox), timeout=20)
    wait_for(lambda: order.messages.filter(state=MessageState.SENT).exists(), timeout=5)
    (message,) = sent_messages(outbox)
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in message.walk()
        if not part.is_multipart()
    }
    assert message["Subject"] == f"Your Limber order {order.number}"
    assert message["To"] == "sam@example.com"
    link = emailed_link(parts["text/plain"])
    assert link.startswith(f"https://shop.example.com/orders/{order.number}/?t=")
    assert client.get(link.removeprefix("https://shop.example.com")).status_code == 200
    assert "Loop Stretch Strap" in parts["text/html"]
    assert Product.objects.get(pk=strap.pk).stock_quantity == 2
