"""Ask for an index rebuild: counted in the editing transaction, enqueued once after commit, debounced."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from recommendations.index.store import PENDING_KEY
from recommendations.models import IndexState
from recommendations.tasks import index_rebuild_task
from shop.cache import cache_is_shared, log_outage, log_recovery
from shop.content import content_changed

logger = logging.getLogger(__name__)


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
    """Enqueue one debounced rebuild: later requests inside the window ride along with it."""
    debounce = settings.LIMBER_INDEX_DEBOUNCE_SECONDS
    if not cache.add(PENDING_KEY, 1, timeout=max(debounce * 5, 5)) and cache_is_shared():
        return
    try:
        index_rebuild_task.apply_async(countdown=debounce)
        log_recovery(logger, "Celery broker")
    except Exception as exc:  # any broker failure must not fail the staff edit
        cache.delete(PENDING_KEY)
        log_outage(
            logger,
            "Celery broker",
            "Could not enqueue an index rebuild (%s); the periodic reconcile will run it when the broker is back.",
            exc,
        )
