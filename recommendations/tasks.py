"""Celery tasks of the recommendation index and of publishing the knowledge base; each calls one service."""

import logging

from celery import shared_task
from django.core.cache import cache
from django.db import DatabaseError

from recommendations.index.build import index_rebuild
from recommendations.index.store import PENDING_KEY, IndexBusy, built_generation, requested_generation

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    max_retries=60,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=30,
)
def index_rebuild_task(self):
    """Rebuild the recommendation index if edits are waiting; retry while another rebuild runs.

    Another rebuild running is expected (a publish rebuilds while the scheduled reconcile runs): the
    requested generation is already recorded, so when retrying is no use (in-process, where a retry
    would run again at once, or after the last retry) this says so in one line and leaves the rest
    to the reconcile, which rebuilds while the index is behind.
    """
    cache.delete(PENDING_KEY)  # edits from now on enqueue a fresh rebuild
    try:
        index_rebuild()
    except IndexBusy as exc:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            logger.info("Recommendation index: another rebuild is running (%s); the reconcile catches up.", exc)
            return
        raise self.retry(countdown=2, exc=exc) from exc


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def index_reconcile_task():
    """Rebuild when the stored index is behind the requested generation (a missed or lost rebuild)."""
    if built_generation() < requested_generation():
        logger.info("Recommendation index is behind; rebuilding.")
        index_rebuild_task.delay()
