"""Real `celery worker` processes for integration tests, on the test database and Redis."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def wait_for(predicate, *, timeout: float, interval: float = 0.05):
    """Poll until predicate() is truthy; return the seconds it took."""
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"gave up after {timeout}s")
        time.sleep(interval)
    return time.monotonic() - started


def worker_database_url() -> str:
    """Return the test database's address, for a worker process to use."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Start worker processes with the test's settings; stop every one of them at the end."""

    def __init__(self, logs: Path, env: dict[str, str]):
        self.logs = logs
        self.env = env
        self.processes: list[subprocess.Popen] = []

    def start(self, name: str = "w", env: dict[str, str] | None = None) -> subprocess.Popen:
        log = self.logs / f"{name}-{len(self.processes)}.log"
        environment = os.environ | {
            "DATABASE_URL": worker_database_url(),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "DJANGO_DEBUG": "true",
            "DJANGO_LOG_LEVEL": "INFO",
            **self.env,
            **(env or {}),
        }
        handle = log.open("w")
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "shop", "worker",
                "--pool", "solo", "--loglevel", "INFO", "--without-mingle", "--without-gossip",
                "--hostname", f"{name}{len(self.processes)}@%h",
            ],
            cwd=ROOT,
            env=environment,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        wait_for(lambda: "ready." in log.read_text(), timeout=30)
        process.log = log
        return process

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        connection.close()
