"""Run the load benchmark: ``python -m benchmarks.load [--sizes 1000 50000] [--repeats 3] [--servers ...]``."""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import benchmarks.load
from benchmarks.load.report import report
from benchmarks.load.scenarios import measure_size
from benchmarks.load.servers import PYTHON, ROOT, SERVERS, run
from benchmarks.load.services import Services, server_env
from benchmarks.load.wrk import Load
from benchmarks.synthetic.specs import DEFAULT_SEED

RESULTS = ROOT / "benchmarks" / "results"


def _versions() -> dict[str, str]:
    """Return the versions of Python, the servers, wrk and the code being measured."""
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version(), "cpus": str(os.cpu_count())}
    for package in ("django", "gunicorn", "granian", "psycopg"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            continue
    found["wrk"] = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("\n")[0].strip()
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    changed = subprocess.run(
        [*git, "status", "--porcelain", "--", ".", ":(exclude)benchmarks"], capture_output=True, text=True
    ).stdout.strip()
    found["commit"] = f"{commit or 'unknown'}{' with uncommitted changes outside benchmarks/' if changed else ''}"
    return found


def _fingerprint(path: Path) -> str | None:
    """Return the SHA-256 of a file, or None if there is none."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every size, print the report and write the figures to benchmarks/results/."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.load", description=benchmarks.load.__doc__.split("\n\n")[0]
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 50000], help="products per run")
    parser.add_argument("--conditions", type=int, default=200)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--duration", type=int, default=5, help="seconds per measured wrk run")
    parser.add_argument("--repeats", type=int, default=3, help="measured runs per endpoint; the median is kept")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of the warm-up run before each")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warm-bodies", type=int, default=500)
    parser.add_argument("--cold-bodies", type=int, default=20000, help="more than a cold run sends")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432", help="server, no database")
    parser.add_argument("--database", default="limber_bench", help="dropped and recreated for each size")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14", help="flushed for each size")
    parser.add_argument("--throttle", default="100000000/minute", help="API_THROTTLE_ANON and _USER")
    parser.add_argument(
        "--servers",
        nargs="+",
        choices=list(SERVERS),
        default=list(SERVERS),
        help="servers to measure, in order (granian ones are skipped when it is not installed)",
    )
    parser.add_argument("--no-granian", action="store_true", help="skip granian even when it is installed")
    parser.add_argument(
        "--trace-up-to", type=int, default=10000, help="also trace the rebuild's memory up to this many products"
    )
    parser.add_argument("--quiet-below", type=float, default=0.25, help="CPU share other work may use before a size")
    parser.add_argument(
        "--other-at-most", type=float, default=0.1, help="CPU share other work may use during a run before a retry"
    )
    parser.add_argument("--retries", type=int, default=2, help="measurements repeated when other work got in the way")
    parser.add_argument(
        "--quiet-wait", type=float, default=120, help="seconds to wait for that before a size (half before a run)"
    )
    args = parser.parse_args(argv)

    services = Services(postgres=args.postgres, database=args.database, redis_url=args.redis_url)
    load = Load(threads=args.threads, connections=args.connections, duration=args.duration, warmup=args.warmup)
    development_db = ROOT / "db.sqlite3"
    before = _fingerprint(development_db)
    versions = _versions()
    print(f"Load benchmark on {versions}", flush=True)
    if not args.no_granian and not importlib.util.find_spec("granian"):
        print("granian is not installed (pip install -r requirements.txt): skipping it")
        args.no_granian = True
    if args.no_granian:
        args.servers = [name for name in args.servers if not name.startswith("granian")]

    sizes = []
    with tempfile.TemporaryDirectory(prefix="limber-bench-") as temporary:
        work = Path(temporary)
        env = server_env(services, static_root=work / "static", throttle=args.throttle)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
        for size in args.sizes:
            sizes.append(measure_size(size, args=args, services=services, env=env, work=work, load=load))

    text = report(sizes)
    title = (
        f"## Limber load benchmark: wrk -t{load.threads} -c{load.connections}, median of {args.repeats} runs "
        f"of {load.duration}s, "
        f"2 workers per server ({', '.join(args.servers)}), {os.cpu_count()} CPUs"
    )
    print(f"\n{title}\n\n{text}")
    print(
        "No Celery worker or beat runs (CELERY_TASK_ALWAYS_EAGER=true): any task a request sends runs inside "
        "that request, and periodic tasks (such as moving buffered symptom-check records to the database) do not run."
    )
    print(f"Code measured: {versions['commit']}")
    untouched = _fingerprint(development_db) == before
    print(f"db.sqlite3 untouched: {'yes' if untouched else 'NO'}")

    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"load-{stamp}.json"
    payload = {"arguments": vars(args), "versions": versions, "sizes": sizes, "report": text}
    path.write_text(json.dumps(payload, indent=2, default=str))
    print(f"Figures written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
