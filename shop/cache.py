"""Cache helpers shared by the apps: whether the cache is shared, local layers for hot and away reads, outage logs."""

import logging
import threading
from collections.abc import Callable

from cachetools import LRUCache, TTLCache
from django.conf import settings
from django.core.cache import cache

from shop.breaker import redis_available


def _size(value: object) -> int:
    """Roughly what a read holds in memory: its body's length, plus a little for the rest."""
    body = getattr(value, "body", None)
    return 512 + (len(body) if isinstance(body, bytes | str) else 0)


_down: set[str] = set()
# Hot results computed in this process (recommendations): a repeat costs neither a computation nor a round trip.
_recent: LRUCache = LRUCache(maxsize=2048)
_recent_lock = threading.Lock()
# Versioned reads (pages and API bodies) this process served lately, bounded by their size: an entry
# under a key never changes, so a repeat needs no round trip to Redis.
_reads: LRUCache = LRUCache(maxsize=settings.LIMBER_LOCAL_READS_BYTES, getsizeof=_size)
_reads_lock = threading.Lock()
# While Redis is away, this process keeps the reads it builds, so it does not build them again per request.
_away: TTLCache = TTLCache(maxsize=256, ttl=300)
_away_lock = threading.Lock()


def cache_is_shared() -> bool:
    """Whether every process sees the same cache (Redis), so it can carry versions and queues."""
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def cache_is_away() -> bool:
    """Whether the shared cache is Redis and its circuit is open: skip it and use a local fallback."""
    return cache_is_shared() and not redis_available()


def log_outage(logger: logging.Logger, service: str, message: str, *args) -> None:
    """Log that a service is unavailable, once per process until it is back."""
    if service not in _down:
        _down.add(service)
        logger.warning(message, *args)


def log_recovery(logger: logging.Logger, service: str) -> None:
    """Log that a service logged as unavailable is reachable again."""
    if service in _down:
        _down.discard(service)
        logger.info("%s is reachable again.", service)


def _remember(key: str, value: object) -> None:
    if _size(value) <= _reads.maxsize // 8:  # one large read must not empty the rest
        with _reads_lock:
            _reads[key] = value


def cache_read(key: str) -> object | None:
    """Return a cached read (keys must be versioned), or None; while Redis is away, this process's own copy.

    A read this process served lately comes from its memory: keys carry the content version, so
    the same key always holds the same answer and a local copy can never be out of date.
    """
    with _reads_lock:
        value = _reads.get(key)
    if value is not None:
        return value
    if not cache_is_away():
        value = cache.get(key)
        if value is not None or not cache_is_away():
            if _away:
                with _away_lock:
                    _away.clear()  # Redis is back: the shared cache serves again
            if value is not None:
                _remember(key, value)
            return value
    with _away_lock:
        return _away.get(key)


def cache_write(key: str, value: object, *, timeout: int) -> None:
    """Store a read in the shared cache and in this process; while Redis is away, in this process only."""
    _remember(key, value)
    if not cache_is_away():
        cache.set(key, value, timeout=timeout)
        if not cache_is_away():
            return
    with _away_lock:
        _away[key] = value


def local_get_or_set(key: str, compute: Callable[[], object]) -> object:
    """Return what `compute` gave for this key in this process, computing it once (keys must be versioned).

    For answers that cost less to compute than to fetch: a shared-cache miss and the write after it
    are two round trips, which cost as much as a recommendation does to compute (see the README).
    """
    with _recent_lock:
        value = _recent.get(key)
    if value is None:
        value = compute()
        with _recent_lock:
            _recent[key] = value
    return value


def cache_forget_local() -> None:
    """Empty this process's copies of hot and away reads (tests)."""
    with _recent_lock:
        _recent.clear()
    with _reads_lock:
        _reads.clear()
    with _away_lock:
        _away.clear()
