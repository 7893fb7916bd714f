"""Reads through a PostgreSQL restart: real gunicorn on a PostgreSQL cluster of the test's own, restarted under load.

Every answer is a 200 (read again on a fresh connection, or served from the cache) or, when the
database cannot answer in time, a 503 with Retry-After; never a 500.
"""

import collections
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from tests.postgres_server import PrivatePostgres
from tests.redis_server import free_port
from tests.shop.test_redis_hang import send
from tests.workers import ROOT, wait_for, worker_database_url

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis]

READS = [
    "/api/v1/products/",
    "/api/v1/products/loop-stretch-strap/",
    "/products/loop-stretch-strap/",
    "/guides/runners-knee/",
    "/api/v1/articles/runners-knee/recommendations/",
    "/products/?category=stretching",
    "/healthz",
]


@pytest.fixture
def own_postgres(transactional_db, demo):
    """A PostgreSQL cluster of the test's own, holding a copy of the demo shop."""
    server = PrivatePostgres()
    try:
        server.start()
        server.database_create_from(worker_database_url(), "limber")
        yield server
    finally:
        server.stop()


@pytest.fixture
def site(own_postgres, private_redis, tmp_path):
    """gunicorn as the Procfile runs it (gthread), in production settings, on the private PostgreSQL and Redis."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if k in keep} | {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "LIMBER_BENCH_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "limber-fault-test-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "DATABASE_URL": own_postgres.url("limber"),
        "REDIS_URL": private_redis.url(0),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "API_THROTTLE_ANON": "100000000/minute",
        "DJANGO_LOG_LEVEL": "ERROR",
        "PYTHONUNBUFFERED": "1",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    port = free_port()
    log = tmp_path / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "shop.wsgi", "--workers", "2", "--worker-class", "gthread"]
    command += ["--threads", "4", "--bind", f"127.0.0.1:{port}", "--timeout", "30", "--log-level", "warning"]
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: server.poll() is not None or send(base, "GET", "/healthz", timeout=2) == 200, timeout=60)
        assert server.poll() is None, log.read_text()
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def read_load(base: str, stop: threading.Event, statuses: collections.Counter, *, clients: int = 4) -> list:
    """Send the reads from a few client threads until `stop` is set, counting each status."""
    lock = threading.Lock()

    def client(offset: int) -> None:
        step = offset
        while not stop.is_set():
            status = send(base, "GET", READS[step % len(READS)], timeout=10)
            step += 1
            with lock:
                statuses[status] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    return threads


def test_reads_through_a_postgresql_restart_never_get_a_500(site, own_postgres):
    for path in READS:  # each worker's connections, caches and index are warm before the restart
        for _ in range(4):
            assert send(site, "GET", path, timeout=60) == 200, path

    statuses: collections.Counter = collections.Counter()
    stop = threading.Event()
    threads = read_load(site, stop, statuses)
    time.sleep(2)
    before = sum(statuses.values())
    restart_seconds = own_postgres.restart()
    restarted = time.monotonic()
    wait_for(lambda: all(send(site, "GET", path) == 200 for path in READS), timeout=30, interval=0.2)
    recovered = time.monotonic() - restarted
    time.sleep(2)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)

    total = sum(statuses.values())
    print(
        f"\nPostgreSQL restart ({restart_seconds:.1f} s) under read load: {total} reads, {total - before} "
        f"from the restart on, by status {dict(sorted(statuses.items()))}; all reads answer 200 again "
        f"{recovered:.1f} s after the restart"
    )
    assert statuses[500] == 0, f"server errors through the restart: {dict(statuses)}"
    assert statuses[0] == 0, f"reads left unanswered: {dict(statuses)}"
    assert set(statuses) <= {200, 503}, dict(statuses)
