"""Search benchmark: the product API's search, rendered uncached, on a database filled by `benchmarks.synthetic`.

Prints p50 and p99 per query in milliseconds, next to a plain page of the list without a search
measured the same way in the same run. Every request misses the page cache (a unique parameter),
so the figure is the search itself: words, corrections, conditions, the ranked page and its count.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/limber_speed_bench \\
      .venv/bin/python -m benchmarks.search --rounds 200
"""

import argparse
import os
import statistics
import time

QUERIES = ["rolller", "foam rollers", "stretching strap", "runners knee", "heel pain", "masage stik", "cold pak"]


def _measure(client, path: str, params: dict, rounds: int) -> tuple[float, float]:
    timings = []
    for n in range(rounds):
        started = time.perf_counter()
        response = client.get(path, {**params, "nocache": str(n)})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.99) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to a database filled by benchmarks.synthetic.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("API_THROTTLE_ANON", "100000000/minute")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from catalog.models import Product

    client = Client()
    client.get("/api/v1/products/", {"search": "warm up"})  # the index, vocabulary and conditions held
    products = Product.objects.filter(is_active=True).count()
    print(f"{connection.vendor}, {products:,} active products, {args.rounds} requests each (ms)")
    base50, base99 = _measure(client, "/api/v1/products/", {}, args.rounds)
    print(f"  {'(no search)':<20} p50 {base50:7.2f}  p99 {base99:7.2f}")
    for query in QUERIES:
        p50, p99 = _measure(client, "/api/v1/products/", {"search": query}, args.rounds)
        count = client.get("/api/v1/products/", {"search": query, "nocache": "count"}).json()["count"]
        print(
            f"  {query!r:<20} p50 {p50:7.2f}  p99 {p99:7.2f}  ({p99 / base99:.1f}x the plain list's p99)  {count} found"
        )


if __name__ == "__main__":
    main()
