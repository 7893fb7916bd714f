"""Events benchmark: what recording costs a request, beside the in-process buffer it replaced.

A request of the recommendations endpoint records one symptom check and six impressions. Each is
timed per request, in the same run:

- the old buffer (baseline): rows appended in memory, handed to Redis lists in one pipeline every
  200 rows or 2 s — cheap, but rows wait in the process and die with it;
- one Redis GET, for scale: the round trip the stream now costs every request;
- the stream: the request's records as one XADD before the response (Redis up);
- the database: the same records stored in the request (Redis away, or the embedded default);
- the flush: records moved from the stream into the database per second.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/limber REDIS_URL=redis://127.0.0.1:6379/15 \\
      .venv/bin/python -m benchmarks.events --requests 2000

The database must be migrated and hold a product (`make run`, or `benchmarks.synthetic`). Rows it
writes carry the source "benchmark" and are deleted at the end; so is its Redis list.
"""

import argparse
import json
import os
import statistics
import time

SOURCE = "benchmark"
OLD_LIST = "limber:benchmark-old-buffer"


class OldBuffer:
    """The per-process buffer this replaced: rows wait in memory until 200 of them or 2 s."""

    def __init__(self, client):
        self.client = client
        self.rows: list[str] = []
        self.started = 0.0

    def push(self, rows: list[dict]) -> None:
        now = time.time()
        if not self.rows:
            self.started = now
        self.rows.extend(json.dumps(row) for row in rows)
        if len(self.rows) >= 200 or now - self.started >= 2.0:
            pipe = self.client.pipeline(transaction=False)
            pipe.rpush(OLD_LIST, *self.rows)
            pipe.ltrim(OLD_LIST, -200_000, -1)
            pipe.execute()
            self.rows = []


def _per_request_us(record_one, requests: int) -> tuple[float, float]:
    """Median and p99 microseconds of `record_one()` over a number of requests."""
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        record_one()
        timings.append((time.perf_counter() - started) * 1e6)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.99) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    if not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
        raise SystemExit("Set DATABASE_URL (a migrated database with products) and REDIS_URL.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()
    import redis
    from django.conf import settings

    from analytics.models import Assessment, ShopperEvent
    from analytics.recording import RecordsPerRequestMiddleware
    from analytics.services import assessment_record, events_flush, events_record
    from analytics.storing import STREAM_KEY, redis_connection
    from catalog.models import Product
    from shop.breaker import redis_breaker

    products = list(Product.objects.values_list("pk", flat=True)[:6])
    if not products:
        raise SystemExit("The database holds no product.")
    summary = {"triage_level": "self_care", "top_condition": "runners-knee", "products": ["a", "b"]}
    answers = {"where-does-it-hurt": "knee", "knee-worse-with": ["stairs"]}
    client = redis_connection()
    old = OldBuffer(client)

    def old_request():
        old.push([{"uid": "x", "answers": answers, **summary}])
        old.push(
            [{"k": "impression", "p": p, "c": "runners-knee", "s": SOURCE, "v": "", "t": time.time()} for p in products]
        )

    def view(request):
        assessment_record(answers=answers, summary=summary, index_version="benchmark", source=SOURCE)
        events_record(kind="impression", product_ids=products, condition="runners-knee", source=SOURCE)

    request = RecordsPerRequestMiddleware(view)

    def new_request():
        request(None)

    try:
        old_request(), new_request()  # connections open
        waiting_before = client.xlen(STREAM_KEY)
        baseline = _per_request_us(old_request, args.requests)
        round_trip = _per_request_us(lambda: client.get(OLD_LIST + ":absent"), args.requests)
        stream = _per_request_us(new_request, args.requests)
        entries = client.xlen(STREAM_KEY) - waiting_before
        settings.LIMBER_REDIS_BREAKER_SECONDS = 3600  # the circuit stays open for the whole measurement
        redis_breaker.failed(redis.ConnectionError("benchmark: Redis away"))
        database = _per_request_us(new_request, max(args.requests // 4, 50))
        redis_breaker.reset()
        started = time.perf_counter()
        moved = events_flush()
        flush_seconds = time.perf_counter() - started
    finally:
        redis_breaker.reset()
        client.delete(OLD_LIST)
        ShopperEvent.objects.filter(source=SOURCE).delete()
        Assessment.objects.filter(source=SOURCE).delete()

    print(f"{args.requests} requests of 1 symptom check + {len(products)} impressions each\n")
    print(f"{'path':<44}{'p50 µs':>10}{'p99 µs':>10}{'× old':>8}")
    for name, (p50, p99) in (
        ("old buffer (rows wait in the process)", baseline),
        ("one Redis GET (a round trip, for scale)", round_trip),
        ("stream: one XADD per request (Redis up)", stream),
        ("database: stored in the request (Redis away)", database),
    ):
        print(f"{name:<44}{p50:>10.0f}{p99:>10.0f}{p50 / baseline[0]:>8.1f}")
    print(f"\nstream entries per request: {entries / args.requests:.2f}")
    print(f"flush: {moved} records in {flush_seconds:.2f} s, {moved / flush_seconds:,.0f} records/s")


if __name__ == "__main__":
    main()
