"""One catalogue size: fill the database, serve it, prime the result cache and measure every endpoint."""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.load.machine import OtherWork, wait_until_quiet
from benchmarks.load.servers import PYTHON, SERVERS, Server, free_port, http, run
from benchmarks.load.services import Services
from benchmarks.load.wrk import Load, WrkResult, bodies_script_write, wrk_median
from benchmarks.synthetic.answers import request_bodies
from benchmarks.synthetic.plan import plan_make

RETURNING = "catalogue page, returning visitor"
# A CSRF cookie Django accepts as it is (32 letters and digits), as a returning visitor's browser sends.
RETURNING_COOKIE = "Cookie: csrftoken=Limber0benchmark0returning0visit"


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


@dataclass
class Runs:
    """The measured runs of one catalogue size, each repeated while other work got in the way."""

    size: int
    args: argparse.Namespace
    services: Services
    load: Load
    measured: list[Measured] = field(default_factory=list)

    def measure(
        self, server: Server, endpoint: str, path: str, *, script=None, warmup: Path | None = None, headers=()
    ) -> Measured:
        """Warm up, then measure `--repeats` runs and keep their median; again if other work got in the way.

        `script` may be a function of a run's number, for runs that need fresh bodies each time; `headers`
        are sent with every request.
        """
        args, load, url = self.args, self.load, server.base + path
        other = OtherWork(database=self.services.database)
        attempts: list[Measured] = []
        while True:
            first = len(attempts) * args.repeats
            scripts = [script(first + number) if callable(script) else script for number in range(args.repeats)]
            wait_until_quiet(threshold=args.quiet_below, patience=args.quiet_wait / 2)
            self.services.forget("*throttle*")  # each run starts with empty rate-limit state
            load.run(url, seconds=load.warmup, script=warmup or scripts[0], headers=headers)
            self.services.forget("*throttle*")
            other.start(server.process.pid if server.process else None)
            result = wrk_median([load.run(url, script=run_script, headers=headers) for run_script in scripts])
            attempts.append(Measured(self.size, endpoint, server.name, result, other_cpu=other.share()))
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
            best.note = f"other processes used {best.other_cpu:.0%} of the CPUs during the best of {len(attempts)} runs"
        self.measured.append(best)
        return best


def _prime(server: Server, paths: dict[str, str], check_bodies: list[str], warm_bodies: list[str]) -> dict:
    """Check that every endpoint answers 200, then send each warm body once: the result cache holds them all."""
    for name in ("baseline", "products", "guide page", "product page", "catalogue page"):
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
    print(f"  primed {len(warm_bodies)} warm bodies: statuses {statuses}", flush=True)
    return {"statuses": statuses, "seconds": time.perf_counter() - started}


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

    guide = plan.conditions[0].guide_slug
    product = next(p.slug for p in plan.products if p.is_active)
    paths = {
        "baseline": "/healthz/live",
        "recommendations": "/api/v1/recommendations/",
        "products": "/api/v1/products/",
        "guide page": f"/guides/{guide}/",
        "product page": f"/products/{product}/",
        "catalogue page": "/products/",
    }

    figures["background_cpu_at_start"] = wait_until_quiet(threshold=args.quiet_below, patience=args.quiet_wait)
    runs = Runs(size=size, args=args, services=services, load=load)
    servers: list[Server] = []
    try:
        for number, name in enumerate(args.servers):
            server = SERVERS[name](free_port(), env, work / f"{name}-{size}.log")
            servers.append(server)
            server.start()
            if number == 0:
                figures["priming"] = _prime(server, paths, check_bodies, warm_bodies)

            def cold_script(attempt: int, number: int = number) -> Path:
                """Bodies never sent before, for each server and attempt: none is in any result cache."""
                bodies = request_bodies(plan, args.cold_bodies, seed=args.seed + 2 + 100 * number + attempt, seen=seen)
                return bodies_script_write(work / f"cold-{size}-{number}-{attempt}.jsonl", bodies)

            # Every server serves the same endpoints; wrk keeps connections alive wherever the server does.
            runs.measure(server, "baseline", paths["baseline"])
            runs.measure(server, "recommendations (warm)", paths["recommendations"], script=warm_script)
            cold = runs.measure(
                server, "recommendations (cold)", paths["recommendations"], script=cold_script, warmup=warm_script
            )
            per_run = cold.result.requests / args.repeats  # each run has bodies of its own
            if per_run > args.cold_bodies:
                cold.note = f"sent {per_run:.0f} requests a run over {args.cold_bodies} bodies: some hit the cache"
                print(f"  warning: {cold.note}")
            for endpoint in ("products", "guide page", "product page", "catalogue page"):
                runs.measure(server, endpoint, paths[endpoint])
            # wrk sends no cookie, so each page above is a new visitor's: Django draws a CSRF secret and a mask
            # for it. A returning visitor's page draws only the mask; the difference is what a new secret costs.
            runs.measure(server, RETURNING, paths["catalogue page"], headers=[RETURNING_COOKIE])
            figures.setdefault("worker_rss_mb", {})[server.name] = server.worker_rss_mb()
            server.stop()
    finally:
        for server in servers:
            server.stop()
    measured = runs.measured
    figures["runs"] = [asdict(m) for m in measured]
    figures["cold_bodies"] = args.cold_bodies
    return figures
