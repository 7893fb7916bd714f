"""Order emails under faults, with real Celery workers and beat, a mail server of the test's own (run in CI).

- A worker SIGKILLed after the mail server accepted an email and before the worker recorded it: the
  email is sent once more after its lease, with the same Message-ID — the documented bound, one extra
  copy per worker killed in that window. Killed before the server accepted it: sent once.
- Redis stopped for 20 s while orders are placed: every confirmation goes out within a minute of
  Redis's return, oldest first, each once.
"""

import os
import signal
import threading
import time

import pytest

from orders.models import MessageState, OutboxMessage
from orders.services import LineRequest, ShippingAddress, order_place
from shop.celery import app
from tests.factories import ProductFactory
from tests.orders.conftest import ADDRESS
from tests.shop.test_faults_worker import beat_start, stop
from tests.workers import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker]

LEASE_SECONDS = 4


def place(standard, product, email: str):
    """Place an order as the web tier does; its confirmation is owed in the same transaction."""
    return order_place(
        lines=[LineRequest(product, 1)],
        email=email,
        address=ShippingAddress(**ADDRESS),
        shipping_method=standard,
        payment_method="invoice",
    )


def all_sent(count: int) -> bool:
    return OutboxMessage.objects.filter(state=MessageState.SENT).count() >= count


@pytest.fixture
def mail_env(smtp_sink) -> dict[str, str]:
    """What a worker and beat need to send to the sink, with a short lease and a dispatcher every second."""
    return {
        "EMAIL_URL": smtp_sink.email_url(),
        "EMAIL_TIMEOUT": "5",
        "LIMBER_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
        "LIMBER_OUTBOX_DISPATCH_SECONDS": "1",
    }


def kill(process) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@pytest.mark.parametrize(
    ("moment", "copies_of_the_first"),
    [("after the server accepted it", 2), ("before the server accepted it", 1)],
)
def test_a_worker_killed_while_sending_leaves_at_most_one_extra_copy_with_the_same_message_id(
    worker, standard, smtp_sink, mail_env, tmp_path, moment, copies_of_the_first
):
    held, release = threading.Event(), threading.Event()

    def hold_once(*_) -> None:
        if not held.is_set():
            held.set()
            release.wait(timeout=30)

    if moment == "after the server accepted it":
        smtp_sink.on_message = hold_once  # the message is queued; the 250 is not sent yet
    else:
        smtp_sink.on_command = lambda verb: hold_once() if verb == "DATA" else None  # before anything is queued
    sender = worker("sender", env=mail_env)
    beat = beat_start(tmp_path, mail_env)
    try:
        product = ProductFactory(stock_quantity=10)
        orders = [place(standard, product, f"buyer{n}@example.com") for n in range(3)]
        assert held.wait(timeout=20), sender.log.read_text()[-3000:]
        kill(sender)  # between sending and recording (or before the server took it)
        release.set()

        worker("restarted", env=mail_env)
        seconds = wait_for(lambda: all_sent(3), timeout=30, interval=0.2)
    finally:
        release.set()
        stop(beat)

    copies = smtp_sink.copies()
    first = OutboxMessage.objects.get(order=orders[0])
    duplicates = sum(count - 1 for count in copies.values())
    print(
        f"worker killed {moment}: {len(copies)} emails, {duplicates} duplicate(s); "
        f"all recorded {seconds:.1f} s after a worker was back (lease {LEASE_SECONDS} s)"
    )
    assert sorted(copies) == sorted(message.message_id for message in OutboxMessage.objects.all())
    assert copies[first.message_id] == copies_of_the_first
    assert duplicates == copies_of_the_first - 1  # at most one extra copy per worker killed mid-send
    assert first.last_error == "An attempt stopped before it was recorded; sent again (it may arrive twice)."


def test_emails_owed_while_redis_was_stopped_go_out_oldest_first_within_a_minute_of_its_return(
    worker, standard, smtp_sink, private_redis, tmp_path, settings
):
    url = private_redis.url(0)
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}
    previous_broker, app.conf.broker_url = app.conf.broker_url, url
    env = {
        "REDIS_URL": url,
        "CELERY_BROKER_URL": url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": smtp_sink.email_url(),
    }  # the default dispatcher schedule: every 10 s
    consumer = worker("outage", env=env)
    beat = beat_start(tmp_path, env)
    try:
        product = ProductFactory(stock_quantity=100)
        place(standard, product, "before@example.com")
        wait_for(lambda: all_sent(1), timeout=20)

        private_redis.stop()
        wait_for(lambda: "Connection to broker lost" in consumer.log.read_text(), timeout=20)
        placed = []
        stopped_at = time.monotonic()
        while time.monotonic() - stopped_at < 20:  # orders keep coming while Redis is away
            placed.append(place(standard, product, f"outage{len(placed)}@example.com"))
            time.sleep(1)
        private_redis.start()
        back = time.time()
        wait_for(lambda: all_sent(1 + len(placed)), timeout=60, interval=0.2)
    finally:
        stop(beat)
        app.conf.broker_url = previous_broker

    owed = [OutboxMessage.objects.get(order=order).message_id for order in placed]
    arrived = {message.message_id: message for message in smtp_sink.messages}
    latest = max(arrived[message_id].at for message_id in owed) - back
    print(f"{len(placed)} orders while Redis was stopped 20 s: all emailed {latest:.1f} s after it returned")
    assert consumer.poll() is None
    assert all(count == 1 for count in smtp_sink.copies().values())
    assert [message.message_id for message in smtp_sink.messages][1:] == owed  # oldest first
    assert latest <= 60
