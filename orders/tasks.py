"""Celery tasks of the orders app; each takes ids and calls one service."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from analytics.services import bought_pairs_replace
from orders.holds import orders_holds_expire
from orders.idempotency import order_requests_forget
from orders.models import MessageKind, Order
from orders.outbox import outbox_dispatch, outbox_messages_add
from orders.selectors import bought_together_pairs, orders_feedback_due, orders_reminder_due

logger = logging.getLogger(__name__)


@shared_task(
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=30,
    max_retries=5,
)
def outbox_dispatch_task() -> None:
    """Send the order emails owed now, oldest first; queued after each commit that owes one, by beat and at start."""
    done = outbox_dispatch()
    if done.sent or done.retrying or done.failed:
        logger.info("Order emails: %s", done)
    if done.more:
        outbox_dispatch_task.delay()  # a backlog: go on at once rather than at beat's next run


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def order_holds_task() -> None:
    """Cancel unpaid orders whose hold has ended (their stock goes back once), then owe the reminders due."""
    now = timezone.now()
    orders_holds_expire(now=now)
    _owe(orders_reminder_due(now=now), MessageKind.REMINDER)


@shared_task(ignore_result=True)
def order_feedback_requests_task() -> None:
    """Owe the "did it help?" email of every order now due one (each order gets it once)."""
    _owe(orders_feedback_due(), MessageKind.FEEDBACK)


def _owe(order_ids: list[int], kind: str) -> None:
    if order_ids:
        outbox_messages_add(orders=Order.objects.filter(pk__in=order_ids).only("pk", "email"), kind=kind)
        outbox_dispatch_task.delay()


@shared_task(ignore_result=True)
def order_requests_forget_task() -> None:
    """Forget order request keys past their time (LIMBER_IDEMPOTENCY_KEY_HOURS)."""
    order_requests_forget()


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def bought_together_refresh_task() -> None:
    """Recount which products are bought together, for related products."""
    bought_pairs_replace(pairs=bought_together_pairs())
