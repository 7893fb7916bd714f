"""The content version: one token that changes after every committed edit a shopper could see.

Cached anonymous reads put it in their keys, so an edit makes every older entry unreachable at
once instead of deleting keys one by one. It lives in the shared cache (Redis in production);
each process remembers it for at most ``LIMBER_CONTENT_CHECK_SECONDS``.

An edit is counted in the database, in the edit's own transaction (`ContentState`), so it cannot be
lost with Redis or with the process that made it. A process that finds the shared version behind
that count (the edit was made while Redis was away, by any process, even one since reloaded) moves
the version on: the next token is derived from the last one and the count, so processes that do so
at once agree on it. The count is read at most once per check interval per process, a one-row query.

While Redis is away a process keeps the last version it knew, so keys and ETags stay the same
and its local copies of reads stay useful; an edit counted meanwhile moves its own copy on at once.
"""

import hashlib
import logging
import secrets
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from shop.cache import cache_is_away, cache_is_shared, log_outage, log_recovery
from shop.models import ContentState

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
NO_COUNT = -1  # the generation of a version made without reading the database's count


@dataclass(frozen=True)
class ContentVersion:
    """A content version: an opaque token, when it was made (seconds since the epoch), the edits it includes."""

    token: str
    changed_at: int
    generation: int = NO_COUNT


@dataclass
class _Known:
    """What this process knows across threads: the last version it read, and the database's count."""

    last: ContentVersion | None = None
    counted: int | None = None
    counted_at: float = float("-inf")


_local = threading.local()
_known = _Known()
_known_lock = threading.Lock()


def _new_version(generation: int = NO_COUNT) -> ContentVersion:
    return ContentVersion(token=secrets.token_hex(8), changed_at=int(time.time()), generation=generation)


def _successor(previous: ContentVersion | None, generation: int) -> ContentVersion:
    """The version after `previous` that includes `generation` edits: the same in every process."""
    seed = f"{previous.token if previous else ''}\x1f{generation}".encode()
    token = hashlib.sha256(seed).hexdigest()[:16]
    return ContentVersion(token=token, changed_at=int(time.time()), generation=generation)


def _hold(version: ContentVersion) -> ContentVersion:
    _local.held = (version, time.monotonic())
    with _known_lock:
        _known.last = version
    return version


def _decode(raw: object) -> ContentVersion | None:
    if not isinstance(raw, list | tuple) or len(raw) < 2:
        return None
    generation = raw[2] if len(raw) > 2 and isinstance(raw[2], int) else NO_COUNT
    return ContentVersion(token=raw[0], changed_at=raw[1], generation=generation)


def _encode(version: ContentVersion) -> list:
    return [version.token, version.changed_at, version.generation]


def content_generation(*, fresh: bool = False) -> int | None:
    """Return how many edits the database has counted, read at most once per check interval per process.

    None when the cache is not shared (one process: nothing to reconcile) or the database has never
    answered this process; the last count read while the database is away.
    """
    if not cache_is_shared():
        return None
    now = time.monotonic()
    if not fresh and now - _known.counted_at < settings.LIMBER_CONTENT_CHECK_SECONDS:
        return _known.counted
    try:
        counted = ContentState.objects.filter(pk=1).values_list("generation", flat=True).first() or 0
    except DatabaseError as exc:
        log_outage(logger, "content count", "Could not read the content count (%s); keeping the last one read.", exc)
        _known.counted_at = now  # ask again after the check interval, not on every read
        return _known.counted
    log_recovery(logger, "content count")
    with _known_lock:
        _known.counted = counted
        _known.counted_at = now
    return counted


def _last_known(generation: int | None) -> ContentVersion:
    """The version to use while Redis is away: the last one known, moved on by any edit counted since."""
    with _known_lock:
        if _known.last is None:
            _known.last = _new_version()
        if generation is not None and _known.last.generation != generation:
            _known.last = _successor(_known.last, generation)
        version = _known.last
    _local.held = (version, time.monotonic())
    return version


def content_version() -> ContentVersion:
    """Return the current content version, read from the shared cache at most once per check interval."""
    held = getattr(_local, "held", None)
    if held is not None and time.monotonic() - held[1] < settings.LIMBER_CONTENT_CHECK_SECONDS:
        return held[0]
    generation = content_generation()
    if cache_is_away():
        return _last_known(generation)
    raw = cache.get(VERSION_KEY)
    if raw is None and cache_is_away():  # the read failed, not a miss
        return _last_known(generation)
    shared = _decode(raw)
    if generation is None:
        if shared is None:
            # First use, or the cache was emptied: a new version, so nothing older can be served.
            fresh = _new_version()
            cache.add(VERSION_KEY, _encode(fresh), timeout=None)
            shared = _decode(cache.get(VERSION_KEY)) or fresh
        return _hold(shared)
    if shared is not None and shared.generation > generation:
        generation = content_generation(fresh=True)  # this process's count may be a moment old
    if shared is None or shared.generation != generation:
        # First use, the cache emptied, or edits Redis missed (made while it was away): move on.
        shared = _successor(shared, generation)
        cache.set(VERSION_KEY, _encode(shared), timeout=None)
        if cache_is_away():
            return _last_known(generation)
    return _hold(shared)


def content_version_bump() -> None:
    """Move the content version on now (call after commit, so readers of the new version see the edit)."""
    _local.held = None
    if content_generation(fresh=True) is not None:
        content_version()  # finds the shared version behind the database's count and moves it on
        return
    fresh = _new_version()
    if not cache_is_away():
        cache.set(VERSION_KEY, _encode(fresh), timeout=None)
    with _known_lock:
        _known.last = fresh


def content_state_bump() -> None:
    """Count one edit in the database, in the current transaction."""
    values = {"generation": F("generation") + 1, "changed_at": timezone.now()}
    if not ContentState.objects.filter(pk=1).update(**values):
        ContentState.objects.get_or_create(pk=1)
        ContentState.objects.filter(pk=1).update(**values)


def content_changed() -> None:
    """Record that the current transaction changes what shoppers see: count it, bump the version after commit."""
    content_state_bump()
    transaction.on_commit(content_version_bump)


def content_version_forget() -> None:
    """Forget this thread's copy of the version and what the process knew (tests, and a reload)."""
    _local.held = None
    with _known_lock:
        _known.last = None
        _known.counted = None
        _known.counted_at = float("-inf")
