"""Fill the database named by ``--database-url`` or ``DATABASE_URL`` with a plan, then rebuild the index.

python -m benchmarks.synthetic --products 50000 --conditions 200 [--reset]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import benchmarks.synthetic
from benchmarks.synthetic.database import database_fill
from benchmarks.synthetic.plan import plan_make
from benchmarks.synthetic.rebuild import index_rebuild_measure
from benchmarks.synthetic.specs import DEFAULT_SEED


def _mb(value: float) -> str:
    """Format bytes as megabytes."""
    return f"{value / 1_048_576:.1f} MB"


def _print_table(title: str, rows: Sequence[tuple[str, str]]) -> None:
    """Print a title and aligned (name, value) rows."""
    width = max(len(name) for name, _value in rows)
    print(f"\n{title}")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")


def main(argv: Sequence[str] | None = None) -> int:
    """Fill the database and measure one index rebuild, as the command line asks."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synthetic", description=benchmarks.synthetic.__doc__.split("\n\n")[0]
    )
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--conditions", type=int, default=200)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--chunk-size", type=int, default=2000)
    parser.add_argument("--database-url", help="defaults to DATABASE_URL; one of them is required")
    parser.add_argument("--reset", action="store_true", help="flush every table of the database first")
    parser.add_argument("--migrate", action="store_true", help="run migrations first")
    parser.add_argument("--skip-fill", action="store_true", help="only rebuild (and measure) the index")
    parser.add_argument("--skip-rebuild", action="store_true", help="only fill")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the second, traced rebuild")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    database_url = args.database_url or os.environ.get("DATABASE_URL")
    if not database_url:
        parser.error("set DATABASE_URL or --database-url: this fills a database and never the development one")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    import django

    django.setup()
    from django.core.management import call_command

    figures: dict[str, Any] = {"products": args.products, "conditions": args.conditions, "seed": args.seed}
    if args.migrate:
        call_command("migrate", interactive=False, verbosity=0)
    if args.reset:
        call_command("flush", interactive=False, verbosity=0)
    if not args.skip_fill:
        started = time.perf_counter()
        plan = plan_make(products=args.products, conditions=args.conditions, seed=args.seed)
        figures["plan_s"] = time.perf_counter() - started
        figures["shape"] = plan.shape()
        figures["fill_parts_s"] = database_fill(plan, chunk_size=args.chunk_size)
        figures["fill_s"] = sum(figures["fill_parts_s"].values())
        _print_table(
            f"Synthetic data: {args.products} products x {args.conditions} conditions (seed {args.seed})",
            [(name, str(count)) for name, count in figures["shape"].items()]
            + [("drawing the plan", f"{figures['plan_s']:.2f} s")]
            + [(f"insert: {part}", f"{value:.2f} s") for part, value in figures["fill_parts_s"].items()]
            + [("insert: total", f"{figures['fill_s']:.2f} s")],
        )
    if not args.skip_rebuild:
        figures["index"] = index = index_rebuild_measure(trace_memory=not args.no_tracemalloc)
        rows = [
            ("products scanned / kept in index", f"{index['catalogue_products']} / {index['index_products']}"),
            ("conditions ranked", str(index["conditions"])),
            ("index_rebuild(force=True)", f"{index['rebuild_s']:.2f} s"),
            ("  of which build (queries + ranking)", f"{index['build_s']:.2f} s"),
            ("  of which publish (pickle, DB, cache)", f"{index['publish_s']:.2f} s"),
            ("stored payload", f"{index['payload_bytes'] / 1024:.0f} KB"),
            ("RSS before -> after", f"{_mb(index['rss_before_bytes'])} -> {_mb(index['rss_after_bytes'])}"),
            ("peak RSS growth during rebuild", _mb(index["peak_rss_delta_bytes"])),
        ]
        if "tracemalloc_peak_bytes" in index:
            rows.append(("tracemalloc peak (2nd rebuild)", _mb(index["tracemalloc_peak_bytes"])))
            rows.append(("  2nd rebuild under tracemalloc", f"{index['traced_rebuild_s']:.2f} s"))
        _print_table("Recommendation index rebuild", rows)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
