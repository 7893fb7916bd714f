"""The Celery application: JSON only, time-limited, tasks found in every app; it outlives broker outages.

Workers and beat reconnect to the broker forever (settings: no retry limit, also at start-up).
The worker backs off 1, 2, 3, 4, then 5 s between attempts, so it is back at most about 5 s after
Redis is; beat connects at start-up with the same backoff, and later each send tries afresh.
Celery logs every failed attempt; `OutageLog` lets the first line of an outage through and says
once when it ended.

Catch-up after an outage: the worker notices its own reconnection. `CatchUp`, a consumer bootstep,
starts each time the consumer has a broker connection (at start and after every reconnect) and
queues the reconciles at once: the index rebuild owed (requested generation above built), the
shopper-event flush and the order emails owed (the outbox's dispatcher). Beat also sends the index
reconcile every 5 s (one query comparing two numbers), so edits whose enqueue failed reach the index
within seconds even if the worker never lost its connection (a web process that could not reach a
Redis the worker could), and the outbox's dispatcher every 10 s.
"""

import functools
import logging
import os
import time

import redis
from celery import Celery, bootsteps
from celery.beat import PersistentScheduler
from celery.signals import after_task_publish
from celery.worker.consumer import Consumer
from celery.worker.state import maybe_shutdown

from shop.redis_memory import redis_memory_wait

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")

app = Celery("limber")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The publishing job task sits beside the publishing service it runs (see recommendations/publishing_runs.py).
app.autodiscover_tasks(related_name="publishing_runs")

logger = logging.getLogger("shop.broker")

# Run by the worker on start and on every reconnection: whatever an outage left owed.
CATCH_UP_TASKS = (
    "recommendations.tasks.index_reconcile_task",
    "analytics.tasks.events_flush_task",
    "orders.tasks.outbox_dispatch_task",
)

# What Celery logs for each failed attempt to reach the broker (worker and beat).
OUTAGE_MESSAGES = (
    "Cannot connect to",
    "Connection to broker lost",
    "beat: Connection error",
    "Message Error",
)


class OutageLog(logging.Filter):
    """Pass the first broker error of an outage, drop its repeats, and log once when it is over."""

    def __init__(self):
        super().__init__()
        self.since: float | None = None
        self.dropped = 0

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not any(text in message for text in OUTAGE_MESSAGES):
            return True
        if self.since is None:
            self.since = time.monotonic()
            self.dropped = 0
            return True
        self.dropped += 1
        return False

    def ended(self) -> None:
        """The broker answered again: say so once, with how long it was away."""
        if self.since is None:
            return
        seconds, self.since = time.monotonic() - self.since, None
        logger.warning(
            "Celery broker is reachable again after %.1f s (%d repeated errors not logged).", seconds, self.dropped
        )


outage_log = OutageLog()
for name in ("celery.worker.consumer.consumer", "celery.beat"):
    logging.getLogger(name).addFilter(outage_log)


@after_task_publish.connect(weak=False, dispatch_uid="shop-broker-outage-ended")
def _published(**kwargs) -> None:
    outage_log.ended()  # beat's first successful send after an outage


class BrokerConsumer(Consumer):
    """The worker's consumer, reconnecting with a short backoff (Celery's default grows to 30 s).

    A full Redis (``maxmemory`` reached) refuses the write that takes a task off the queue; Celery
    counts that as unrecoverable and the worker exits. Here it counts as a lost connection: the
    worker backs off until Redis accepts writes again (`shop.redis_memory`), then reconnects and
    consumes as before; what the refused task was owed is reconciled from the database on
    reconnection (`CatchUp`).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.connection_errors = (*self.connection_errors, redis.OutOfMemoryError)

    def ensure_connected(self, conn):
        conn.ensure_connection = functools.partial(
            conn.ensure_connection, interval_start=1, interval_step=1, interval_max=5
        )
        return super().ensure_connected(conn)

    def on_connection_error_after_connected(self, exc):
        """Reconnect even when closing the lost connection fails.

        After a hung Redis, kombu's Redis channel may hold a message it could not acknowledge; on
        the next disconnect, closing the channel tries to put it back through a connection that is
        already gone and raises AttributeError, which Celery treats as unrecoverable and the worker
        exits. The message is redelivered after the visibility timeout anyway, so the failed close
        is logged and the worker goes on reconnecting.
        """
        connection = self.connection
        if connection is not None:
            close = connection.close

            def close_quietly():
                try:
                    close()
                except Exception:
                    logging.getLogger(__name__).warning(
                        "Closing the lost broker connection failed; unacknowledged tasks return after the "
                        "visibility timeout.",
                        exc_info=True,
                    )

            connection.close = close_quietly
        result = super().on_connection_error_after_connected(exc)
        self._memory_wait(exc)
        return result

    def on_connection_error_before_connected(self, exc):
        result = super().on_connection_error_before_connected(exc)
        self._memory_wait(exc)
        return result

    def _memory_wait(self, exc: BaseException) -> None:
        """After a refusal for want of memory, wait until Redis has room instead of retrying at once."""
        if isinstance(exc, redis.OutOfMemoryError):
            redis_memory_wait(self.app.conf.broker_url, stop=maybe_shutdown)


class BrokerScheduler(PersistentScheduler):
    """Beat's scheduler, connecting at start-up with the worker's short backoff."""

    def _ensure_connected(self):
        return self.connection.ensure_connection(
            lambda exc, interval: logging.getLogger("celery.beat").error(
                "beat: Connection error: %s. Trying again in %s seconds...", exc, interval
            ),
            self.app.conf.broker_connection_max_retries,
            interval_start=1,
            interval_step=1,
            interval_max=5,
        )


class CatchUp(bootsteps.StartStopStep):
    """Queue the reconciles each time the worker (re)connects to the broker."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, consumer) -> None:
        outage_log.ended()
        for name in CATCH_UP_TASKS:
            try:
                consumer.app.send_task(name)
            except Exception as exc:  # the broker went away again; the next reconnection retries
                logger.warning("Could not queue %s on reconnection (%s).", name, exc)


app.steps["consumer"].add(CatchUp)
