"""Cache helpers shared by the apps: whether the cache is shared, a local layer for hot results, outage logs."""

import logging
import threading
from collections.abc import Callable

from cachetools import LRUCache
from django.conf import settings
from django.core.cache import cache

_down: set[str] = set()
# A small per-process cache in front of the shared one, for hot results: a repeat costs no round trip.
_recent: LRUCache = LRUCache(maxsize=2048)
_recent_lock = threading.Lock()


def cache_is_shared() -> bool:
    """Whether every process sees the same cache (Redis), so it can carry versions and queues."""
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


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


def cache_get_or_set_local(key: str, compute: Callable[[], object], *, timeout: int) -> object:
    """Return `cache.get_or_set(key, compute)`, remembered in this process too (keys must be versioned)."""
    with _recent_lock:
        value = _recent.get(key)
    if value is None:
        value = cache.get_or_set(key, compute, timeout=timeout)
        with _recent_lock:
            _recent[key] = value
    return value


def cache_forget_local() -> None:
    """Empty this process's copy of hot results (tests)."""
    with _recent_lock:
        _recent.clear()
