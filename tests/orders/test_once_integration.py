"""Double submits on real PostgreSQL through the live server, the requests in threads at once: one order each.

An API client that retries at once with its Idempotency-Key, and a shopper whose "Place order" is sent
several times at once from one review page, each get one order, the same answer for every request,
and the stock taken once (run in CI).
"""

import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal

import pytest

from catalog.models import Product
from orders.models import Order, OrderRequest
from tests.factories import ProductFactory
from tests.orders.test_api import body

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

AT_ONCE = 8


def at_once(count: int, send) -> list:
    """Run send() in `count` threads released together; return their results in thread order."""
    start = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        start.wait()
        results[index] = send()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def request(url: str, data: bytes, headers: dict[str, str]) -> tuple[int, bytes, dict]:
    """POST without following redirects; return status, body and headers."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        post = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310 (the live server)
        with opener.open(post, timeout=30) as answer:
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as answer:
        return answer.code, answer.read(), dict(answer.headers)


@pytest.fixture
def shelf(live_server, standard):
    ProductFactory(slug="patella-strap", name="Patella Strap", price=Decimal("15.00"), stock_quantity=5)
    ProductFactory(slug="grid-roller", name="Grid Roller", price=Decimal("30.00"), stock_quantity=10)
    return live_server.url


def test_an_api_placement_retried_eight_times_at_once_with_its_key_makes_one_order_and_one_answer(shelf, settings):
    settings.LIMBER_ORDER_RATE_PER_CLIENT = "1/hour"  # a repeat that counted again would be refused
    payload = json.dumps(body()).encode()
    headers = {"Content-Type": "application/json", "Idempotency-Key": "retry-after-a-timeout-7f3a"}

    answers = at_once(AT_ONCE, lambda: request(f"{shelf}/api/v1/orders/", payload, headers))

    statuses = [status for status, _, _ in answers]
    bodies = {content for _, content, _ in answers}
    replayed = sum(headers.get("Idempotent-Replayed") == "true" for _, _, headers in answers)
    print(f"{AT_ONCE} requests at once: statuses {statuses}, {replayed} answered as repeats")
    assert statuses == [201] * AT_ONCE
    assert len(bodies) == 1
    assert replayed == AT_ONCE - 1
    assert Order.objects.count() == 1
    assert Product.objects.get(slug="patella-strap").stock_quantity == 3  # 2 taken, once
    assert OrderRequest.objects.get().order == Order.objects.get()


def test_the_review_page_posted_four_times_at_once_makes_one_order_and_every_post_shows_it(
    shelf, client, fill_cart, checkout_details
):
    roller = Product.objects.get(slug="grid-roller")
    fill_cart(roller, quantity=3)
    checkout_details()
    page = client.get("/checkout/review/")
    form = {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1],
        "token": re.search(r'name="token" value="([^"]+)"', page.text)[1],
        "payment_method": "invoice",
    }
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies}
    data = urllib.parse.urlencode(form).encode()

    answers = at_once(4, lambda: request(f"{shelf}/checkout/review/", data, headers))

    order = Order.objects.get()
    locations = {headers["Location"] for _, _, headers in answers}
    assert [status for status, _, _ in answers] == [302] * 4
    assert len(locations) == 1
    assert locations.pop().startswith(f"/orders/{order.number}/?t=")
    assert Product.objects.get(pk=roller.pk).stock_quantity == 7  # 3 taken, once
    assert client.get("/cart/").context["lines"] == []  # the cart was emptied by the order
