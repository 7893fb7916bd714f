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
from redis.commands.core import Script

from analytics.storing import ENTRY_BATCH, ENTRY_RECORDS, STREAM_KEY, Record, records_store, redis_connection
from shop.cache import cache_is_away, cache_is_shared, log_outage, log_recovery

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


# Count a request against a rate limit and, only if it is allowed, add its records: one round trip.
COUNT_AND_APPEND = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if count <= tonumber(ARGV[2]) and ARGV[3] ~= '' then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', ARGV[6], ARGV[5], ARGV[7], ARGV[3])
end
return count
"""


def _count_and_append(client) -> Script:
    """The script, registered once per connection: sent by its digest, loaded again if Redis forgot it."""
    script = getattr(client, "limber_count_and_append", None)
    if script is None:
        script = client.limber_count_and_append = client.register_script(COUNT_AND_APPEND)
    return script


def records_write_counted(counter: str, *, limit: int, timeout: int) -> int | None:
    """Count this request under a rate-limit key and, if it is within `limit`, write its records too.

    For a request whose answer is ready before its rate limit is checked (an answer this process
    already holds): one atomic round trip instead of two. Return the count. Either way the
    request's records are then done with: written if allowed, dropped if refused. Return None when
    it could not count (no Redis, or Redis away); the records then stay with the request.
    """
    pending = _request_records.get()
    if pending is None or not cache_is_shared() or cache_is_away():
        return None
    payload = json.dumps(pending) if pending else ""
    arguments = [timeout, limit, payload, STREAM_MAX_ENTRIES, os.urandom(16).hex(), ENTRY_BATCH, ENTRY_RECORDS]
    try:
        count = _count_and_append(redis_connection())(keys=[counter, STREAM_KEY], args=arguments)
    except Exception as exc:  # any Redis failure, the breaker's CircuitOpen included
        log_outage(logger, "Redis (rate limits)", "Redis unavailable; rate limits are not counted (%s).", exc)
        return None
    pending.clear()
    return int(count)


def records_discard() -> None:
    """Drop what the current request recorded (its answer was refused after all)."""
    pending = _request_records.get()
    if pending is not None:
        pending.clear()


def records_write(records: list[Record]) -> None:
    """Add records to the Redis stream as one entry, or store them in the database; never raise."""
    batch = os.urandom(16).hex()
    if cache_is_shared():
        try:
            redis_connection().xadd(
                STREAM_KEY,
                {ENTRY_BATCH: batch, ENTRY_RECORDS: json.dumps(records)},
                maxlen=STREAM_MAX_ENTRIES,
                approximate=True,
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
