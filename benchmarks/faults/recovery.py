"""Fault scenarios of issue 20: a full Redis, an edit made while Redis is away then a reload, a PostgreSQL restart."""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import redis

from benchmarks.faults.scenarios import Context, _settle
from benchmarks.faults.stack import Stack, send, wait_until
from benchmarks.load.servers import http


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
