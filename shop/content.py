"""The content version: one token that changes after every committed edit a shopper could see.

Cached anonymous reads put it in their keys, so an edit makes every older entry unreachable at
once instead of deleting keys one by one. It lives in the shared cache (Redis in production);
each process remembers it for at most ``LIMBER_CONTENT_CHECK_SECONDS``.
"""

import secrets
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "content-version"


@dataclass(frozen=True)
class ContentVersion:
    """A content version: an opaque token and when it was made (whole seconds since the epoch)."""

    token: str
    changed_at: int


_local = threading.local()


def _new_version() -> ContentVersion:
    return ContentVersion(token=secrets.token_hex(8), changed_at=int(time.time()))


def content_version() -> ContentVersion:
    """Return the current content version, read from the shared cache at most once per check interval."""
    now = time.monotonic()
    held = getattr(_local, "held", None)
    if held is not None and now - held[1] < settings.LIMBER_CONTENT_CHECK_SECONDS:
        return held[0]
    raw = cache.get(VERSION_KEY)
    if raw is None:
        # First use, or the cache was emptied: a new version, so nothing older can be served.
        fresh = _new_version()
        cache.add(VERSION_KEY, [fresh.token, fresh.changed_at], timeout=None)
        raw = cache.get(VERSION_KEY) or [fresh.token, fresh.changed_at]
    version = ContentVersion(token=raw[0], changed_at=raw[1])
    _local.held = (version, now)
    return version


def content_version_bump() -> None:
    """Make a new content version now (call after commit, so readers of the new version see the edit)."""
    fresh = _new_version()
    cache.set(VERSION_KEY, [fresh.token, fresh.changed_at], timeout=None)
    _local.held = None


def content_changed() -> None:
    """Record that the current transaction changes what shoppers see: bump the version after it commits."""
    transaction.on_commit(content_version_bump)


def content_version_forget() -> None:
    """Forget this thread's copy of the version (tests)."""
    _local.held = None
