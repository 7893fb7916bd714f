"""Move buffered shopper events and symptom-check records from Redis into the database, in bulk."""

import logging
from datetime import UTC, datetime

from analytics.models import Assessment, EventKind, ShopperEvent
from catalog.models import Product

logger = logging.getLogger(__name__)

EVENTS_KEY = "limber:shopper-events"
ASSESSMENTS_KEY = "limber:assessments"
MAX_WAITING = 200_000  # records per Redis list awaiting the flush task


def redis_connection():
    """Return the raw Redis connection behind the default cache."""
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def redis_take(key: str, count: int) -> list[bytes]:
    """Remove and return up to `count` items from the head of a Redis list; none while Redis is away."""
    try:
        pipe = redis_connection().pipeline(transaction=True)
        pipe.lrange(key, 0, count - 1)
        pipe.ltrim(key, count, -1)
        raw, _ = pipe.execute()
    except Exception:
        logger.warning("Redis unavailable; buffered shopper events stay there until it is back.")
        return []
    return raw


def batch_store(batch: list[tuple[str, dict]]) -> int:
    """Write a batch of (list key, record) pairs to the database; return how many rows it held."""
    events = [row for key, row in batch if key == EVENTS_KEY]
    assessments = [row for key, row in batch if key == ASSESSMENTS_KEY]
    if assessments:
        assessments_store(records=assessments)
    return (events_store(rows=events) if events else 0) + len(assessments)


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


def events_store(*, rows: list[dict]) -> int:
    """Write shopper events for products that still exist; return how many were written."""
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
