"""The content version: one token that changes after every committed edit a shopper could see.

Cached anonymous reads put it in their keys, so an edit makes every older entry unreachable at
once instead of deleting keys one by one. It lives in the shared cache (Redis in production);
each process remembers it for at most ``LIMBER_CONTENT_CHECK_SECONDS``.

While Redis is away a process keeps the last version it knew, so keys and ETags stay the same
and its local copies of reads stay useful. An edit it makes meanwhile gives it a new version of
its own, which it writes to Redis once Redis answers again.
"""

import secrets
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from shop.cache import cache_is_away

VERSION_KEY = "content-version"


@dataclass(frozen=True)
class ContentVersion:
    """A content version: an opaque token and when it was made (whole seconds since the epoch)."""

    token: str
    changed_at: int


@dataclass
class _Known:
    """What this process knows across threads: the last version it read, and a bump Redis missed."""

    last: ContentVersion | None = None
    owed: bool = False


_local = threading.local()
_known = _Known()
_known_lock = threading.Lock()


def _new_version() -> ContentVersion:
    return ContentVersion(token=secrets.token_hex(8), changed_at=int(time.time()))


def _hold(version: ContentVersion) -> ContentVersion:
    _local.held = (version, time.monotonic())
    with _known_lock:
        _known.last = version
    return version


def _last_known() -> ContentVersion:
    """The version to use while Redis is away: the last one known, or one made once for this process."""
    with _known_lock:
        if _known.last is None:
            _known.last = _new_version()
        version = _known.last
    _local.held = (version, time.monotonic())
    return version


def content_version() -> ContentVersion:
    """Return the current content version, read from the shared cache at most once per check interval."""
    held = getattr(_local, "held", None)
    if held is not None and time.monotonic() - held[1] < settings.LIMBER_CONTENT_CHECK_SECONDS:
        return held[0]
    if cache_is_away():
        return _last_known()
    if _known.owed:
        content_version_bump()  # an edit made while Redis was away
        if not cache_is_away():
            with _known_lock:
                _known.owed = False
        return _last_known()
    raw = cache.get(VERSION_KEY)
    if raw is None:
        if cache_is_away():  # the read failed, not a miss
            return _last_known()
        # First use, or the cache was emptied: a new version, so nothing older can be served.
        fresh = _new_version()
        cache.add(VERSION_KEY, [fresh.token, fresh.changed_at], timeout=None)
        raw = cache.get(VERSION_KEY) or [fresh.token, fresh.changed_at]
    return _hold(ContentVersion(token=raw[0], changed_at=raw[1]))


def content_version_bump() -> None:
    """Make a new content version now (call after commit, so readers of the new version see the edit)."""
    fresh = _new_version()
    if not cache_is_away():
        cache.set(VERSION_KEY, [fresh.token, fresh.changed_at], timeout=None)
    with _known_lock:
        _known.last = fresh
        if cache_is_away():
            _known.owed = True
    _local.held = None


def content_changed() -> None:
    """Record that the current transaction changes what shoppers see: bump the version after it commits."""
    transaction.on_commit(content_version_bump)


def content_version_forget() -> None:
    """Forget this thread's copy of the version and what the process knew (tests)."""
    _local.held = None
    with _known_lock:
        _known.last = None
        _known.owed = False
