"""Content-version benchmark: what keying cached reads by a version that outlives Redis costs a request.

Every cached read asks `content_version()`. Within a check interval (1 s) it is a thread-local
lookup; once per interval per process it reads Redis's version and, since edits are counted in the
database, the database's count as well (one primary-key query). Timed per call, in the same run:

- held: the version this thread read less than a check interval ago;
- Redis only: what a check cost before edits were counted in the database (one GET);
- a check: the database's count and Redis's version, what each process pays once a second;
- the stock check: what a cached read of a page of 20 products pays for its stock (one query).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/limber REDIS_URL=redis://127.0.0.1:6379/15 \\
      .venv/bin/python -m benchmarks.content --calls 2000

The database must be migrated and hold products (`make run`, or `benchmarks.synthetic`).
"""

import argparse
import os
import statistics
import time


def _timed(function, calls: int) -> list[float]:
    took = []
    for _ in range(calls):
        started = time.perf_counter()
        function()
        took.append(time.perf_counter() - started)
    return took


def _line(name: str, took: list[float]) -> str:
    ordered = sorted(took)
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    return f"| {name} | {statistics.median(took) * 1e6:,.0f} µs | {p99 * 1e6:,.0f} µs |"


def main() -> None:
    """Time each way of finding the content version and print a Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.content", description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache

    from catalog.models import Product
    from catalog.stock_shown import stock_moved
    from shop.cache import cache_is_shared
    from shop.content import VERSION_KEY, content_version, content_version_forget

    if not cache_is_shared():
        raise SystemExit("Set REDIS_URL: without a shared cache there is no check to measure.")
    content_version()
    held = _timed(content_version, args.calls)
    settings.LIMBER_CONTENT_CHECK_SECONDS = 0  # every call checks, as once a second per process does
    checked = _timed(content_version, args.calls)
    redis_only = _timed(lambda: cache.get(VERSION_KEY), args.calls)
    shown = dict(Product.objects.values_list("pk", "stock_quantity")[:20])
    if len(shown) < 20:
        raise SystemExit("The database needs at least 20 products (make run, or benchmarks.synthetic).")
    stock = _timed(lambda: stock_moved(shown), args.calls)
    content_version_forget()
    print(f"\n## Content version, {args.calls:,} calls each ({settings.DATABASES['default']['ENGINE']})\n")
    print("| what | median | p99 |\n| --- | --- | --- |")
    for name, took in (
        ("held (within the check interval)", held),
        ("Redis only (the check before edits were counted)", redis_only),
        ("a check: database count + Redis version", checked),
        ("stock check of a cached read of 20 products", stock),
    ):
        print(_line(name, took))


if __name__ == "__main__":
    main()
