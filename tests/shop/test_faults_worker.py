"""A real worker and beat outlive a Redis outage, and an edit made during it reaches the index (run in CI).

Redis is a server of the test's own (`private_redis`): broker and cache of the worker, beat and
this test process, which makes the staff edit as the web tier would.
"""

import logging
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from catalog import services as catalog_services
from catalog.models import Product
from recommendations.index.current import index_current
from recommendations.index.store import built_generation, requested_generation
from shop.celery import app
from shop.models import EnqueueFailure, WorkerHeartbeat
from tests.workers import ROOT, wait_for, worker_database_url

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker]


def beat_start(tmp_path, env: dict[str, str]) -> subprocess.Popen:
    """Start `celery beat` with the test's database and the given Redis."""
    log = tmp_path / "beat.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "shop",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(tmp_path / "beat"),
        ],
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": worker_database_url(), "DJANGO_DEBUG": "true", **env},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.log = log
    return process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def on_private_redis(private_redis, settings):
    """Point this process's cache and broker at the private Redis; put them back afterwards."""
    url = private_redis.url(0)
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}
    previous = app.conf.broker_url
    app.conf.broker_url = url
    yield {"REDIS_URL": url, "CELERY_BROKER_URL": url, "CELERY_TASK_ALWAYS_EAGER": "false"}
    app.conf.broker_url = previous


def stock_edit(staff_client, product: Product, quantity: int):
    """Change a product's stock on the admin's product list, as staff do."""
    return staff_client.post(
        "/admin/catalog/product/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(product.pk),
            "form-0-price": str(product.price),
            "form-0-stock_quantity": str(quantity),
            "_save": "Save",
        },
    )


def test_after_redis_stops_and_starts_the_worker_lives_and_an_edit_made_meanwhile_reaches_the_index(
    worker, demo, staff_client, private_redis, on_private_redis, tmp_path, caplog
):
    env = {**on_private_redis, "LIMBER_INDEX_RECONCILE_SECONDS": "2"}
    consumer = worker("outage", env=env)
    beat = beat_start(tmp_path, env)
    try:
        wait_for(lambda: built_generation() >= requested_generation(), timeout=30)
        strap = Product.objects.get(slug="loop-stretch-strap")
        caplog.set_level(logging.WARNING, logger="shop.enqueue")

        private_redis.stop()
        wait_for(lambda: "Connection to broker lost" in consumer.log.read_text(), timeout=20)
        started = time.monotonic()
        response = stock_edit(staff_client, strap, 0)
        edit_seconds = time.monotonic() - started
        wanted = requested_generation()
        time.sleep(3)  # the outage goes on; nothing can build the edit
        assert built_generation() < wanted

        private_redis.start()  # the same port, as after a restart
        back = time.monotonic()
        wait_for(lambda: built_generation() >= wanted, timeout=20, interval=0.1)
        in_index = time.monotonic() - back
        print(f"staff edit during the outage: {edit_seconds:.2f} s; in the index {in_index:.1f} s after Redis returned")

        assert response.status_code == 302
        assert edit_seconds < 1.0
        assert [r for r in caplog.records if "Could not enqueue an index rebuild" in r.getMessage()]
        assert EnqueueFailure.objects.get(kind="recommendations.tasks.index_rebuild_task").count >= 1
        assert consumer.poll() is None
        assert beat.poll() is None
        assert not index_current().products["loop-stretch-strap"].in_stock
        # The outage is logged once when it starts and once when it ends, not once per retry.
        worker_log = consumer.log.read_text()
        assert worker_log.count("Cannot connect to") + worker_log.count("Connection to broker lost") == 1
        assert worker_log.count("Celery broker is reachable again") == 1
    finally:
        stop(beat)
        print(beat.log.read_text()[-3000:])


def test_without_beat_the_worker_catches_up_on_its_own_reconnection(worker, demo, private_redis, on_private_redis):
    consumer = worker("alone", env=on_private_redis)
    wait_for(lambda: built_generation() >= requested_generation(), timeout=30)

    private_redis.stop()
    wait_for(lambda: "Connection to broker lost" in consumer.log.read_text(), timeout=20)
    catalog_services.product_stock_set(product=Product.objects.get(slug="loop-stretch-strap"), quantity=0)
    wanted = requested_generation()
    private_redis.start()
    seconds = wait_for(lambda: built_generation() >= wanted, timeout=20, interval=0.1)
    print(f"without beat: in the index {seconds:.1f} s after Redis returned")

    assert consumer.poll() is None
    assert "Recommendation index is behind; rebuilding." in consumer.log.read_text()


def test_worker_and_beat_started_while_redis_is_down_wait_for_it_and_then_work(
    worker, db, private_redis, on_private_redis, tmp_path
):
    env = {**on_private_redis, "LIMBER_WORKER_HEARTBEAT_SECONDS": "1"}
    private_redis.stop()
    beat = beat_start(tmp_path, env)
    worker_log = tmp_path / "startup-0.log"

    def start_redis_once_both_have_failed() -> None:
        wait_for(lambda: "Cannot connect to" in (worker_log.read_text() if worker_log.exists() else ""), timeout=60)
        wait_for(lambda: "beat: Connection error" in beat.log.read_text(), timeout=60)
        time.sleep(2)  # a few retries more
        private_redis.start()

    threading.Thread(target=start_redis_once_both_have_failed, daemon=True).start()
    try:
        consumer = worker("startup", env=env)  # returns once the worker is ready: after Redis started
        back = time.monotonic()
        # beat sends the heartbeat, the worker records it: the whole chain works without a restart
        wait_for(lambda: WorkerHeartbeat.objects.filter(hostname__startswith="startup").exists(), timeout=20)
        print(f"heartbeat recorded {time.monotonic() - back:.1f} s after the worker was ready")

        assert consumer.poll() is None
        assert beat.poll() is None
        # One line when the outage starts, one when it ends, in each process.
        logs = [(consumer.log.read_text(), "Cannot connect to"), (beat.log.read_text(), "Connection error")]
        for log, failed in logs:
            assert log.count(failed) == 1
            assert log.count("Celery broker is reachable again") == 1
    finally:
        stop(beat)


OUTAGE_LINES = ("Connection to broker lost", "Cannot connect to")


def test_a_task_finished_while_redis_hangs_then_an_outage_leaves_the_worker_alive(
    worker, demo, private_redis, on_private_redis
):
    """The worker's acknowledgement of a task is lost in a hang; at the next outage it must not crash."""
    env = {**on_private_redis, "LIMBER_REDIS_TIMEOUT": "0.25", "LIMBER_REDIS_CONNECT_TIMEOUT": "0.25"}
    consumer = worker("hung", env=env)
    wait_for(lambda: built_generation() >= requested_generation(), timeout=30)
    strap = Product.objects.get(slug="loop-stretch-strap")

    # An edit's rebuild reaches the worker (it waits out the debounce), then Redis hangs under it.
    received = consumer.log.read_text().count("index_rebuild_task") + 1
    catalog_services.product_stock_set(product=strap, quantity=0)
    wait_for(lambda: consumer.log.read_text().count("index_rebuild_task") >= received, timeout=10)
    private_redis.pause()
    try:
        wait_for(lambda: "Couldn't ack" in consumer.log.read_text(), timeout=60, interval=0.2)
    finally:
        private_redis.resume()
    time.sleep(2)

    # The next outage: the lost connection still holds the unacknowledged task. The worker says so, whether
    # it was consuming ("Connection to broker lost") or still reconnecting after the hang ("Cannot connect to").
    before = len(consumer.log.read_text())
    private_redis.stop()
    try:
        wait_for(lambda: any(m in consumer.log.read_text()[before:] for m in OUTAGE_LINES), timeout=30)
    except AssertionError:
        raise AssertionError(f"the worker did not notice the outage: {consumer.log.read_text()[-3000:]}") from None
    time.sleep(1)
    assert consumer.poll() is None, consumer.log.read_text()[-3000:]

    private_redis.start()
    catalog_services.product_stock_set(product=strap, quantity=5)
    wanted = requested_generation()
    wait_for(lambda: built_generation() >= wanted, timeout=30, interval=0.1)

    assert consumer.poll() is None
    assert "Unrecoverable error" not in consumer.log.read_text()
