"""Celery tasks of the orders app; each takes ids and calls one service."""

import smtplib

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from analytics.services import bought_pairs_replace
from orders.emails import CONFIRMATION, FEEDBACK, LINK, REMINDER, SHIPPED, order_email_send, order_emails_unsent
from orders.holds import orders_holds_expire
from orders.selectors import bought_together_pairs, orders_feedback_due, orders_reminder_due

RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError),
    "retry_backoff": 10,
    "retry_backoff_max": settings.LIMBER_TASK_RETRY_MAX_SECONDS,  # below the broker's visibility timeout
    "max_retries": 8,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "ignore_result": True,
}


@shared_task(**RETRY)
def order_confirmation_email_task(order_id: int) -> None:
    """Email the shopper that their order is placed, with its link and how to pay."""
    order_email_send(order_id=order_id, kind=CONFIRMATION)


@shared_task(**RETRY)
def order_reminder_email_task(order_id: int) -> None:
    """Remind the shopper that their unpaid order is cancelled when its hold ends."""
    order_email_send(order_id=order_id, kind=REMINDER)


@shared_task(**RETRY)
def order_link_email_task(order_id: int) -> None:
    """Email the shopper a fresh link to their order (they asked for one)."""
    order_email_send(order_id=order_id, kind=LINK)


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def order_holds_task() -> None:
    """Cancel unpaid orders whose hold has ended (their stock goes back once), then enqueue reminders due."""
    now = timezone.now()
    orders_holds_expire(now=now)
    for order_id in orders_reminder_due(now=now):
        order_reminder_email_task.delay(order_id)


@shared_task(**RETRY)
def order_shipped_email_task(order_id: int) -> None:
    """Email the shopper that their parcel has left."""
    order_email_send(order_id=order_id, kind=SHIPPED)


@shared_task(**RETRY)
def order_feedback_email_task(order_id: int) -> None:
    """Email the shopper one link that asks, per product, whether it helped."""
    order_email_send(order_id=order_id, kind=FEEDBACK)


@shared_task(ignore_result=True)
def order_feedback_requests_task() -> None:
    """Enqueue the "did it help?" email of every order now due one (the email itself goes out once)."""
    for order_id in orders_feedback_due():
        order_feedback_email_task.delay(order_id)


@shared_task(ignore_result=True)
def order_emails_reconcile_task() -> None:
    """Enqueue order emails an outage left unsent."""
    tasks = {CONFIRMATION: order_confirmation_email_task, SHIPPED: order_shipped_email_task}
    for order_id, kind in order_emails_unsent():
        tasks[kind].delay(order_id)


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def bought_together_refresh_task() -> None:
    """Recount which products are bought together, for related products."""
    bought_pairs_replace(pairs=bought_together_pairs())
