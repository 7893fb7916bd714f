"""A hung Redis (SIGSTOP) must not take the site down: real gunicorn, real PostgreSQL, a Redis of the test's own."""

import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache

from tests.redis_server import free_port
from tests.workers import ROOT, wait_for, worker_database_url

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis]

RUNNERS_KNEE = {
    "where-does-it-hurt": "knee",
    "safety-injury": "no",
    "safety-fever": "no",
    "safety-deformity": "no",
    "safety-cannot-bear-weight": "no",
    "safety-knee-locking-giving-way": "no",
    "safety-hot-swollen-joint": "no",
    "safety-general-health": "no",
    "safety-night-rest-pain": "no",
    "knee-where-exactly": "front",
    "knee-worse-with": ["stairs", "kneeling-squatting"],
    "age": "16-to-49",
}
# What a shopper does: the catalogue, a product, a guide and a symptom check, over and over.
MIXED = [
    ("GET", "/api/v1/products/", None),
    ("GET", "/products/loop-stretch-strap/", None),
    ("GET", "/guides/runners-knee/", None),
    ("POST", "/api/v1/recommendations/", {"answers": RUNNERS_KNEE, "limit": 6}),
    ("GET", "/products/", None),
]


def send(base: str, method: str, path: str, body: dict | None = None, *, headers=None, timeout: float = 5.0):
    """Send one request; return its status (0 when it failed or timed out)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers or {})  # noqa: S310
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the test's own server)
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


@dataclass
class Window:
    """What the clients saw during one measured stretch of time."""

    seconds: float
    latencies: list[float] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)  # statuses that were not 2xx (0: no answer)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    @property
    def p99(self) -> float:
        return statistics.quantiles(self.latencies, n=100)[98]

    def __str__(self) -> str:
        return f"{self.rate:.0f} req/s, p99 {self.p99 * 1000:.0f} ms, {len(self.failures)} failures"


def mixed_load(base: str, seconds: float, *, clients: int = 4) -> Window:
    """Send the mixed requests from a few client threads for a while; return what they saw."""
    window = Window(seconds=seconds)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        step = offset
        while time.monotonic() < deadline:
            method, path, body = MIXED[step % len(MIXED)]
            step += 1
            started = time.monotonic()
            status = send(base, method, path, body)
            took = time.monotonic() - started
            with lock:
                window.latencies.append(took)
                if not 200 <= status < 300:
                    window.failures.append(status)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 30)
    return window


@pytest.fixture
def site(transactional_db, demo, private_redis, tmp_path):
    """gunicorn with 2 sync workers in production settings, on the committed demo data and the private Redis."""
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
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": private_redis.url(0),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "API_THROTTLE_ANON": "100000000/minute",
        "API_THROTTLE_USER": "100000000/minute",
        "LIMBER_REDIS_TIMEOUT": "0.25",
        "LIMBER_REDIS_CONNECT_TIMEOUT": "0.25",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    subprocess.run(manage, cwd=ROOT, env=env, check=True, timeout=120)
    port = free_port()
    log = tmp_path / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "shop.wsgi", "--workers", "2", "--worker-class", "sync"]
    command += ["--bind", f"127.0.0.1:{port}", "--timeout", "30", "--log-level", "warning"]
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
        private_redis.resume()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


@pytest.fixture
def staff_token(transactional_db, demo, django_user_model):
    from knox.models import AuthToken

    user = django_user_model.objects.create_superuser("fault-staff", "staff@limber.test", "a-long-test-password")
    return AuthToken.objects.create(user=user)[1]


def product_short_description(base: str) -> str:
    request = urllib.request.Request(base + "/api/v1/products/loop-stretch-strap/")  # noqa: S310
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        return json.loads(response.read())["short_description"]


def test_a_hung_redis_keeps_the_site_up_and_a_staff_edit_quick(site, private_redis, staff_token, settings):
    # Given the site warmed up and measured under mixed load with Redis answering
    mixed_load(site, 2)
    baseline = mixed_load(site, 5)
    assert not baseline.failures, f"failures before the fault: {baseline.failures[:10]}"

    # When Redis hangs (accepts connections, never answers) under the same load
    private_redis.pause()
    try:
        hung = mixed_load(site, 8)
        started = time.monotonic()
        status = send(
            site,
            "PATCH",
            "/api/v1/products/loop-stretch-strap/",
            {"short_description": "Edited while Redis hung"},
            headers={"Authorization": f"Token {staff_token}"},
        )
        edit_seconds = time.monotonic() - started
        after_edit = mixed_load(site, 2)
    finally:
        private_redis.resume()

    # Then shoppers see no error, no slow answer, and at least half the usual throughput
    print(f"\nbaseline {baseline}\nhung     {hung}\nstaff edit {edit_seconds:.2f}s")
    assert not hung.failures, f"failures while Redis hung: {hung.failures[:10]}"
    assert not after_edit.failures, f"failures after the edit: {after_edit.failures[:10]}"
    assert hung.p99 <= 1.0, f"p99 {hung.p99:.2f}s while Redis hung"
    assert hung.rate >= 0.5 * baseline.rate, f"{hung.rate:.0f} req/s hung vs {baseline.rate:.0f} before"
    # and a staff edit made during the hang returns within a second.
    assert status == 200
    assert edit_seconds <= 1.0, f"staff edit took {edit_seconds:.2f}s"

    # And once Redis is back, every process serves the edit (no restart).
    def edited() -> bool:
        return all(product_short_description(site) == "Edited while Redis hung" for _ in range(6))

    wait_for(edited, timeout=20, interval=0.5)


# --- In this process: each Redis use falls back locally while the circuit is open ---------


@pytest.fixture
def hung_cache(private_redis, settings):
    """Point the cache at the private Redis with production's timeouts; the test pauses it."""
    settings.CACHES = {
        "default": settings.CACHES["default"]
        | {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": private_redis.url(0),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "REDIS_CLIENT_CLASS": "shop.breaker.BreakerRedis",
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    settings.LIMBER_CONTENT_CHECK_SECONDS = 0
    settings.LIMBER_REDIS_BREAKER_SECONDS = 30
    from shop.content import content_version_forget

    content_version_forget()
    yield private_redis
    private_redis.resume()
    content_version_forget()


def test_while_redis_hangs_the_content_version_stays_the_last_known(hung_cache, db):
    from shop.content import content_version

    known = content_version()
    hung_cache.pause()
    started = time.monotonic()
    seen = {content_version().token for _ in range(20)}
    took = time.monotonic() - started
    assert seen == {known.token}, "a new version per read would change every ETag and miss every local copy"
    assert took < 1.0


def test_an_edit_while_redis_hangs_reaches_redis_when_it_answers_again(
    hung_cache, settings, db, django_capture_on_commit_callbacks
):
    from shop.breaker import redis_breaker
    from shop.content import content_changed, content_version

    before = content_version()
    hung_cache.pause()
    content_version()  # the read that finds Redis hung
    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
    during = content_version()
    hung_cache.resume()
    redis_breaker.reset()
    after = content_version()
    assert during.token != before.token, "this process must not serve reads of before the edit"
    assert after.token != before.token
    assert cache.get("content-version")[0] == after.token, "other processes learn of the edit from Redis"


def test_while_redis_hangs_a_page_is_built_at_most_once_per_process(hung_cache, db, demo, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/guides/runners-knee/")
    hung_cache.pause()
    with CaptureQueriesContext(connection) as known:
        known_page = client.get("/guides/runners-knee/")
    with CaptureQueriesContext(connection) as built:
        assert client.get("/guides/ankle-sprain/").status_code == 200
    with CaptureQueriesContext(connection) as served:
        response = client.get("/guides/ankle-sprain/")

    def guide_reads(captured) -> list[str]:
        return [query["sql"] for query in captured.captured_queries if '"guides_' in query["sql"]]

    assert known_page.status_code == 200
    assert b"Runner" in known_page.content
    assert not guide_reads(known), "a page served before the hang comes from this process's copy"
    assert response.status_code == 200
    assert b"Ankle" in response.content
    assert guide_reads(built), "a page not served before is built while Redis hangs"
    assert not guide_reads(served), "and then served from this process's copy"


def test_while_redis_hangs_rate_limits_let_requests_through(hung_cache, db, api_client, monkeypatch):
    from shop.api.throttling import AnonThrottle

    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", AnonThrottle.THROTTLE_RATES | {"anon": "2/minute"})
    counted = [api_client.get("/api/v1/categories/").status_code for _ in range(3)]
    assert counted == [200, 200, 429], "with Redis answering, the limit counts"
    hung_cache.pause()
    statuses = [api_client.get("/api/v1/categories/").status_code for _ in range(5)]
    assert statuses == [200] * 5, "a limit that cannot count lets requests through"


def test_while_redis_hangs_the_index_check_asks_the_database_once_per_interval(
    hung_cache, db, demo, settings, django_assert_max_num_queries
):
    from recommendations.index.current import index_current, index_forget

    settings.LIMBER_INDEX_CHECK_SECONDS = 30
    index_forget()
    held = index_current()
    hung_cache.pause()
    index_forget()
    index_current()  # the check that finds Redis hung reads the version from the database
    with django_assert_max_num_queries(0):
        served = [index_current() for _ in range(50)]
    assert {index.version for index in served} == {held.version}
