"""The compiled recommendation index.

Compiled from the database by `index_rebuild()` (in a Celery task, after commit,
debounced), stored versioned in the database and in Redis, and held in each web
process. `index_current()` notices a newer version with one cache read (or one
query when the cache is not shared), at most once per
``LIMBER_INDEX_CHECK_SECONDS``; a request never scans the catalogue.
"""

import logging
import pickle
import secrets
import threading
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from recommendations.engine.policy import DEFAULT_POLICY, ScoringPolicy
from recommendations.engine.ranking import Catalogue, rank_condition
from recommendations.engine.types import PHASE_LABELS, ConditionRanking, KnowledgeIndex, ProductInfo
from recommendations.models import IndexSnapshot, IndexState
from recommendations.selectors import condition_infos, product_infos, question_infos, symptom_names

logger = logging.getLogger(__name__)

VERSION_KEY = "recommendations:index:version"
PAYLOAD_KEY = "recommendations:index:payload:{version}"
PENDING_KEY = "recommendations:index:rebuild-pending"
KEEP_SNAPSHOTS = 5
ADVISORY_LOCK_ID = 7_324_001  # any constant unique to this lock


class IndexBusy(RuntimeError):
    """Another process is rebuilding the index right now."""


@dataclass
class _Held:
    index: KnowledgeIndex | None = None
    checked_at: float = float("-inf")


_held = _Held()
_load_lock = threading.Lock()
_build_lock = threading.Lock()
_warned: set[str] = set()


def _warn_once(key: str, message: str, *args) -> None:
    """Log a degraded-service warning once per process until the service is back."""
    if key not in _warned:
        _warned.add(key)
        logger.warning(message, *args)


def _recovered(key: str) -> None:
    if key in _warned:
        _warned.discard(key)
        logger.info("%s is reachable again.", key)


def cache_is_shared() -> bool:
    """Whether every process sees the same cache (Redis), so it can carry the version."""
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


# --- Building -----------------------------------------------------------------


def index_build(*, policy: ScoringPolicy = DEFAULT_POLICY) -> tuple[KnowledgeIndex, dict]:
    """Compile the knowledge base and catalogue into an index; return it with build figures."""
    started = time.perf_counter()
    catalogue = Catalogue(product_infos())
    conditions = tuple(condition_infos())
    rankings = {condition.slug: rank_condition(condition, catalogue, policy=policy) for condition in conditions}
    needed = sorted({item.slug for ranking in rankings.values() for items in ranking.phases.values() for item in items})
    products = {slug: catalogue.products[slug] for slug in needed}
    index = KnowledgeIndex(
        version=f"{timezone.now():%Y%m%dT%H%M%S%f}-{secrets.token_hex(3)}",
        conditions=conditions,
        questions=tuple(question_infos()),
        rankings=rankings,
        products=products,
        symptoms=symptom_names(),
    )
    figures = {
        "products": len(catalogue),
        "conditions": len(conditions),
        "seconds": time.perf_counter() - started,
    }
    return index, figures


def _dump(index: KnowledgeIndex) -> bytes:
    return zlib.compress(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _load_payload(payload: bytes) -> KnowledgeIndex:
    # Only Limber writes these payloads (its own database and Redis), so unpickling them is safe.
    return pickle.loads(zlib.decompress(payload))  # noqa: S301


def index_publish(index: KnowledgeIndex, *, generation: int, figures: dict) -> IndexSnapshot:
    """Store an index in the database and the cache, and hold it in this process."""
    payload = _dump(index)
    snapshot = IndexSnapshot.objects.create(
        version=index.version,
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
        cache.set(PAYLOAD_KEY.format(version=index.version), payload, timeout=24 * 3600)
        cache.set(VERSION_KEY, index.version, timeout=None)
    _hold(index)
    return snapshot


@contextmanager
def _rebuild_lock():
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
    """Return the generation of the newest stored index, -1 when there is none."""
    latest = IndexSnapshot.objects.order_by("-pk").values_list("generation", flat=True).first()
    return -1 if latest is None else latest


def index_rebuild(*, force: bool = False, policy: ScoringPolicy = DEFAULT_POLICY) -> KnowledgeIndex | None:
    """Rebuild the index if it is behind the requested generation (or when forced).

    Safe to call twice or concurrently: one caller builds, the others get IndexBusy.
    Edits that arrive during a build enqueue a rebuild of their own (the pending mark is
    cleared when the task starts), so one build per call is enough.
    Return the new index, or None when it was already fresh.
    """
    with _rebuild_lock():
        generation = requested_generation()
        if not force and built_generation() >= generation:
            return None
        index, figures = index_build(policy=policy)
        index_publish(index, generation=generation, figures=figures)
    logger.info(
        "Recommendation index %s built in %.2fs: %d products, %d conditions.",
        index.version,
        figures["seconds"],
        figures["products"],
        figures["conditions"],
    )
    return index


# --- Requesting a rebuild ---------------------------------------------------------


def index_rebuild_request() -> None:
    """Record, in the current transaction, that the index must be rebuilt; enqueue after commit."""
    updated = IndexState.objects.filter(pk=1).update(requested_generation=F("requested_generation") + 1)
    if not updated:
        IndexState.objects.get_or_create(pk=1, defaults={"requested_generation": 1})
    # Each changed row registers a callback; after the first, they find a rebuild pending
    # (or the index fresh) and return at once.
    transaction.on_commit(_enqueue_rebuild)


def _enqueue_rebuild() -> None:
    """Enqueue one debounced rebuild: later requests inside the window ride along with it."""
    from recommendations.tasks import index_rebuild_task

    debounce = settings.LIMBER_INDEX_DEBOUNCE_SECONDS
    if not cache.add(PENDING_KEY, 1, timeout=max(debounce * 5, 5)) and cache_is_shared():
        return
    try:
        index_rebuild_task.apply_async(countdown=debounce)
        _recovered("Celery broker")
    except Exception as exc:  # any broker failure must not fail the staff edit
        cache.delete(PENDING_KEY)
        _warn_once(
            "Celery broker",
            "Could not enqueue an index rebuild (%s); the periodic reconcile will run it when the broker is back.",
            exc,
        )


# --- Reading ------------------------------------------------------------------------


def _hold(index: KnowledgeIndex) -> None:
    _held.index = index
    _held.checked_at = time.monotonic()


def _latest_version() -> str | None:
    if cache_is_shared():
        version = cache.get(VERSION_KEY)
        if version:
            return version
    version = IndexSnapshot.objects.order_by("-pk").values_list("version", flat=True).first()
    if version and cache_is_shared():
        cache.set(VERSION_KEY, version, timeout=None)
    return version


def _fetch(version: str) -> KnowledgeIndex | None:
    payload = cache.get(PAYLOAD_KEY.format(version=version)) if cache_is_shared() else None
    if payload is None:
        payload = IndexSnapshot.objects.filter(version=version).values_list("payload", flat=True).first()
        if payload is None:
            return None
        payload = bytes(payload)
        if cache_is_shared():
            cache.set(PAYLOAD_KEY.format(version=version), payload, timeout=24 * 3600)
    return _load_payload(payload)


def index_current() -> KnowledgeIndex:
    """Return the newest index, checking for a newer version at most once per check interval."""
    held = _held.index
    now = time.monotonic()
    if held is not None and now - _held.checked_at < settings.LIMBER_INDEX_CHECK_SECONDS:
        return held
    with _load_lock:
        held = _held.index
        if held is not None and time.monotonic() - _held.checked_at < settings.LIMBER_INDEX_CHECK_SECONDS:
            return held
        version = _latest_version()
        if held is not None and held.version == version:
            _held.checked_at = time.monotonic()
            return held
        index = _fetch(version) if version else None
        if index is None:
            # Nothing stored yet (a fresh database): build one now so the first shopper is served.
            try:
                index = index_rebuild(force=True)
            except IndexBusy:
                index = None
            if index is None:
                index, _figures = index_build()
        _hold(index)
        return index


def index_forget() -> None:
    """Drop this process's held index (tests, and after restoring a database)."""
    _held.index = None
    _held.checked_at = float("-inf")


# --- Questions pages ask -------------------------------------------------------------


def condition_ranking_compute(
    *, slug: str, policy: ScoringPolicy = DEFAULT_POLICY
) -> tuple[ConditionRanking, Catalogue]:
    """Rank the whole catalogue for one condition straight from the database (staff previews)."""
    [condition] = condition_infos(slugs=[slug], published_only=False)
    catalogue = Catalogue(product_infos())
    return rank_condition(condition, catalogue, policy=policy), catalogue


def condition_ranking_get(
    *, slug: str, include_unpublished: bool = False
) -> tuple[ConditionRanking, dict[str, ProductInfo]]:
    """Return a condition's ranking and product cards from the index (computed for unpublished ones)."""
    index = index_current()
    ranking = index.rankings.get(slug)
    if ranking is None:
        if not include_unpublished:
            raise LookupError(f"no published condition {slug!r} in the index")
        ranking, catalogue = condition_ranking_compute(slug=slug)
        return ranking, catalogue.products
    return ranking, index.products


def ranked_cards(ranking: ConditionRanking, products: dict[str, ProductInfo], *, per_phase: int) -> dict[str, list]:
    """Return each phase's top products as card data with reasons."""
    return {
        phase: [{"product": products[item.slug], "ranked": item} for item in ranked[:per_phase]]
        for phase, ranked in ranking.phases.items()
    }


def ranking_gaps(ranking: ConditionRanking) -> list[str]:
    """Return the labels of phases with no in-stock product matched to the condition."""
    return [
        PHASE_LABELS[phase]
        for phase, items in ranking.phases.items()
        if not any(item.in_stock and not item.fallback for item in items)
    ]


def conditions_helped(*, product_slug: str) -> list[str]:
    """Return the slugs of conditions whose ranked products include this one (not as a fallback)."""
    return index_current().conditions_by_product.get(product_slug, [])
