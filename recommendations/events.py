"""Shopper signals and symptom-check records: recorded cheaply on the hot path, stored in batches.

Each process gathers records in a small buffer; once it fills or ages (a
couple of seconds) the batch goes to the shared Redis lists in one round trip,
and a periodic task moves the lists into the database in bulk. Without Redis
(the embedded default) a full batch is written to the database directly. A
process that dies loses at most its last couple of seconds of analytics.
"""

import atexit
import json
import logging
import math
import threading
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from catalog.models import Product
from recommendations.index import cache_is_shared, index_rebuild_request
from recommendations.models import (
    Assessment,
    Condition,
    ConditionStats,
    EventKind,
    ProductPair,
    ProductStats,
    ShopperEvent,
)

logger = logging.getLogger(__name__)

EVENTS_KEY = "limber:shopper-events"
ASSESSMENTS_KEY = "limber:assessments"
# A process holds up to this many rows, or rows this old, before handing them on.
LOCAL_BUFFER_SIZE = 200
LOCAL_BUFFER_SECONDS = 2.0
MAX_WAITING = 200_000  # records per Redis list awaiting the flush task
WINDOW_DAYS = 30
PAIRS_PER_VISITOR = 20
PAIRS_PER_PRODUCT = 20

_local: list[dict] = []
_local_started = 0.0
_local_lock = threading.Lock()
_redis_down_logged = False


def _redis():
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def events_record(
    *, kind: str, product_ids: list[int], condition: str = "", source: str = "", visitor: str = ""
) -> None:
    """Record what a shopper saw or did; never raises and never writes a row per event on the spot."""
    now = time.time()
    _push(
        EVENTS_KEY,
        [
            {"k": kind, "p": product_id, "c": condition, "s": source, "v": visitor, "t": now}
            for product_id in product_ids
        ],
    )


def assessment_buffer(record: dict) -> None:
    """Queue one anonymous symptom-check record for the next bulk write."""
    _push(ASSESSMENTS_KEY, [record])


def _push(key: str, rows: list[dict]) -> None:
    """Add rows to this process's buffer; hand a full or old buffer on in one go."""
    global _local_started
    now = time.time()
    with _local_lock:
        if not _local:
            _local_started = now
        _local.extend((key, row) for row in rows)
        due = len(_local) >= LOCAL_BUFFER_SIZE or now - _local_started >= LOCAL_BUFFER_SECONDS
        batch = _local[:] if due else []
        if due:
            _local.clear()
    if batch:
        _hand_on(batch)


def _hand_on(batch: list[tuple[str, dict]]) -> bool:
    """Send a batch to the shared Redis lists (one round trip), or straight to the database without Redis.

    Return False when Redis is away; the batch is then dropped and the outage logged once.
    """
    global _redis_down_logged
    if not cache_is_shared():
        _store(batch)
        return True
    by_key: dict[str, list[str]] = defaultdict(list)
    for key, row in batch:
        by_key[key].append(json.dumps(row))
    try:
        pipe = _redis().pipeline(transaction=False)
        for key, values in by_key.items():
            pipe.rpush(key, *values)
            # Bounded: if no worker drains the lists for a long time, the oldest records go first.
            pipe.ltrim(key, -MAX_WAITING, -1)
        pipe.execute()
    except Exception as exc:  # analytics must never fail a shopper's request
        if not _redis_down_logged:
            logger.warning("Redis unavailable; shopper events are dropped until it is back (%s).", exc)
            _redis_down_logged = True
        return False
    _redis_down_logged = False
    return True


def events_flush(*, batch_size: int = 5000) -> int:
    """Move buffered events and symptom-check records into the database in bulk; return how many."""
    with _local_lock:
        local = _local[:]
        _local.clear()
    if not cache_is_shared():
        return _store(local) if local else 0
    if local and not _hand_on(local):
        return 0
    stored = 0
    for key in (EVENTS_KEY, ASSESSMENTS_KEY):
        while raw := _take(key, batch_size):
            stored += _store([(key, json.loads(item)) for item in raw])
    return stored


def _take(key: str, count: int) -> list[bytes]:
    """Remove and return up to `count` items from the head of a Redis list; none while Redis is away."""
    try:
        pipe = _redis().pipeline(transaction=True)
        pipe.lrange(key, 0, count - 1)
        pipe.ltrim(key, count, -1)
        raw, _ = pipe.execute()
    except Exception:
        logger.warning("Redis unavailable; buffered shopper events stay there until it is back.")
        return []
    return raw


def _store(batch: list[tuple[str, dict]]) -> int:
    events = [row for key, row in batch if key == EVENTS_KEY]
    assessments = [row for key, row in batch if key == ASSESSMENTS_KEY]
    if assessments:
        assessments_store(records=assessments)
    return (_events_store(events) if events else 0) + len(assessments)


def assessments_store(*, records: list[dict]) -> None:
    """Write symptom-check records; a record written twice keeps one row."""
    Assessment.objects.bulk_create(
        [
            Assessment(
                uid=record["uid"],
                created_at=datetime.fromisoformat(record["created_at"]),
                source=record["source"],
                answers=record["answers"],
                body_areas=record.get("body_areas", []),
                triage_level=record["triage_level"],
                top_condition=record.get("top_condition", ""),
                conditions=record.get("conditions", []),
                products=record.get("products", []),
                index_version=record["index_version"],
            )
            for record in records
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )


def _events_store(rows: list[dict]) -> int:
    known = set(Product.objects.filter(pk__in={row["p"] for row in rows}).values_list("pk", flat=True))
    events = [
        ShopperEvent(
            kind=row["k"],
            product_id=row["p"],
            condition=row["c"][:100],
            source=row["s"][:20],
            visitor=row["v"][:32],
            created_at=datetime.fromtimestamp(row["t"], tz=UTC),
        )
        for row in rows
        if row["p"] in known and row["k"] in EventKind.values
    ]
    ShopperEvent.objects.bulk_create(events, batch_size=2000)
    return len(events)


@transaction.atomic
def signals_aggregate(*, now=None) -> dict[str, int]:
    """Turn the last 30 days of events into product and condition statistics and viewed-together pairs."""
    now = now or timezone.now()
    since = now - timedelta(days=WINDOW_DAYS)
    recent = ShopperEvent.objects.filter(created_at__gte=since)

    counts = recent.values("product_id").annotate(
        impressions=Count("pk", filter=Q(kind=EventKind.IMPRESSION)),
        clicks=Count("pk", filter=Q(kind=EventKind.CLICK)),
        views=Count("pk", filter=Q(kind=EventKind.VIEW)),
        orders=Count("pk", filter=Q(kind=EventKind.ORDER)),
    )
    interest = {row["product_id"]: row["views"] + 3 * row["clicks"] + 10 * row["orders"] for row in counts}
    peak = math.log1p(max(interest.values(), default=0)) or 1.0
    stats = [
        ProductStats(
            product_id=row["product_id"],
            impressions=row["impressions"],
            clicks=row["clicks"],
            views=row["views"],
            orders=row["orders"],
            popularity=round(math.log1p(interest[row["product_id"]]) / peak, 4),
        )
        for row in counts
    ]
    ProductStats.objects.exclude(product_id__in=[s.product_id for s in stats]).delete()
    ProductStats.objects.bulk_create(
        stats,
        update_conflicts=True,
        unique_fields=["product"],
        update_fields=["impressions", "clicks", "views", "orders", "popularity", "updated_at"],
    )

    by_condition = {
        row["condition"]: row
        for row in recent.exclude(condition="")
        .values("condition")
        .annotate(
            impressions=Count("pk", filter=Q(kind=EventKind.IMPRESSION)),
            clicks=Count("pk", filter=Q(kind=EventKind.CLICK)),
        )
    }
    tops = dict(
        Assessment.objects.filter(created_at__gte=since)
        .exclude(top_condition="")
        .values_list("top_condition")
        .annotate(n=Count("pk"))
    )
    condition_stats = [
        ConditionStats(
            condition_id=pk,
            impressions=by_condition.get(slug, {}).get("impressions", 0),
            clicks=by_condition.get(slug, {}).get("clicks", 0),
            assessments=tops.get(slug, 0),
        )
        for pk, slug in Condition.objects.values_list("pk", "slug")
    ]
    ConditionStats.objects.bulk_create(
        condition_stats,
        update_conflicts=True,
        unique_fields=["condition"],
        update_fields=["impressions", "clicks", "assessments", "updated_at"],
    )

    viewed: dict[str, list[int]] = defaultdict(list)
    for visitor, product_id in (
        recent.filter(kind__in=[EventKind.VIEW, EventKind.CLICK, EventKind.ORDER])
        .exclude(visitor="")
        .order_by("visitor", "-created_at")
        .values_list("visitor", "product_id")
    ):
        products = viewed[visitor]
        if product_id not in products and len(products) < PAIRS_PER_VISITOR:
            products.append(product_id)
    together: Counter[tuple[int, int]] = Counter()
    for products in viewed.values():
        for a in products:
            for b in products:
                if a != b:
                    together[(a, b)] += 1
    best: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (a, b), visitors in together.items():
        best[a].append((visitors, b))
    pairs = [
        ProductPair(product_id=a, other_id=b, visitors=visitors)
        for a, others in best.items()
        for visitors, b in sorted(others, key=lambda item: (-item[0], item[1]))[:PAIRS_PER_PRODUCT]
    ]
    ProductPair.objects.all().delete()
    ProductPair.objects.bulk_create(pairs, batch_size=2000)

    # Popularity feeds the index's small prior.
    index_rebuild_request()
    return {"products": len(stats), "conditions": len(condition_stats), "pairs": len(pairs)}


atexit.register(lambda: _local and _hand_on(_local[:]))
