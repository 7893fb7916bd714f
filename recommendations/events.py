"""Shopper signals: recorded cheaply on the hot path, stored in batches, aggregated periodically.

With Redis, recording is one RPUSH per request; a periodic task moves the list
into the database in bulk. Without Redis (the embedded default) events wait in
a small in-process buffer and are written in bulk once it fills or ages.
"""

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
LOCAL_BUFFER_SIZE = 200
LOCAL_BUFFER_SECONDS = 5.0
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
    global _redis_down_logged, _local_started
    if not product_ids:
        return
    now = time.time()
    rows = [
        {"k": kind, "p": product_id, "c": condition, "s": source, "v": visitor, "t": now} for product_id in product_ids
    ]
    if cache_is_shared():
        try:
            _redis().rpush(EVENTS_KEY, *(json.dumps(row) for row in rows))
            _redis_down_logged = False
        except Exception as exc:  # analytics must never fail a shopper's request
            if not _redis_down_logged:
                logger.warning("Redis unavailable; shopper events are dropped until it is back (%s).", exc)
                _redis_down_logged = True
        return
    with _local_lock:
        if not _local:
            _local_started = now
        _local.extend(rows)
        due = len(_local) >= LOCAL_BUFFER_SIZE or now - _local_started >= LOCAL_BUFFER_SECONDS
        batch = _local[:] if due else []
        if due:
            _local.clear()
    if batch:
        _events_store(batch)


def events_flush(*, batch_size: int = 5000) -> int:
    """Move buffered events into the database in bulk; return how many were stored."""
    stored = 0
    with _local_lock:
        local = _local[:]
        _local.clear()
    if local:
        stored += _events_store(local)
    if not cache_is_shared():
        return stored
    connection = _redis()
    while True:
        pipe = connection.pipeline(transaction=True)
        pipe.lrange(EVENTS_KEY, 0, batch_size - 1)
        pipe.ltrim(EVENTS_KEY, batch_size, -1)
        raw, _ = pipe.execute()
        if not raw:
            return stored
        stored += _events_store([json.loads(item) for item in raw])


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
