"""Put a task on the queue from a request: fail fast, and log and count what could not be queued.

A request must never wait long on the broker. While the Redis circuit is open (shop.breaker) and
the broker is Redis, nothing is tried at all; otherwise one publish is made with short connect and
read timeouts and no retry. A failure is logged each time, naming what was not queued, and
counted per kind for staff (`EnqueueFailure` in the admin). Nothing is lost: the database already
records what is owed (a requested index generation, an order email not yet sent), and the worker's
catch-up at start and reconnection, and beat's reconciles, run it when the broker is back.
"""

import logging

from celery import Task
from django.conf import settings
from django.db import DatabaseError
from django.db.models import F
from django.utils import timezone

from shop.breaker import redis_breaker
from shop.celery import app
from shop.models import EnqueueFailure

logger = logging.getLogger(__name__)


def broker_is_redis() -> bool:
    """Whether the Celery broker is Redis, so that the Redis circuit speaks for it too."""
    return str(app.conf.broker_url or "").startswith(("redis://", "rediss://", "redis+socket://"))


def _fast_transport_options() -> dict:
    timeout = settings.LIMBER_ENQUEUE_TIMEOUT
    return {"socket_connect_timeout": timeout, "socket_timeout": timeout, "max_retries": 0}


def task_enqueue(
    task: Task, *, args: tuple = (), kwargs: dict | None = None, countdown: float | None = None, about: str = ""
) -> bool:
    """Queue `task` without making the caller wait; return False (logged, counted) when it could not be.

    `about` says what could not be queued in the log line (e.g. "an index rebuild"); the task's name if empty.
    """
    if app.conf.task_always_eager:
        try:
            task.apply_async(args, kwargs, countdown=countdown)
        except Exception:  # the caller's edit stands; the in-process task's failure is logged
            logger.exception("%s failed in-process.", task.name)
        return True
    guarded = broker_is_redis()
    if guarded and not redis_breaker.allow():
        enqueue_failure_record(task.name, "Redis is unavailable; not tried while the circuit is open", about=about)
        return False
    try:
        with app.connection_for_write(
            connect_timeout=settings.LIMBER_ENQUEUE_TIMEOUT, transport_options=_fast_transport_options()
        ) as connection:
            task.apply_async(args, kwargs, countdown=countdown, connection=connection, retry=False)
    except Exception as exc:  # any broker failure must not fail the request
        if guarded:
            redis_breaker.failed(exc)
        enqueue_failure_record(task.name, str(exc) or type(exc).__name__, about=about)
        return False
    if guarded:
        redis_breaker.succeeded()
    return True


def enqueue_failure_record(kind: str, error: str, *, about: str = "") -> None:
    """Log that a task of `kind` could not be queued and count it for staff."""
    logger.warning("Could not enqueue %s (%s); it runs when the broker is back.", about or kind, error)
    values = {"count": F("count") + 1, "last_failed_at": timezone.now(), "last_error": error[:300]}
    try:
        if not EnqueueFailure.objects.filter(kind=kind).update(**values):
            EnqueueFailure.objects.get_or_create(kind=kind)
            EnqueueFailure.objects.filter(kind=kind).update(**values)
    except DatabaseError:
        logger.exception("Could not count the failure to enqueue %s.", kind)
