"""A production-like stack on this machine: PostgreSQL, a Redis of its own, gunicorn x2, a Celery worker and beat."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import psycopg
import redis

from benchmarks.load.servers import PYTHON, ROOT, Server, free_port, gunicorn, http, run
from benchmarks.load.services import Services, server_env


def wait_until(predicate, *, timeout: float, interval: float = 0.2) -> float | None:
    """Poll until predicate() is truthy; return the seconds it took, or None after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(interval)
    return None


def process_stop(process: subprocess.Popen | None, *, timeout: float = 15) -> None:
    """Stop a process started in its own session, with its children: TERM, then KILL."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        pass


class OwnRedis:
    """A redis-server of the benchmark's own on a free port, append-only, that scenarios stop and pause."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        command = [binary, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.directory)]
        command += ["--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--protected-mode", "no"]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2, socket_timeout=0.5)
        if wait_until(lambda: self._answers(client), timeout=10, interval=0.05) is None:
            raise RuntimeError("redis-server did not start")

    @staticmethod
    def _answers(client: redis.Redis) -> bool:
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        """Shut the server down cleanly (it writes its append-only file)."""
        self.resume()
        process_stop(self.process)

    def pause(self) -> None:
        """SIGSTOP: the server accepts connections but never answers."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)


class Stack:
    """Everything the fault scenarios run against; `stop()` ends every process it started."""

    def __init__(self, *, postgres: str, database: str, work: Path):
        self.work = work
        self.redis = OwnRedis(work)
        self.services = Services(postgres=postgres, database=database, redis_url=self.redis.url(0))
        self.env: dict[str, str] = {}
        self.web: Server | None = None
        self.worker: subprocess.Popen | None = None
        self.beat: subprocess.Popen | None = None
        self.worker_log = work / "worker.log"
        self.token = ""

    # --- start and stop -------------------------------------------------------

    def prepare(self, *, products: int, conditions: int, seed: int) -> None:
        """Start Redis, fill a fresh database with synthetic data and build its index."""
        self.redis.start()
        self.env = server_env(self.services, static_root=self.work / "static", throttle="100000000/minute") | {
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "API_THROTTLE_EVENTS": "100000000/minute",
            "DJANGO_LOG_LEVEL": "INFO",
        }
        self.services.reset()
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], self.env)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], self.env)
        synthetic = [PYTHON, "-m", "benchmarks.synthetic", "--products", str(products)]
        synthetic += ["--conditions", str(conditions), "--seed", str(seed), "--json", str(self.work / "fill.json")]
        run(synthetic, self.env)
        self.services.analyze()
        script = (
            "from django.contrib.auth import get_user_model; from knox.models import AuthToken; "
            "u = get_user_model().objects.create_superuser('faults', 'faults@limber.test', 'a-long-bench-password'); "
            "print(AuthToken.objects.create(user=u)[1])"
        )
        done = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        self.token = done.stdout.strip().splitlines()[-1]

    def start(self) -> None:
        """Start gunicorn (2 sync workers), one Celery worker and one beat."""
        self.web = gunicorn(free_port(), self.env, self.work / "gunicorn.log")
        self.web.start()
        self.worker_start()
        beat = [PYTHON, "-m", "celery", "-A", "shop", "beat", "--loglevel", "INFO"]
        beat += ["--schedule", str(self.work / "beat-schedule")]
        self.beat = self._spawn(beat, self.work / "beat.log")

    def worker_start(self) -> None:
        worker = [PYTHON, "-m", "celery", "-A", "shop", "worker", "--pool", "solo", "--loglevel", "INFO"]
        worker += ["--without-mingle", "--without-gossip"]
        self.worker = self._spawn(worker, self.worker_log)
        if wait_until(lambda: "ready." in self.worker_log.read_text(errors="replace"), timeout=60) is None:
            raise RuntimeError(f"the worker did not start:\n{self.worker_log.read_text()[-2000:]}")

    def _spawn(self, command: list[str], log: Path) -> subprocess.Popen:
        with log.open("ab") as output:
            return subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )

    def stop(self) -> None:
        """Stop every process the stack started, whatever state a scenario left it in."""
        self.redis.resume()
        for process in (self.beat, self.worker):
            process_stop(process)
        if self.web is not None:
            self.web.stop()
        self.redis.stop()

    # --- what scenarios look at -----------------------------------------------

    @property
    def base(self) -> str:
        return self.web.base

    def web_workers(self) -> list[int]:
        """Process ids of gunicorn's workers (children of its master)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.web.process.pid:
                found.append(int(stat.parent.name))
        return found

    def sql(self, query: str, *params) -> list[tuple]:
        with psycopg.connect(self.services.database_url, autocommit=True, connect_timeout=5) as connection:
            return connection.execute(query, params).fetchall()

    def index_owed(self) -> tuple[int, int]:
        """Return (requested generation, newest built generation)."""
        requested = self.sql("SELECT coalesce(max(requested_generation), 0) FROM recommendations_indexstate")[0][0]
        built = self.sql("SELECT coalesce(max(generation), -1) FROM recommendations_indexsnapshot")[0][0]
        return requested, built

    def staff_edit(self, slug: str, text: str, *, timeout: float = 30) -> tuple[int, float]:
        """PATCH a product's short description with the staff token; return the status and the seconds it took."""
        body = json.dumps({"short_description": text})
        started = time.monotonic()
        status, _ = _send(
            f"{self.base}/api/v1/products/{slug}/", "PATCH", body, {"Authorization": f"Token {self.token}"}, timeout
        )
        return status, time.monotonic() - started

    def worker_ping(self) -> bool:
        """Whether the worker answers `celery inspect ping` (bounded)."""
        command = [PYTHON, "-m", "celery", "-A", "shop", "inspect", "ping", "--timeout", "3"]
        try:
            done = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired:
            return False
        return "pong" in done.stdout

    def healthy(self) -> bool:
        try:
            return http(f"{self.base}/healthz", timeout=2)[0] == 200
        except OSError:
            return False


def _send(url: str, method: str, body: str | None, headers: dict[str, str], timeout: float) -> tuple[int, bytes]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=body.encode() if body else None, method=method, headers=headers)
    if body:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except OSError:
        return 0, b""


def send(url: str, *, method: str = "GET", body: str | None = None, timeout: float = 10) -> int:
    """Send one request; return its status (0 when it failed or timed out)."""
    return _send(url, method, body, {}, timeout)[0]
