"""Fault test: each event the server acknowledged is stored once, through a Redis crash and a killed web worker.

gunicorn (2 sync workers, production settings) runs on the test database and a Redis of the
test's own with an append-only file. Client threads report events, each with a visitor id of its
own so every event can be traced, and ask for recommendations. Mid-stream Redis is killed and
started again, and one web worker is killed (its master starts another). Then one flush runs, as
beat would, and the database must hold each acknowledged event exactly once.
"""

import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from analytics.models import Assessment, ShopperEvent
from benchmarks.load.servers import PYTHON, ROOT, free_port, gunicorn
from tests.workers import worker_database_url

pytestmark = [pytest.mark.integration, pytest.mark.redis, pytest.mark.postgres]

CLIENTS = 4
KNEE = {"where-does-it-hurt": "knee", "knee-where-exactly": "front", "knee-worse-with": ["stairs"]}
PLENTY = "1000000/minute"


def production_env(redis_url: str) -> dict[str, str]:
    """Production settings for the server and the flush, on the test database and the private Redis."""
    kept = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")}
    return kept | {
        "DJANGO_SETTINGS_MODULE": "shop.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "fault-test-" + os.urandom(24).hex(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": redis_url,
        "API_THROTTLE_ANON": PLENTY,
        "API_THROTTLE_USER": PLENTY,
        "API_THROTTLE_EVENTS": PLENTY,
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def post(url: str, body: dict) -> int:
    """POST a JSON body; return the status, or 0 when no answer came (connection refused or reset)."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (http only)
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


class Shoppers:
    """Client threads that report events and ask for recommendations until told to stop."""

    def __init__(self, base: str):
        self.base = base
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged: set[str] = set()  # visitor ids of events answered 2xx
        self.unanswered: set[str] = set()  # visitor ids of events with no 2xx answer
        self.checks = Counter()  # recommendation requests: "ok" or "failed"

    def run(self, number: int) -> None:
        sent = 0
        while not self.stop.is_set():
            sent += 1
            visitor = f"c{number}n{sent:07d}"
            status = post(
                f"{self.base}/api/v1/events/", {"kind": "click", "product": "loop-stretch-strap", "visitor": visitor}
            )
            with self.lock:
                (self.acknowledged if 200 <= status < 300 else self.unanswered).add(visitor)
            if sent % 4 == 0:
                status = post(f"{self.base}/api/v1/recommendations/", {"answers": KNEE})
                with self.lock:
                    self.checks["ok" if status == 200 else "failed"] += 1

    def count(self) -> int:
        with self.lock:
            return len(self.acknowledged) + len(self.unanswered)


def web_workers(master: int) -> set[int]:
    """Process ids of gunicorn's workers: the children of its master."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                children.add(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return children


def wait_until(predicate, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"gave up after {timeout:.0f} s"
        time.sleep(0.1)


def test_acknowledged_events_are_stored_once_through_a_redis_crash_and_a_killed_web_worker(
    transactional_db, demo, private_redis, tmp_path
):
    env = production_env(private_redis.url(0))
    server = gunicorn(free_port(), env, tmp_path / "gunicorn.log")
    shoppers = Shoppers(f"http://127.0.0.1:{server.port}")
    threads = [threading.Thread(target=shoppers.run, args=(n,), daemon=True) for n in range(CLIENTS)]
    server.start()
    try:
        for thread in threads:
            thread.start()
        wait_until(lambda: shoppers.count() >= 300, timeout=60)

        os.kill(private_redis.process.pid, signal.SIGKILL)  # Redis crashes ...
        private_redis.process.wait()
        time.sleep(0.5)
        private_redis.start()  # ... and comes back from its append-only file
        before_crash = shoppers.count()
        wait_until(lambda: shoppers.count() >= before_crash + 300, timeout=60)

        workers = web_workers(server.process.pid)
        killed = min(workers)
        os.kill(killed, signal.SIGKILL)  # a web worker dies mid-stream; its master starts another
        wait_until(lambda: len(web_workers(server.process.pid) - {killed}) == 2, timeout=60)
        after_kill = shoppers.count()
        wait_until(lambda: shoppers.count() >= after_kill + 300, timeout=60)
    finally:
        shoppers.stop.set()
        for thread in threads:
            thread.join(timeout=60)
        server.stop()

    flush = subprocess.run(
        [
            PYTHON,
            "-c",
            "import django; django.setup(); from analytics.services import events_flush; print(events_flush())",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )

    stored = Counter(ShopperEvent.objects.filter(source="api", kind="click").values_list("visitor", flat=True))
    acknowledged = shoppers.acknowledged
    lost = acknowledged - stored.keys()
    duplicates = sum(n - 1 for n in stored.values())
    unacknowledged_stored = stored.keys() - acknowledged
    assessments = Assessment.objects.count()
    direct = server.log.read_text(errors="replace").count("shopper events go straight to the database")
    print(
        f"\nevents acknowledged {len(acknowledged)}, without an answer {len(shoppers.unanswered)}; "
        f"stored {sum(stored.values())} ({len(unacknowledged_stored)} of those without an answer), "
        f"lost {len(lost)} ({len(lost) / len(acknowledged):.2%}), duplicates {duplicates}; "
        f"moved by the flush {flush.stdout.strip()}; web processes that wrote straight to the database {direct}; "
        f"symptom checks answered {shoppers.checks['ok']}, failed {shoppers.checks['failed']}, stored {assessments}"
    )
    assert len(lost) <= 0.001 * len(acknowledged), sorted(lost)[:20]
    assert duplicates == 0
    assert unacknowledged_stored <= shoppers.unanswered
    assert shoppers.checks["ok"] <= assessments <= shoppers.checks["ok"] + shoppers.checks["failed"]
