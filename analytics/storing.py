"""Store shopper records in the database: straight from a request, or in bulk from the Redis stream.

A record is a pair (kind, row): `EVENT` rows are shopper events, `ASSESSMENT` rows symptom-check
records. Each request's records travel together as one batch with a random id; an event's key is
that id and its place in the batch, an assessment's key its uid. Both keys are unique in the
database, so a batch stored twice (a flush that died before acknowledging it, a stream write that
timed out after Redis had taken it) keeps one row per record.
"""

import json
import logging
import os
import socket
from collections.abc import Iterator
from datetime import UTC, datetime

from django.db import DataError, IntegrityError, connection, transaction

from analytics.models import Assessment, EventKind, ShopperEvent
from catalog.models import Product

logger = logging.getLogger(__name__)

EVENT = "e"
ASSESSMENT = "a"

STREAM_KEY = "limber:shopper-records"
# The fields of a stream entry: one request's batch id and its records as JSON.
ENTRY_BATCH, ENTRY_RECORDS = "b", "r"
STREAM_GROUP = "flush"
# An entry another consumer read and did not acknowledge for this long belongs to a flush that died.
CLAIM_IDLE_SECONDS = 60.0
# Consumers with nothing pending and idle this long are forgotten (every worker process is one).
CONSUMER_FORGET_SECONDS = 3600

Record = tuple[str, dict]


def redis_connection():
    """Return the raw Redis connection behind the default cache."""
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def records_store(*, batches: list[tuple[str, list[Record]]], wait_for_disk: bool = True) -> int:
    """Write batches of (batch id, records) to the database in one transaction; return how many records.

    ``wait_for_disk=False`` (a shopper's request writing its own records while Redis is away) commits
    on PostgreSQL without waiting for the disk flush (``synchronous_commit`` off for this transaction
    only): the write is still atomic and crash-safe for the database, and only a crash of PostgreSQL
    itself within a fraction of a second could lose it, while the request saves the flush's wait,
    most of its cost. The stream's flush keeps waiting, because it acknowledges entries afterwards.
    """
    events: list[dict] = []
    assessments: list[dict] = []
    for batch, records in batches:
        place = 0
        for kind, row in records:
            if kind == EVENT:
                events.append({**row, "key": f"{batch}-{place}"})
                place += 1
            elif kind == ASSESSMENT:
                assessments.append(row)
    # Only a transaction of its own may skip the wait: never a caller's, which may hold an order.
    skip_wait = not wait_for_disk and connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if skip_wait:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        if assessments:
            assessments_store(records=assessments)
        if events:
            events_store(rows=events)
    return len(events) + len(assessments)


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
    """Write shopper events for products that still exist; an event written twice keeps one row."""
    known = set(Product.objects.filter(pk__in={row["p"] for row in rows}).values_list("pk", flat=True))
    events = [
        ShopperEvent(
            kind=row["k"],
            product_id=row["p"],
            condition=row["c"][:100],
            source=row["s"][:20],
            visitor=row["v"][:32],
            created_at=datetime.fromtimestamp(row["t"], tz=UTC),
            key=row.get("key"),
        )
        for row in rows
        if row["p"] in known and row["k"] in EventKind.values
    ]
    ShopperEvent.objects.bulk_create(events, ignore_conflicts=True, batch_size=2000)
    return len(events)


def stream_flush(*, batch_size: int, claim_idle_seconds: float) -> int:
    """Store every entry of the stream in the database, then acknowledge and delete it; return how many records.

    Entries come from three places, in this order: those this consumer read before and did not
    acknowledge (its last flush failed midway), those another consumer left pending for
    `claim_idle_seconds` (it died), and new ones. Storing is idempotent, so an entry stored but
    not acknowledged is stored again harmlessly.
    """
    client = redis_connection()
    consumer = consumer_name()
    group_ensure(client)
    stored = 0
    for entries in _entries(client, consumer, batch_size=batch_size, claim_idle_ms=int(claim_idle_seconds * 1000)):
        if entries:
            stored += _entries_store(entries)
            entries_ack(client, [entry_id for entry_id, _ in entries])
    consumers_forget(client, keep=consumer)
    return stored


def consumer_name() -> str:
    """Name this process in the consumer group."""
    return f"{socket.gethostname()}-{os.getpid()}"


def group_ensure(client) -> None:
    """Create the stream and its consumer group unless they exist."""
    from redis import ResponseError

    try:
        client.xgroup_create(STREAM_KEY, STREAM_GROUP, id="0", mkstream=True)
    except ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


def entries_ack(client, ids: list[bytes]) -> None:
    """Acknowledge stored entries and delete them, so the stream holds only what is not stored yet."""
    pipe = client.pipeline(transaction=True)
    pipe.xack(STREAM_KEY, STREAM_GROUP, *ids)
    pipe.xdel(STREAM_KEY, *ids)
    pipe.execute()


def consumers_forget(client, *, keep: str) -> None:
    """Remove consumers (processes long gone) that hold nothing pending."""
    for consumer in client.xinfo_consumers(STREAM_KEY, STREAM_GROUP):
        name = consumer["name"].decode() if isinstance(consumer["name"], bytes) else consumer["name"]
        if name != keep and not consumer["pending"] and consumer["idle"] > CONSUMER_FORGET_SECONDS * 1000:
            client.xgroup_delconsumer(STREAM_KEY, STREAM_GROUP, name)


def _entries(client, consumer: str, *, batch_size: int, claim_idle_ms: int) -> Iterator[list]:
    """Yield lists of (entry id, fields): this consumer's pending entries, then claimed ones, then new ones."""
    after = "0"
    while entries := _read(client, consumer, after, batch_size):
        after = entries[-1][0]
        yield entries
    start = "0-0"
    while True:
        start, claimed, *_ = client.xautoclaim(
            STREAM_KEY, STREAM_GROUP, consumer, claim_idle_ms, start_id=start, count=batch_size
        )
        yield [entry for entry in claimed if entry[0] is not None]
        if start in (b"0-0", "0-0"):
            break
    while entries := _read(client, consumer, ">", batch_size):
        yield entries
        if len(entries) < batch_size:
            break


def _read(client, consumer: str, after: str | bytes, count: int) -> list:
    """Read entries for this consumer: its own pending ones after an id, or new ones (">")."""
    reply = client.xreadgroup(STREAM_GROUP, consumer, {STREAM_KEY: after}, count=count)
    if isinstance(reply, dict):  # a RESP3 connection
        return next(iter(reply.values()), [])
    return reply[0][1] if reply else []


def _entries_store(entries: list) -> int:
    """Store entries in one transaction; if the database refuses a value, one by one, skipping what it refuses.

    Any other error (the database is away) is raised, and every entry waits for the next flush.
    """
    try:
        return records_store(batches=_decoded(entries))
    except (DataError, IntegrityError):
        if len(entries) == 1:
            logger.exception("Skipped stream entry %s of shopper records: the database refused it.", entries[0][0])
            return 0
    return sum(_entries_store([entry]) for entry in entries)


def _decoded(entries: list) -> list[tuple[str, list[Record]]]:
    """Return the (batch id, records) of stream entries; an entry that cannot be read is logged and skipped."""
    batches = []
    for entry_id, fields in entries:
        if not fields:
            continue  # trimmed away since it was read: nothing left to store
        try:
            batch, records = fields[ENTRY_BATCH.encode()], fields[ENTRY_RECORDS.encode()]
            batches.append((batch.decode(), [(kind, row) for kind, row in json.loads(records)]))
        except (KeyError, ValueError, TypeError, AttributeError):
            logger.error("Skipped stream entry %s of shopper records: it cannot be read.", entry_id)
    return batches
