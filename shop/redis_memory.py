"""Whether a Redis has room to write: what the health check reports and what the worker waits for.

A Redis at its ``maxmemory`` with ``noeviction`` (what the broker must use, so queued tasks are
never evicted) refuses every write with "OOM command not allowed". The worker cannot take a task
off the queue then (taking one writes it to the unacknowledged set), so instead of exiting it backs
off until a probe write succeeds (`redis_memory_wait`), then consumes again.
"""

import logging
import time
from collections.abc import Callable

import redis

logger = logging.getLogger(__name__)

PROBE_KEY = "limber:memory-probe"
WAIT_MAX_SECONDS = 10.0


def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2, retry_on_timeout=False)


def redis_memory(url: str) -> dict:
    """Report a Redis's memory: used and maximum bytes, its eviction policy, and whether it refuses writes."""
    client = _client(url)
    try:
        info = client.info("memory")
    except redis.RedisError as exc:
        return {"reachable": False, "error": str(exc) or type(exc).__name__}
    full = False
    try:
        client.set(PROBE_KEY, 1, px=5000)
    except redis.OutOfMemoryError:
        full = True
    except redis.RedisError as exc:
        return {"reachable": False, "error": str(exc) or type(exc).__name__}
    finally:
        client.close()
    return {
        "reachable": True,
        "used_bytes": info.get("used_memory", 0),
        "max_bytes": info.get("maxmemory", 0),
        "policy": info.get("maxmemory_policy", ""),
        "full": full,
    }


def redis_memory_wait(url: str, *, stop: Callable[[], None] = lambda: None) -> float:
    """Wait, backing off up to 10 s between probes, until Redis accepts a write again; return the seconds waited.

    `stop` is called between probes and may raise to end the wait (the worker's shutdown check).
    """
    started = time.monotonic()
    pause = 0.5
    logger.warning("Redis at %s is out of memory; the worker waits for room before taking tasks again.", url)
    while True:
        stop()
        memory = redis_memory(url)
        if memory.get("reachable") and not memory.get("full"):
            waited = time.monotonic() - started
            logger.warning("Redis has room again after %.1f s; the worker takes tasks again.", waited)
            return waited
        if not memory.get("reachable"):
            return time.monotonic() - started  # an outage: the consumer's reconnection takes over
        time.sleep(pause)
        pause = min(pause * 2, WAIT_MAX_SECONDS)
