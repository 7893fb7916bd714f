"""Run the fault scenarios: ``python -m benchmarks.faults [--products 1000] [--only a b ...]``."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import benchmarks.faults
from benchmarks.faults import recovery, scenarios
from benchmarks.faults.load import mixed_script_write
from benchmarks.faults.postgres import OwnPostgres
from benchmarks.faults.report import report
from benchmarks.faults.stack import Stack
from benchmarks.load.servers import ROOT
from benchmarks.synthetic.plan import plan_make
from benchmarks.synthetic.specs import DEFAULT_SEED

RESULTS = ROOT / "benchmarks" / "results"
SCENARIOS = "abcdefghi"


def _interrupted(signum, frame):
    raise KeyboardInterrupt  # SIGTERM stops the stack as Ctrl-C does


def main(argv: Sequence[str] | None = None) -> int:
    """Start the stack, run each scenario, stop everything, print and write the figures."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.faults", description=benchmarks.faults.__doc__.split("\n\n")[0]
    )
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--conditions", type=int, default=200)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432", help="server, no database")
    parser.add_argument("--database", default="limber_faults", help="dropped and recreated")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each measured mixed-load run")
    parser.add_argument("--hang-seconds", type=int, default=15)
    parser.add_argument("--outage-seconds", type=int, default=20)
    parser.add_argument("--catch-up-timeout", type=float, default=60, help="seconds to wait for an edit's rebuild")
    parser.add_argument("--events", type=int, default=1200)
    parser.add_argument("--redelivery-timeout", type=float, default=90)
    parser.add_argument("--full-seconds", type=int, default=20, help="how long Redis stays at maxmemory in (g)")
    parser.add_argument(
        "--own-postgres",
        action="store_true",
        help="run on a PostgreSQL cluster of the run's own (port 5449), which (i) restarts; else (i) is skipped",
    )
    parser.add_argument("--only", nargs="+", choices=list(SCENARIOS), help="run only these scenarios")
    args = parser.parse_args(argv)
    chosen = set(args.only or SCENARIOS) | {"a"}  # every ratio needs the baseline

    signal.signal(signal.SIGTERM, _interrupted)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="limber-faults-") as temporary:
        work = Path(temporary)
        own = OwnPostgres() if args.own_postgres else None
        stack = Stack(postgres=own.server_url if own else args.postgres, database=args.database, work=work)
        try:
            if own is not None:
                own.start()
            print(f"Preparing {args.products:,} products x {args.conditions} conditions...", flush=True)
            stack.prepare(products=args.products, conditions=args.conditions, seed=args.seed)
            stack.start()
            plan = plan_make(products=args.products, conditions=args.conditions, seed=args.seed)
            script, product, guide = mixed_script_write(work, plan, seed=args.seed)
            ctx = scenarios.Context(
                stack=stack, script=script, product=product, guide=guide, seconds=args.duration, own_postgres=own
            )
            runs = {
                "a": ("baseline", lambda: scenarios.baseline(ctx)),
                "b": ("redis hang", lambda: scenarios.redis_hang(ctx, seconds=args.hang_seconds)),
                "c": (
                    "redis outage",
                    lambda: scenarios.redis_outage(
                        ctx, seconds=args.outage_seconds, catch_up_timeout=args.catch_up_timeout
                    ),
                ),
                "d": ("events", lambda: scenarios.events(ctx, count=args.events)),
                "e": ("dropped connections", lambda: scenarios.dropped_connections(ctx)),
                "f": ("worker killed", lambda: scenarios.worker_killed(ctx, timeout=args.redelivery_timeout)),
                "g": (
                    "redis full",
                    lambda: recovery.redis_full(ctx, seconds=args.full_seconds, catch_up_timeout=args.catch_up_timeout),
                ),
                "h": ("edit, reload, redis back", lambda: recovery.edit_reload(ctx, seconds=args.outage_seconds)),
                "i": ("postgresql restart", lambda: recovery.postgres_restart(ctx)),
            }
            for letter in SCENARIOS:
                if letter not in chosen:
                    continue
                name, run = runs[letter]
                print(f"({letter}) {name}...", flush=True)
                try:
                    results[name] = run()
                except Exception as exc:  # one broken scenario must not hide the others' figures
                    traceback.print_exc()
                    results[name] = {"error": f"{type(exc).__name__}: {exc}"}
                print(f"    {results[name]}", flush=True)
        except KeyboardInterrupt:
            print("interrupted: stopping every process", flush=True)
            return 130
        finally:
            stack.stop()
            if own is not None:
                own.stop()
            for log in ("gunicorn.log", "worker.log", "beat.log"):
                if (work / log).exists():
                    (RESULTS / "logs").mkdir(parents=True, exist_ok=True)
                    (RESULTS / "logs" / f"faults-{log}").write_bytes((work / log).read_bytes())

    text = report(results, products=args.products)
    print(f"\n## Limber fault benchmark: {args.products:,} products, gunicorn 2 sync workers, "
          f"wrk -c16 mixed load, {os.cpu_count()} CPUs\n\n{text}")  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"faults-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps({"arguments": vars(args), "scenarios": results, "report": text}, indent=2))
    print(f"Figures written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
