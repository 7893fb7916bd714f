"""Record shopper events and symptom-check records cheaply on the hot path.

Each process gathers records in a small buffer; once it fills or ages (a couple
of seconds) the batch goes to the shared Redis lists in one round trip, where
`analytics.storing` moves it into the database in bulk. Without Redis (the
embedded default) a full batch is written to the database directly.
"""

import atexit
import json
import logging
import threading
import time
from collections import defaultdict

from analytics.storing import ASSESSMENTS_KEY, EVENTS_KEY, MAX_WAITING, batch_store, redis_connection
from shop.cache import cache_is_shared, log_outage, log_recovery

logger = logging.getLogger(__name__)

# A process holds up to this many rows, or rows this old, before handing them on.
LOCAL_BUFFER_SIZE = 200
LOCAL_BUFFER_SECONDS = 2.0

_local: list[tuple[str, dict]] = []
_local_started = 0.0
_local_lock = threading.Lock()


def events_buffer(rows: list[dict]) -> None:
    """Queue shopper events for the next bulk write."""
    _push(EVENTS_KEY, rows)


def assessment_buffer(record: dict) -> None:
    """Queue one anonymous symptom-check record for the next bulk write."""
    _push(ASSESSMENTS_KEY, [record])


def buffer_take() -> list[tuple[str, dict]]:
    """Empty this process's buffer and return what it held."""
    with _local_lock:
        batch = _local[:]
        _local.clear()
    return batch


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
        batch_hand_on(batch)


def batch_hand_on(batch: list[tuple[str, dict]]) -> bool:
    """Send a batch to the shared Redis lists (one round trip), or straight to the database without Redis.

    Return False when Redis is away; the batch is then dropped and the outage logged once.
    """
    if not cache_is_shared():
        batch_store(batch)
        return True
    by_key: dict[str, list[str]] = defaultdict(list)
    for key, row in batch:
        by_key[key].append(json.dumps(row))
    try:
        pipe = redis_connection().pipeline(transaction=False)
        for key, values in by_key.items():
            pipe.rpush(key, *values)
            # Bounded: if no worker drains the lists for a long time, the oldest records go first.
            pipe.ltrim(key, -MAX_WAITING, -1)
        pipe.execute()
    except Exception as exc:  # analytics must never fail a shopper's request
        log_outage(
            logger,
            "Redis (shopper events)",
            "Redis unavailable; shopper events are dropped until it is back (%s).",
            exc,
        )
        return False
    log_recovery(logger, "Redis (shopper events)")
    return True


atexit.register(lambda: _local and batch_hand_on(_local[:]))
