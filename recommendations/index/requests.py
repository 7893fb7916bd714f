"""Ask for an index rebuild: counted in the editing transaction, enqueued once after commit, debounced."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from recommendations.index.store import PENDING_KEY
from recommendations.models import IndexState
from recommendations.tasks import index_rebuild_task
from shop.breaker import redis_available
from shop.cache import cache_is_shared
from shop.content import content_changed
from shop.enqueue import task_enqueue


def index_rebuild_request() -> None:
    """Record, in the current transaction, that the index must be rebuilt; enqueue after commit."""
    updated = IndexState.objects.filter(pk=1).update(requested_generation=F("requested_generation") + 1)
    if not updated:
        IndexState.objects.get_or_create(pk=1, defaults={"requested_generation": 1})
    # Each changed row registers a callback; after the first, they find a rebuild pending and return.
    transaction.on_commit(index_rebuild_enqueue)
    # Whatever the index is built from also shows on cached pages and API reads.
    content_changed()


def index_rebuild_enqueue() -> None:
    """Enqueue one debounced rebuild: later requests inside the window ride along with it.

    If the broker is away the edit still stands: `task_enqueue` logs and counts it, and the
    requested generation already recorded makes the reconcile rebuild when the broker is back.
    """
    debounce = settings.LIMBER_INDEX_DEBOUNCE_SECONDS
    added = cache.add(PENDING_KEY, 1, timeout=max(debounce * 5, 5))
    if not added and cache_is_shared() and redis_available():
        return  # a rebuild is already queued for this window
    if not task_enqueue(index_rebuild_task, countdown=debounce, about="an index rebuild"):
        cache.delete(PENDING_KEY)
