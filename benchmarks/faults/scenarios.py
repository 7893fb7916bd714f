"""The fault scenarios: each injects one fault into the running stack and returns what an operator would see."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.faults.load import MixedLoad, figures
from benchmarks.faults.postgres import OwnPostgres
from benchmarks.faults.stack import Stack, send, wait_until
from benchmarks.load.machine import OtherWork
from benchmarks.load.servers import PYTHON, ROOT


@dataclass
class Context:
    """What every scenario needs: the stack, the mixed-load script and the slugs it uses."""

    stack: Stack
    script: Path
    product: str
    guide: str
    seconds: int  # of each measured mixed-load run
    baseline_rps: float = 0.0
    own_postgres: OwnPostgres | None = None  # a cluster of the run's own, which (i) restarts

    def load(self, seconds: int | None = None) -> MixedLoad:
        other = OtherWork(database=self.stack.services.database)
        other.group = self.stack.web.process.pid  # gunicorn's own work is not other work
        return MixedLoad(self.stack.base, self.script, seconds=seconds or self.seconds, other=other)


def _settle(stack: Stack, seconds: float = 6.0) -> None:
    """Let every process close its Redis circuit again before the next scenario."""
    time.sleep(seconds)
    wait_until(stack.healthy, timeout=30)


def baseline(ctx: Context) -> dict:
    """(a) The mixed load with nothing failing."""
    for _ in range(4):  # each web worker loads the index on its first request: before any timing
        for path in ("/api/v1/products/", f"/products/{ctx.product}/", f"/guides/{ctx.guide}/", "/products/"):
            send(ctx.stack.base + path, timeout=60)
    ctx.load(3).process.wait(timeout=60)  # warm-up: caches and connections; its figures are not kept
    load = ctx.load()
    result = load.result()
    ctx.baseline_rps = result.rps
    return figures(load, result)


def redis_hang(ctx: Context, *, seconds: int) -> dict:
    """(b) Redis SIGSTOPped for the whole run; a staff edit halfway through."""
    stack = ctx.stack
    stack.redis.pause()
    try:
        load = ctx.load(seconds)
        time.sleep(seconds / 2)
        status, took = stack.staff_edit(ctx.product, "Edited while Redis hung")
        result = load.result()
    finally:
        stack.redis.resume()
    _settle(stack)
    worker_alive = stack.worker.poll() is None
    if not worker_alive:
        stack.worker_start()  # the next scenario measures an outage of its own
    ratio = result.rps / ctx.baseline_rps if ctx.baseline_rps else None
    return figures(load, result) | {
        "vs_baseline": ratio,
        "staff_edit_status": status,
        "staff_edit_seconds": took,
        "worker_alive_after": worker_alive,
    }


def redis_outage(ctx: Context, *, seconds: int, catch_up_timeout: float) -> dict:
    """(c) Redis stopped, then started: is the worker alive, and when is an edit made meanwhile in the index?"""
    stack = ctx.stack
    stack.redis.stop()
    try:
        time.sleep(seconds / 4)
        status, took = stack.staff_edit(ctx.product, "Edited while Redis was stopped")
        requested, _ = stack.index_owed()
        time.sleep(seconds * 3 / 4)
    finally:
        stack.redis.start()
    returned = time.monotonic()
    caught_up = wait_until(lambda: stack.index_owed()[1] >= requested, timeout=catch_up_timeout, interval=0.25)
    alive = stack.worker.poll() is None
    figures_ = {
        "staff_edit_status": status,
        "staff_edit_seconds": took,
        "worker_alive": alive,
        "worker_answers_ping": alive and stack.worker_ping(),
        "edit_in_index_seconds": caught_up,
        "waited_seconds": time.monotonic() - returned,
    }
    if not alive:
        stack.worker_start()  # later scenarios need a worker
        figures_["worker_restarted_by_benchmark"] = True
    _settle(stack, 2)
    return figures_


def _events_stored(stack: Stack) -> tuple[int, int]:
    """Return (rows, distinct events) of the benchmark's events in the database."""
    rows = stack.sql(
        "SELECT count(*), count(DISTINCT visitor) FROM analytics_shopperevent "
        "WHERE source = 'api' AND visitor ~ '^fb[0-9]{8}$'"  # not a page view's random visitor id
    )
    return rows[0]


def _flush(stack: Stack) -> None:
    """Run the event flush once, as beat would (bounded)."""
    script = "from analytics.services import events_flush; events_flush()"
    with contextlib.suppress(subprocess.TimeoutExpired):
        subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=stack.env, capture_output=True, timeout=60
        )


def events(ctx: Context, *, count: int, senders: int = 4) -> dict:
    """(d) Events sent under load; Redis restarted and a web worker SIGKILLed halfway; acknowledged vs stored."""
    stack = ctx.stack
    acknowledged: list[int] = []
    failed: list[int] = []
    lock = threading.Lock()
    half = threading.Event()
    url = f"{stack.base}/api/v1/events/"

    def sender(offset: int) -> None:
        for number in range(offset, count, senders):
            body = json.dumps({"kind": "view", "product": ctx.product, "visitor": f"fb{number:08d}"})
            status = send(url, method="POST", body=body, timeout=10)
            with lock:
                (acknowledged if 200 <= status < 300 else failed).append(status)
                if len(acknowledged) + len(failed) >= count // 2:
                    half.set()

    load = ctx.load(max(ctx.seconds, 20))
    threads = [threading.Thread(target=sender, args=(n,), daemon=True) for n in range(senders)]
    for thread in threads:
        thread.start()
    half.wait(timeout=60)
    stack.redis.stop()
    stack.redis.start()
    killed = stack.web_workers()[:1]
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    for thread in threads:
        thread.join(timeout=120)
    result = load.result()
    # Let beat's periodic flush run, then flush once more ourselves; stop when the count stops moving.
    _flush(stack)
    last, still_since, deadline = None, time.monotonic(), time.monotonic() + 45
    while time.monotonic() < deadline:
        stored = _events_stored(stack)
        if stored != last:
            last, still_since = stored, time.monotonic()
        elif time.monotonic() - still_since > 12:
            break
        time.sleep(1)
    _flush(stack)
    rows, distinct = _events_stored(stack)
    acked = len(acknowledged)
    lost = max(0, acked - distinct)
    worker_alive = stack.worker.poll() is None
    if not worker_alive:
        stack.worker_start()  # the next scenario needs a worker
    _settle(stack, 2)
    return {
        "worker_alive_after": worker_alive,
        "sent": count,
        "acknowledged": acked,
        "refused": len(failed),
        "stored_rows": rows,
        "lost": lost,
        "loss_percent": 100 * lost / acked if acked else None,
        "duplicates": rows - distinct,
        "web_workers_killed": len(killed),
        "load_errors": result.errors,
        "load_rps": result.rps,
        "other_cpu": load.other_cpu,
    }


def dropped_connections(ctx: Context, *, rounds: int = 16) -> dict:
    """(e) The app's idle PostgreSQL connections terminated under load, a few times: how many requests fail?"""
    stack = ctx.stack
    load = ctx.load()
    # The mix is mostly cached reads that need no database; /healthz asks it on every request.
    other = OtherWork(database=stack.services.database)
    other.group = stack.web.process.pid
    health = MixedLoad(f"{stack.base}/healthz", None, seconds=ctx.seconds, other=other, connections=4, threads=1)
    terminated = 0
    for _ in range(rounds):
        time.sleep(ctx.seconds / (rounds + 1))
        rows = stack.sql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid() AND state = 'idle'",
            stack.services.database,
        )
        terminated += rows[0][0]
    result = load.result()
    checked = health.result()
    return figures(load, result) | {
        "connections_terminated": terminated,
        "healthz_requests": checked.requests,
        "healthz_errors": checked.errors,
    }


def worker_killed(ctx: Context, *, timeout: float) -> dict:
    """(f) SIGKILL the worker while it holds a rebuild task: seconds until the task is delivered again."""
    stack = ctx.stack
    restarted_first = stack.worker.poll() is not None
    if restarted_first:
        stack.worker_start()
    log = stack.worker_log
    offset = log.stat().st_size
    received = re.compile(r"Task (recommendations\.tasks\.index_rebuild_task)\[([0-9a-f-]+)\] received")

    def task_received(since: int) -> str | None:
        found = received.search(log.read_text(errors="replace")[since:])
        return found.group(2) if found else None

    stack.staff_edit(ctx.product, "Edited before the worker was killed")
    requested, _ = stack.index_owed()
    if wait_until(lambda: task_received(offset), timeout=30, interval=0.05) is None:
        return {"error": "the worker never received the rebuild task"}
    task = task_received(offset)
    os.killpg(stack.worker.pid, signal.SIGKILL)
    stack.worker.wait(timeout=10)
    killed_at = time.monotonic()
    offset = log.stat().st_size
    stack.worker_start()
    redelivered = caught_up = None
    deadline = killed_at + timeout
    while time.monotonic() < deadline and redelivered is None:
        if caught_up is None and stack.index_owed()[1] >= requested:
            caught_up = time.monotonic() - killed_at
        if task in log.read_text(errors="replace")[offset:]:
            redelivered = time.monotonic() - killed_at
        time.sleep(0.5)
    return {
        "worker_restarted_first": restarted_first,
        "task": task,
        "redelivered_seconds": redelivered,
        "waited_seconds": min(timeout, time.monotonic() - killed_at),
        "index_caught_up_seconds": caught_up,
    }
