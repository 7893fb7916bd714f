"""Enqueueing from a request: fast under a hung or absent broker, every failure logged and counted."""

import logging
import time

import pytest
from django.contrib.admin.sites import site
from django.utils import timezone

from recommendations.tasks import index_reconcile_task
from shop.breaker import redis_breaker
from shop.celery import app
from shop.enqueue import task_enqueue
from shop.models import EnqueueFailure, WorkerHeartbeat

KIND = "recommendations.tasks.index_reconcile_task"


@pytest.fixture
def broker_at():
    """Send tasks to a broker at the given address (not in-process); put everything back afterwards."""
    previous = (app.conf.task_always_eager, app.conf.broker_url)

    def point(url: str) -> None:
        app.conf.task_always_eager = False
        app.conf.broker_url = url

    yield point
    app.conf.task_always_eager, app.conf.broker_url = previous


@pytest.mark.integration
def test_a_hung_broker_costs_one_short_wait_then_nothing_and_each_failure_is_logged_and_counted(
    db, private_redis, broker_at, caplog
):
    broker_at(private_redis.url(0))
    private_redis.pause()
    caplog.set_level(logging.WARNING, logger="shop.enqueue")
    try:
        started = time.monotonic()
        first = task_enqueue(index_reconcile_task)
        first_seconds = time.monotonic() - started
        started = time.monotonic()
        second = task_enqueue(index_reconcile_task, about="a test reconcile")
        second_seconds = time.monotonic() - started
    finally:
        private_redis.resume()

    assert (first, second) == (False, False)
    print(f"hung broker: first enqueue {first_seconds:.2f} s, second {second_seconds:.3f} s")
    assert first_seconds < 1.0, first_seconds  # one short timeout, not a retry loop
    assert second_seconds < 0.2, second_seconds  # the circuit is open: not even tried
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Could not enqueue")]
    assert len(lines) == 2
    assert "a test reconcile" in lines[1]
    failure = EnqueueFailure.objects.get(kind=KIND)
    assert failure.count == 2
    assert failure.last_failed_at is not None


@pytest.mark.integration
def test_with_the_broker_back_a_task_is_queued_and_the_circuit_closes(db, private_redis, broker_at, settings):
    import redis

    settings.LIMBER_REDIS_BREAKER_SECONDS = 0.2
    broker_at(private_redis.url(0))
    redis_breaker.failed(ConnectionError("an earlier outage"))
    time.sleep(0.3)  # the pause is over: the next publish is the trial call

    assert task_enqueue(index_reconcile_task)
    assert not redis_breaker.is_open
    assert redis.Redis.from_url(private_redis.url(0)).llen("celery") == 1
    assert not EnqueueFailure.objects.exists()


def test_in_process_tasks_run_at_once_and_count_nothing(db):
    assert app.conf.task_always_eager
    assert task_enqueue(index_reconcile_task)
    assert not EnqueueFailure.objects.exists()


def test_staff_see_failures_to_enqueue_and_when_each_worker_was_last_seen(staff_client, db):
    EnqueueFailure.objects.create(kind=KIND, count=3, last_failed_at=timezone.now(), last_error="refused")
    WorkerHeartbeat.objects.create(hostname="celery@web1", seen_at=timezone.now() - timezone.timedelta(seconds=42))

    failures = staff_client.get("/admin/shop/enqueuefailure/")
    workers = staff_client.get("/admin/shop/workerheartbeat/")

    assert KIND in failures.text
    assert "refused" in failures.text
    assert "celery@web1" in workers.text
    assert "42 s ago" in workers.text or "43 s ago" in workers.text
    assert not site._registry[EnqueueFailure].has_add_permission(None)


@pytest.mark.integration
def test_under_a_hung_redis_a_staff_edit_returns_within_a_second_and_its_rebuild_is_owed(
    demo, staff_client, private_redis, broker_at, settings, caplog, django_capture_on_commit_callbacks
):
    from catalog.models import Product
    from recommendations.index.store import built_generation, requested_generation
    from tests.shop.test_faults_worker import stock_edit

    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": private_redis.url(0),
            "OPTIONS": {
                "REDIS_CLIENT_CLASS": "shop.breaker.BreakerRedis",
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    broker_at(private_redis.url(0))
    strap = Product.objects.get(slug="loop-stretch-strap")
    caplog.set_level(logging.WARNING, logger="shop.enqueue")
    private_redis.pause()
    try:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):  # as when the request's transaction commits
            response = stock_edit(staff_client, strap, 0)
        seconds = time.monotonic() - started
    finally:
        private_redis.resume()

    print(f"staff edit under a hung Redis: {seconds:.2f} s")
    assert response.status_code == 302
    assert seconds < 1.0
    assert any("Could not enqueue an index rebuild" in r.getMessage() for r in caplog.records)
    assert built_generation() < requested_generation()  # owed: the reconcile builds it once Redis answers
