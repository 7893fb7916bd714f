"""Reads survive PostgreSQL dropping a web process's idle pooled connection (run in CI)."""

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from django.db import connection

from tests.redis_server import free_port
from tests.workers import ROOT, wait_for, worker_database_url

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

APPLICATION = "limber-web-under-test"


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the test server's http address
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def idle_web_backends_terminate() -> int:
    """Do what a database restart or a proxy's idle timeout does to the web process's pooled connections."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE application_name = %s AND state = 'idle' AND pid <> pg_backend_pid()",
            [APPLICATION],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def gunicorn(transactional_db, tmp_path):
    """One gunicorn worker on the test database, keeping its connection between requests."""
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "shop.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=os.environ
        | {
            "DATABASE_URL": f"{worker_database_url()}?application_name={APPLICATION}",
            "DATABASE_CONN_MAX_AGE": "60",
            "DJANGO_DEBUG": "true",
            "REDIS_URL": "",
        },
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: status(f"{base}/api/v1/categories/") == 200, timeout=30, interval=0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        connection.close()


def test_reads_after_the_database_dropped_the_idle_connection_answer_200_never_500(gunicorn):
    answers = []
    dropped = 0
    for round_ in range(5):
        # A different search each time: an answer from the cache would not touch the database.
        answers.append(status(f"{gunicorn}/api/v1/products/?search=roller{round_}"))
        dropped += idle_web_backends_terminate()
        answers.append(status(f"{gunicorn}/api/v1/products/?search=strap{round_}"))

    assert dropped >= 5  # every round really took a pooled connection away
    assert answers == [200] * 10
