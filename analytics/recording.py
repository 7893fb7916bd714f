"""Record shopper events and symptom-check records durably before the response leaves.

Nothing is held in a process between requests. A request's records are gathered while it runs
(`RecordsPerRequestMiddleware`) and written at its end in one round trip: one entry added to a
Redis stream, which `analytics.storing` moves into the database in bulk. If Redis is away, the
records go straight to the database in that request. Without Redis (the embedded default) they
always do. Records made outside a request (a task, a shell) are written at once, the same way.
"""

import json
import logging
import os
from contextvars import ContextVar

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async

from analytics.storing import STREAM_KEY, Record, records_store, redis_connection
from shop.cache import cache_is_shared, log_outage, log_recovery

logger = logging.getLogger(__name__)

# A bound for a stream no worker drains (an approximate MAXLEN: Redis trims whole nodes, cheaply).
# Each entry is one request's records; a million is close to an hour of peak traffic with no flush at all.
STREAM_MAX_ENTRIES = 1_000_000

_request_records: ContextVar[list[Record] | None] = ContextVar("analytics_request_records", default=None)


def records_add(records: list[Record]) -> None:
    """Record rows: with the request's others when inside a request, at once otherwise."""
    pending = _request_records.get()
    if pending is None:
        records_write(records)
    else:
        pending.extend(records)


class RecordsPerRequestMiddleware:
    """Write what a request recorded in one round trip, before its response leaves."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self._acall(request)
        records: list[Record] = []
        token = _request_records.set(records)
        try:
            return self.get_response(request)
        finally:
            _request_records.reset(token)
            if records:
                records_write(records)

    async def _acall(self, request):
        records: list[Record] = []
        token = _request_records.set(records)
        try:
            return await self.get_response(request)
        finally:
            _request_records.reset(token)
            if records:
                await sync_to_async(records_write)(records)


def records_write(records: list[Record]) -> None:
    """Add records to the Redis stream as one entry, or store them in the database; never raise."""
    batch = os.urandom(16).hex()
    if cache_is_shared():
        try:
            redis_connection().xadd(
                STREAM_KEY, {"b": batch, "r": json.dumps(records)}, maxlen=STREAM_MAX_ENTRIES, approximate=True
            )
        except Exception as exc:  # any Redis failure, the breaker's CircuitOpen included
            log_outage(
                logger,
                "Redis (shopper events)",
                "Redis unavailable; shopper events go straight to the database until it is back (%s).",
                exc,
            )
        else:
            log_recovery(logger, "Redis (shopper events)")
            return
    try:
        records_store(batches=[(batch, records)], wait_for_disk=False)
    except Exception:  # analytics must never fail a shopper's request
        logger.exception("Could not store %d shopper records; they are lost.", len(records))
