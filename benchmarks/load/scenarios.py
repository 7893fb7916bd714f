"""One catalogue size: fill the database, serve it, prime the result cache and measure every endpoint."""

from __future__ import annotations

import argparse
import importlib.util
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.load.machine import OtherWork, wait_until_quiet
from benchmarks.load.servers import PYTHON, Server, free_port, granian, gunicorn, gunicorn_gthread, http, run
from benchmarks.load.services import Services
from benchmarks.load.wrk import Load, WrkResult, bodies_script_write
from benchmarks.synthetic.answers import request_bodies
from benchmarks.synthetic.plan import plan_make


@dataclass
class Measured:
    """One measured endpoint on one server."""

    size: int
    endpoint: str
    server: str
    result: WrkResult
    other_cpu: float = 0.0  # share of the CPUs other processes used during the run
    note: str = ""


def _check(label: str, status: int, content: bytes) -> None:
    """Fail unless a check request answered 200."""
    if status != 200:
        raise RuntimeError(f"{label} answered {status}: {content[:500].decode(errors='replace')}")


def measure_size(
    size: int,
    *,
    args: argparse.Namespace,
    services: Services,
    env: dict[str, str],
    work: Path,
    load: Load,
) -> dict[str, Any]:
    """Prepare one catalogue size, serve it, and measure every endpoint."""
    figures: dict[str, Any] = {"products": size, "conditions": args.conditions}
    print(f"\n=== {size:,} products x {args.conditions} conditions ===", flush=True)
    services.reset()
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    fill_json, rebuild_json = work / f"fill-{size}.json", work / f"rebuild-{size}.json"
    synthetic = [PYTHON, "-m", "benchmarks.synthetic", "--products", str(size), "--conditions", str(args.conditions)]
    synthetic += ["--seed", str(args.seed)]
    run([*synthetic, "--skip-rebuild", "--json", str(fill_json)], env)
    services.analyze()  # planner statistics for the bulk-loaded tables
    # The rebuild runs in a fresh process, so its memory figures are its own.
    traced = [] if size <= args.trace_up_to else ["--no-tracemalloc"]  # tracing slows a rebuild ~4x
    run([*synthetic, "--skip-fill", *traced, "--json", str(rebuild_json)], env)
    figures["fill"] = json.loads(fill_json.read_text())
    figures["index"] = json.loads(rebuild_json.read_text())["index"]

    plan = plan_make(products=size, conditions=args.conditions, seed=args.seed)
    seen: set[str] = set()
    warm_bodies = request_bodies(plan, args.warm_bodies, seed=args.seed, seen=seen)
    check_bodies = request_bodies(plan, 5, seed=args.seed + 1, seen=seen)
    warm_script = bodies_script_write(work / f"warm-{size}.jsonl", warm_bodies)

    def cold_script(attempt: int) -> Path:
        """Bodies never sent before, for each attempt: a retry must find nothing in any result cache."""
        bodies = request_bodies(plan, args.cold_bodies, seed=args.seed + 2 + attempt, seen=seen)
        return bodies_script_write(work / f"cold-{size}-{attempt}.jsonl", bodies)

    guide = plan.conditions[0].guide_slug
    product = next(p.slug for p in plan.products if p.is_active)
    paths = {
        "baseline": "/healthz/live",
        "recommendations": "/api/v1/recommendations/",
        "products": "/api/v1/products/",
        "guide": f"/guides/{guide}/",
        "product page": f"/products/{product}/",
        "catalogue page": "/products/",
    }

    figures["background_cpu_at_start"] = wait_until_quiet(threshold=args.quiet_below, patience=args.quiet_wait)
    measured: list[Measured] = []
    servers: list[Server] = []
    try:
        server = gunicorn(free_port(), env, work / f"gunicorn-{size}.log")
        servers.append(server)
        server.start()
        for name in ("baseline", "products", "guide", "product page", "catalogue page"):
            _check(name, *http(server.base + paths[name]))
        for body in check_bodies:
            _check(f"POST {body}", *http(server.base + paths["recommendations"], body=body))
        started = time.perf_counter()
        statuses: dict[int, int] = {}
        for body in warm_bodies:  # each warm body once: validates all of them and fills the result cache
            status, content = http(server.base + paths["recommendations"], body=body)
            statuses[status] = statuses.get(status, 0) + 1
            if status != 200:
                print(f"  POST {body} -> {status}: {content[:300]!r}")
        figures["priming"] = {"statuses": statuses, "seconds": time.perf_counter() - started}
        print(f"  primed {len(warm_bodies)} warm bodies: statuses {statuses}", flush=True)

        other = OtherWork(database=services.database)

        def measure(
            endpoint: str,
            url: str,
            *,
            script: Path | Callable[[int], Path] | None = None,
            warmup: Path | None = None,
        ) -> Measured:
            """Warm up, then measure; measure again (at most `--retries` times) if other work got in the way.

            `script` may be a function of the attempt's number, for runs that need fresh bodies each time.
            """
            attempts: list[Measured] = []
            while True:
                attempt_script = script(len(attempts)) if callable(script) else script
                wait_until_quiet(threshold=args.quiet_below, patience=args.quiet_wait / 2)
                services.forget("*throttle*")  # each run starts with empty rate-limit state
                load.run(url, seconds=load.warmup, script=warmup or attempt_script)
                services.forget("*throttle*")
                other.start(server.process.pid if server.process else None)
                result = load.run(url, script=attempt_script)
                attempts.append(Measured(size, endpoint, server.name, result, other_cpu=other.share()))
                last = attempts[-1]
                print(
                    f"  {server.name:<30} {endpoint:<24} {result.rps:>9.1f} rps  p50 {result.p50_ms:>8.2f} ms  "
                    f"p99 {result.p99_ms:>8.2f} ms  errors {result.errors}  other work {last.other_cpu:.0%} CPU",
                    flush=True,
                )
                if last.other_cpu <= args.other_at_most or len(attempts) > args.retries:
                    break
                print("  other work used the CPUs during the run: measuring again", flush=True)
            best = min(attempts, key=lambda m: m.other_cpu)
            if best.other_cpu > args.other_at_most:
                best.note = (
                    f"other processes used {best.other_cpu:.0%} of the CPUs during the best of {len(attempts)} runs"
                )
            measured.append(best)
            return best

        measure("baseline", server.base + paths["baseline"])
        measure("recommendations (warm)", server.base + paths["recommendations"], script=warm_script)
        cold = measure(
            "recommendations (cold)", server.base + paths["recommendations"], script=cold_script, warmup=warm_script
        )
        if cold.result.requests > args.cold_bodies:
            cold.note = f"sent {cold.result.requests} requests over {args.cold_bodies} bodies: some hit the cache"
            print(f"  warning: {cold.note}")
        measure("products", server.base + paths["products"])
        measure("guide page", server.base + paths["guide"])
        measure("product page", server.base + paths["product page"])
        measure("catalogue page", server.base + paths["catalogue page"])
        figures["worker_rss_mb"] = server.worker_rss_mb()
        server.stop()

        # The same endpoints on a server that keeps connections alive (wrk always does).
        server = gunicorn_gthread(free_port(), env, work / f"gthread-{size}.log")
        servers.append(server)
        server.start()
        measure("baseline", server.base + paths["baseline"])
        measure("recommendations (warm)", server.base + paths["recommendations"], script=warm_script)
        measure("products", server.base + paths["products"])
        measure("guide page", server.base + paths["guide"])
        measure("product page", server.base + paths["product page"])
        server.stop()

        if not args.no_granian and importlib.util.find_spec("granian"):
            for blocking_threads in (None, 1):
                server = granian(free_port(), env, work / f"granian-{size}.log", blocking_threads=blocking_threads)
                servers.append(server)
                server.start()
                measure("baseline", server.base + paths["baseline"])
                measure("products", server.base + paths["products"])
                server.stop()
    finally:
        for server in servers:
            server.stop()
    figures["runs"] = [asdict(m) for m in measured]
    figures["cold_bodies"] = args.cold_bodies
    return figures
