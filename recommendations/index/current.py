"""The index each process holds, swapped for a newer stored version when one appears.

`index_current()` looks for a newer version with one cache read (or one query
when the cache is not shared) at most once per ``LIMBER_INDEX_CHECK_SECONDS``;
a request never scans the catalogue.
"""

import threading
import time
from dataclasses import dataclass

from django.conf import settings

from recommendations.engine.types import KnowledgeIndex
from recommendations.index.build import index_build, index_rebuild
from recommendations.index.store import IndexBusy, index_fetch, latest_version
from shop.memory import long_lived_settle


@dataclass
class _Held:
    index: KnowledgeIndex | None = None
    checked_at: float = float("-inf")


_held = _Held()
_load_lock = threading.Lock()


def _fresh(held: _Held) -> bool:
    return held.index is not None and time.monotonic() - held.checked_at < settings.LIMBER_INDEX_CHECK_SECONDS


def index_hold(index: KnowledgeIndex) -> None:
    """Serve this index from this process until a newer version is stored."""
    _held.index = index
    _held.checked_at = time.monotonic()


def index_current() -> KnowledgeIndex:
    """Return the newest index, checking for a newer version at most once per check interval."""
    if _fresh(_held):
        return _held.index
    with _load_lock:
        if _fresh(_held):
            return _held.index
        version = latest_version()
        held = _held.index
        if held is not None and held.version == version:
            _held.checked_at = time.monotonic()
            return held
        index = index_fetch(version) if version else None
        if index is None:
            # Nothing readable stored (a fresh database, or a new format after a deploy):
            # build one now so the first shopper is served.
            try:
                index = index_rebuild(force=True)
            except IndexBusy:
                index = None
            if index is None:
                index, _figures = index_build()
        index_hold(index)
    long_lived_settle("loading index " + index.version)
    return index


def index_forget() -> None:
    """Drop this process's held index (tests, and after restoring a database)."""
    _held.index = None
    _held.checked_at = float("-inf")
