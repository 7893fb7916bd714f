"""Where compiled indexes live: a typed JSON format, snapshots in the database and Redis, generations.

The payload is JSON decoded into the engine's own dataclasses (msgspec), never
pickled: whoever can write to Redis or the snapshot table can at worst make a
rebuild happen, not run code. A snapshot written by an older format is treated
as absent, so a deploy that changes the format rebuilds instead of failing.
"""

import logging
import threading
import zlib
from contextlib import contextmanager
from datetime import UTC, datetime

import msgspec
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.utils import timezone

from recommendations.engine.types import KnowledgeIndex
from recommendations.models import IndexSnapshot, IndexState
from shop.cache import cache_is_shared

logger = logging.getLogger(__name__)

# Bump when KnowledgeIndex or anything inside it changes shape.
FORMAT = 11
VERSION_KEY = f"recommendations:index:f{FORMAT}:version"
PAYLOAD_KEY = f"recommendations:index:f{FORMAT}:payload:{{version}}"
PAYLOAD_SECONDS = 24 * 3600
# Set while a debounced rebuild is queued; edits inside the window ride along with it.
PENDING_KEY = "recommendations:index:rebuild-pending"
KEEP_SNAPSHOTS = 5
ADVISORY_LOCK_ID = 7_324_001  # any constant unique to this lock

_decoder = msgspec.json.Decoder(KnowledgeIndex)
_build_lock = threading.Lock()


class IndexBusy(RuntimeError):
    """Another process is rebuilding the index right now."""


def index_encode(index: KnowledgeIndex) -> bytes:
    """Return an index as compressed JSON."""
    return zlib.compress(msgspec.json.encode(index), 1)


def index_decode(payload: bytes) -> KnowledgeIndex | None:
    """Return the index in a payload, or None when it is unreadable (corrupt, or another format)."""
    try:
        return _decoder.decode(zlib.decompress(payload))
    except (zlib.error, msgspec.DecodeError, msgspec.ValidationError) as exc:
        logger.warning("Ignoring an unreadable stored index (%s); a rebuild will replace it.", exc)
        return None


def index_publish(index: KnowledgeIndex, *, generation: int, figures: dict) -> IndexSnapshot:
    """Store an index in the database and the shared cache; keep the newest few snapshots."""
    payload = index_encode(index)
    snapshot = IndexSnapshot.objects.create(
        version=index.version,
        format=FORMAT,
        generation=generation,
        build_seconds=figures.get("seconds", 0),
        product_count=figures.get("products", 0),
        condition_count=figures.get("conditions", 0),
        size_bytes=len(payload),
        payload=payload,
    )
    IndexState.objects.filter(pk=1).update(build_count=F("build_count") + 1)
    stale = IndexSnapshot.objects.order_by("-pk").values_list("pk", flat=True)[KEEP_SNAPSHOTS:]
    IndexSnapshot.objects.filter(pk__in=list(stale)).delete()
    if cache_is_shared():
        cache.set(PAYLOAD_KEY.format(version=index.version), payload, timeout=PAYLOAD_SECONDS)
        cache.set(VERSION_KEY, index.version, timeout=None)
    return snapshot


def version_words(version: str) -> str:
    """Say when an index version was built, as staff read a date: “25 Nov 2026, 20:50”."""
    try:
        built = datetime.strptime(version.split("-")[0], "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
    except ValueError:
        return version
    return f"{timezone.localtime(built):%d %b %Y, %H:%M}"


def latest_version() -> str | None:
    """Return the version of the newest readable snapshot: one cache read, or one query."""
    if cache_is_shared():
        version = cache.get(VERSION_KEY)
        if version:
            return version
    version = IndexSnapshot.objects.filter(format=FORMAT).order_by("-pk").values_list("version", flat=True).first()
    if version and cache_is_shared():
        cache.set(VERSION_KEY, version, timeout=None)
    return version


def index_fetch(version: str) -> KnowledgeIndex | None:
    """Return a stored index by version, from the cache or the database; None when missing or unreadable."""
    key = PAYLOAD_KEY.format(version=version)
    payload = cache.get(key) if cache_is_shared() else None
    if payload is None:
        payload = IndexSnapshot.objects.filter(version=version, format=FORMAT).values_list("payload", flat=True).first()
        if payload is None:
            return None
        payload = bytes(payload)
        if cache_is_shared():
            cache.set(key, payload, timeout=PAYLOAD_SECONDS)
    return index_decode(payload)


@contextmanager
def rebuild_lock():
    """Hold the one rebuild lock: a PostgreSQL advisory lock (freed if the holder dies), else a thread lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_ID])
            acquired = cursor.fetchone()[0]
        if not acquired:
            raise IndexBusy("another process holds the index rebuild lock")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_ID])
        return
    if not _build_lock.acquire(blocking=False):
        raise IndexBusy("another thread is rebuilding the index")
    try:
        yield
    finally:
        _build_lock.release()


def requested_generation() -> int:
    """Return how many rebuilds have been requested so far."""
    state, _ = IndexState.objects.get_or_create(pk=1)
    return state.requested_generation


def built_generation() -> int:
    """Return the generation of the newest readable snapshot, -1 when there is none."""
    latest = IndexSnapshot.objects.filter(format=FORMAT).order_by("-pk").values_list("generation", flat=True).first()
    return -1 if latest is None else latest
