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

import redis

from benchmarks.faults.load import MixedLoad, figures
from benchmarks.faults.postgres import OwnPostgres
from benchmarks.faults.stack import Stack, send, wait_until
from benchmarks.load.machine import OtherWork
from benchmarks.load.servers import PYTHON, ROOT, http


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


def _reads_counted(base: str, paths: list[str], stop: threading.Event, *, clients: int = 4) -> tuple[dict, list]:
    """Send GETs from a few client threads until `stop` is set; count the answers by status (0: none)."""
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def client(offset: int) -> None:
        step = offset
        while not stop.is_set():
            status = send(base + paths[step % len(paths)], timeout=10)
            step += 1
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    return statuses, threads


def _read_paths(ctx: Context) -> list[str]:
    return [
        "/api/v1/products/",
        f"/api/v1/products/{ctx.product}/",
        f"/products/{ctx.product}/",
        f"/guides/{ctx.guide}/",
        "/products/",
        "/healthz",
    ]


def redis_full(ctx: Context, *, seconds: int, catch_up_timeout: float) -> dict:
    """(g) Redis at maxmemory (noeviction) for a while, under reads, with a staff edit: does the worker live?"""
    stack = ctx.stack
    admin = redis.Redis(port=stack.redis.port, socket_timeout=2)
    admin.config_set("maxmemory", max(admin.info("memory")["used_memory"] // 2, 1))
    stop = threading.Event()
    statuses, threads = _reads_counted(stack.base, _read_paths(ctx), stop)
    try:
        time.sleep(seconds / 3)
        status, took = stack.staff_edit(ctx.product, "Edited while Redis was full")
        requested, _ = stack.index_owed()
        health_full = send(f"{stack.base}/healthz/queue", timeout=10)
        time.sleep(seconds * 2 / 3)
    finally:
        admin.config_set("maxmemory", 0)
    caught_up = wait_until(lambda: stack.index_owed()[1] >= requested, timeout=catch_up_timeout, interval=0.25)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    alive = stack.worker.poll() is None
    figures_ = {
        "worker_alive": alive,
        "staff_edit_status": status,
        "staff_edit_seconds": took,
        "healthz_queue_while_full": health_full,
        "healthz_queue_after": send(f"{stack.base}/healthz/queue", timeout=10),
        "edit_in_index_seconds": caught_up,
        "reads_by_status": statuses,
    }
    if not alive:
        stack.worker_start()
        figures_["worker_restarted_by_benchmark"] = True
    _settle(stack, 2)
    return figures_


def _description(stack: Stack, slug: str) -> str | None:
    """The product's short description as the API shows it; None when the read failed."""
    try:
        status, body = http(f"{stack.base}/api/v1/products/{slug}/", timeout=5)
    except OSError:
        return None
    return json.loads(body).get("short_description") if status == 200 else None


def edit_reload(ctx: Context, *, seconds: int) -> dict:
    """(h) A staff edit while Redis is stopped, then every web worker reloaded: seconds until reads show it.

    A read is stale when it answers 200 without the edit; one that fails (a worker still starting)
    is counted apart.
    """
    stack = ctx.stack
    text = f"Edited while Redis was away, then reloaded ({time.time():.0f})"
    _description(stack, ctx.product)  # cached under the current content version
    stack.redis.stop()
    try:
        time.sleep(seconds / 4)
        status, _took = stack.staff_edit(ctx.product, text)
        os.kill(stack.web.process.pid, signal.SIGHUP)  # a deploy: new web workers, nothing held in memory
        time.sleep(seconds * 3 / 4)
    finally:
        stack.redis.start()
    returned = time.monotonic()
    stale_after_2s = failed = 0
    shown = None
    while time.monotonic() - returned < 30:
        seen = [_description(stack, ctx.product) for _ in range(4)]  # both web workers, most likely
        late = time.monotonic() - returned > 2
        stale_after_2s += sum(1 for s in seen if late and s is not None and s != text)
        failed += seen.count(None)
        if all(s == text for s in seen):
            shown = time.monotonic() - returned
            break
        time.sleep(0.1)
    _settle(stack, 2)
    return {
        "staff_edit_status": status,
        "edit_shown_seconds": shown,
        "stale_reads_after_2s": stale_after_2s,
        "failed_reads": failed,
    }


def postgres_restart(ctx: Context) -> dict:
    """(i) PostgreSQL restarted under reads: answers by status, and seconds until every read is a 200 again."""
    stack = ctx.stack
    if ctx.own_postgres is None:
        return {"skipped": "needs --own-postgres (the machine's shared PostgreSQL is never restarted)"}
    paths = _read_paths(ctx)
    stop = threading.Event()
    statuses, threads = _reads_counted(stack.base, paths, stop)
    time.sleep(3)
    restart_seconds = ctx.own_postgres.restart()
    recovered = wait_until(lambda: all(send(stack.base + p, timeout=10) == 200 for p in paths), timeout=60)
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    worker_alive = stack.worker.poll() is None
    if not worker_alive:
        stack.worker_start()
    _settle(stack, 2)
    return {
        "restart_seconds": restart_seconds,
        "reads_by_status": statuses,
        "all_reads_200_seconds": recovered,
        "worker_alive_after": worker_alive,
    }
