"""Search benchmark: the product API's search, rendered uncached, on a database filled by `benchmarks.synthetic`.

Prints p50 and p99 in milliseconds per query and per kind of query, next to a plain page of the
list without a search measured the same way in the same run (the baseline), and the search alone:
`product_search` and its first ranked page, without the request, the count or serialising. Every request misses
the page cache (a unique parameter), so the figure is the search itself: words, corrections,
conditions, the ranked page, and suggestions when nothing is found. Kinds take turns round by
round, so a burst of load on a shared machine falls on all of them alike. On PostgreSQL it also
prints the plan of the ranked page, to show which index finds the matches.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/limber_search_bench \\
      .venv/bin/python -m benchmarks.search --rounds 200
    DATABASE_URL=sqlite:////tmp/limber_bench.sqlite3 .venv/bin/python -m benchmarks.search --rounds 50
"""

import argparse
import os
import statistics
import time

KINDS = {
    "one word, typo": ["rolller", "masage", "stretchng"],
    "two words, typo": ["foam rolller", "masage stik", "cold compresion"],
    "plurals, -ing": ["foam rollers", "stretching strap"],
    "condition words": ["runners knee", "heel pain", "knee tendinopaty"],
    "plain words": ["something for my neck", "my heel hurts in the morning", "sore knee when running"],
    "nothing found": ["xylophone", "rolller xylophone"],
}
BASELINE = "(no search)"


def _percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.99) - 1)]


def _search_alone(query: str) -> float:
    """Return the milliseconds the search itself takes: words, conditions, the first ranked page."""
    from catalog.selectors import product_card_queryset
    from recommendations.search import product_search

    started = time.perf_counter()
    found, _findings = product_search(product_card_queryset(), text=query)
    list(found[:20])
    return (time.perf_counter() - started) * 1000


def _plan(query: str) -> str:
    """Return the scan lines of the ranked page's plan for a search, as PostgreSQL runs it."""
    from django.db import connection

    from catalog.selectors import product_card_queryset
    from recommendations.search import product_search

    found, _findings = product_search(product_card_queryset(), text=query)
    sql, params = found[:20].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
        lines = [row[0] for row in cursor.fetchall()]
    return "\n".join(f"    {line.strip()}" for line in lines if "Scan" in line or "Execution" in line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to a database filled by benchmarks.synthetic (PostgreSQL or SQLite).")
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
    queries = [BASELINE] + [query for kind in KINDS.values() for query in kind]
    found = {}
    for query in queries:  # the index, vocabulary and conditions held; each count once, as a running shop has
        params = {} if query == BASELINE else {"search": query}
        found[query] = client.get("/api/v1/products/", params).json()["count"]
    timings: dict[str, list[float]] = {query: [] for query in queries}
    alone: dict[str, list[float]] = {query: [] for query in queries[1:]}
    for n in range(args.rounds):
        for query in queries[1:]:
            alone[query].append(_search_alone(query))
        for query in queries:
            params = {"nocache": str(n)} if query == BASELINE else {"search": query, "nocache": str(n)}
            started = time.perf_counter()
            response = client.get("/api/v1/products/", params)
            timings[query].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content[:300]

    products = Product.objects.filter(is_active=True).count()
    print(f"{connection.vendor}, {products:,} active products, {args.rounds} requests per query (ms)")
    base50, base99 = _percentiles(timings[BASELINE])
    print(f"  {BASELINE:<22} p50 {base50:7.2f}  p99 {base99:7.2f}  (baseline)")
    for kind, kind_queries in KINDS.items():
        p50, p99 = _percentiles([t for query in kind_queries for t in timings[query]])
        a50, a99 = _percentiles([t for query in kind_queries for t in alone[query]])
        print(
            f"{kind:<24} p50 {p50:7.2f}  p99 {p99:7.2f}  ({p50 / base50:.2f}x / {p99 / base99:.2f}x the baseline)"
            f"  search alone p50 {a50:6.2f}  p99 {a99:6.2f}"
        )
        for query in kind_queries:
            q50, q99 = _percentiles(timings[query])
            a50, a99 = _percentiles(alone[query])
            print(
                f"  {query!r:<22} p50 {q50:7.2f}  p99 {q99:7.2f}  {found[query]:>6,} found"
                f"{'':>26}alone p50 {a50:6.2f}  p99 {a99:6.2f}"
            )
    if connection.vendor == "postgresql":
        print("plan of the ranked page for 'rolller':")
        print(_plan("rolller"))


if __name__ == "__main__":
    main()
