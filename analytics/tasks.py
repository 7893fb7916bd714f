"""Periodic tasks of shopper analytics; each calls one service."""

from celery import shared_task

from analytics.aggregation import signals_aggregate
from analytics.services import events_flush


@shared_task(ignore_result=True)
def events_flush_task():
    """Move shopper events and symptom-check records from the Redis stream into the database."""
    events_flush()


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def signals_aggregate_task():
    """Aggregate shopper events into statistics, popularity and viewed-together pairs."""
    events_flush()
    signals_aggregate()
