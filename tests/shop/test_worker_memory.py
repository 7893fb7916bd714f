"""A real worker lives through a full Redis: it waits for room, then takes tasks again; health says why."""

import os
import signal
import time

import pytest
import redis

from shop.celery import app
from shop.models import WorkerHeartbeat
from tests.workers import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker]

HEARTBEAT = "shop.tasks.worker_heartbeat_task"


@pytest.fixture
def broker(private_redis, settings):
    """The private Redis as broker (db 1) and cache (db 0) of this process and the worker."""
    previous = app.conf.broker_url
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": private_redis.url(0)}}
    app.conf.broker_url = private_redis.url(1)
    yield private_redis
    app.conf.broker_url = previous


def heartbeat_send() -> None:
    """Queue the heartbeat task on the broker this test set (a fresh connection, not an earlier test's pool)."""
    with app.connection_for_write() as connection:
        app.send_task(HEARTBEAT, connection=connection)


def memory_limit(server, limit: int) -> None:
    redis.Redis(port=server.port).config_set("maxmemory", limit)


def test_the_worker_waits_out_a_full_redis_and_consumes_after(broker, worker, client):
    process = worker(env={"REDIS_URL": broker.url(0), "CELERY_BROKER_URL": broker.url(1)})
    admin = redis.Redis(port=broker.port)
    assert admin.config_get("maxmemory-policy")["maxmemory-policy"] == "noeviction"

    # Tasks wait on the queue while the worker is busy (stopped here); then Redis fills up.
    os.kill(process.pid, signal.SIGSTOP)
    for _ in range(3):
        heartbeat_send()
    memory_limit(broker, admin.info("memory")["used_memory"] // 2)
    os.kill(process.pid, signal.SIGCONT)

    wait_for(lambda: "out of memory" in process.log.read_text(), timeout=60, interval=0.2)
    time.sleep(1)
    assert process.poll() is None, "the worker must not exit on a full Redis:\n" + process.log.read_text()[-2000:]
    full = client.get("/healthz/queue")
    assert full.status_code == 503
    assert full.json()["broker"]["full"] is True
    assert "out of memory" in " ".join(full.json()["problems"])

    memory_limit(broker, 0)
    lifted = time.monotonic()
    wait_for(lambda: "room again" in process.log.read_text(), timeout=60, interval=0.2)
    WorkerHeartbeat.objects.all().delete()
    heartbeat_send()
    wait_for(WorkerHeartbeat.objects.exists, timeout=60, interval=0.2)
    recovered = time.monotonic() - lifted
    print(f"worker consuming again {recovered:.1f} s after Redis had room")

    assert process.poll() is None
    healthy = client.get("/healthz/queue")
    assert healthy.status_code == 200
    assert healthy.json()["broker"]["full"] is False
