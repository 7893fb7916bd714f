"""Celery's settings for outages: reconnect forever, log an outage once, redeliver a lost task in minutes."""

import logging

from celery.worker.consumer import Consumer

from shop.celery import CATCH_UP_TASKS, CatchUp, OutageLog, app


def test_workers_and_beat_reconnect_forever_also_at_start_up():
    assert app.conf.broker_connection_max_retries is None
    assert app.conf.broker_connection_retry
    assert app.conf.broker_connection_retry_on_startup
    assert CatchUp in app.steps["consumer"]


def test_a_killed_workers_task_comes_back_in_minutes_and_no_waiting_task_is_redelivered_early():
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    app.autodiscover_tasks(force=True)
    longest_wait = max(getattr(task, "retry_backoff_max", 0) or 0 for task in app.tasks.values())

    assert visibility <= 10 * 60
    assert app.conf.task_time_limit < visibility
    assert longest_wait < visibility


def test_the_catch_up_names_tasks_that_exist():
    app.autodiscover_tasks(force=True)
    assert set(CATCH_UP_TASKS) <= set(app.tasks)


def record(message: str, *args) -> logging.LogRecord:
    return logging.LogRecord("celery.worker.consumer.consumer", logging.ERROR, __file__, 1, message, args, None)


def test_an_outage_is_logged_once_when_it_starts_and_once_when_it_ends(caplog):
    outage = OutageLog()
    caplog.set_level(logging.WARNING, logger="shop.broker")

    passed = [
        outage.filter(record("%s (%r)", "consumer: Connection to broker lost. Trying again", "refused")),
        outage.filter(record("consumer: Cannot connect to %s: %s.", "redis://", "refused")),
        outage.filter(record("consumer: Cannot connect to %s: %s.", "redis://", "refused")),
        outage.filter(record("Task received")),
    ]
    outage.ended()
    outage.ended()

    assert passed == [True, False, False, True]
    assert [r.getMessage() for r in caplog.records if r.name == "shop.broker"] == [
        "Celery broker is reachable again after 0.0 s (2 repeated errors not logged)."
    ]


def test_the_worker_backs_off_at_most_five_seconds_between_attempts():
    from shop.celery import BrokerConsumer

    seen = {}

    class Connection:
        def ensure_connection(self, *args, **kwargs):
            seen.update(kwargs)
            return self

    consumer = BrokerConsumer.__new__(BrokerConsumer)
    consumer.app = app
    consumer.first_connection_attempt = False
    consumer.broker_connection_retry_attempt = 0
    consumer.ensure_connected(Connection())

    assert issubclass(BrokerConsumer, Consumer)
    assert seen["interval_max"] == 5
