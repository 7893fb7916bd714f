"""Order emails: sent after commit by a task, plain text and HTML, with the order's own signed link."""

import re
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from orders.links import order_url
from orders.models import Order
from orders.services import order_fulfil, order_mark_paid
from orders.tasks import (
    order_confirmation_email_task,
    order_emails_reconcile_task,
    order_feedback_email_task,
    order_holds_task,
    order_reminder_email_task,
)
from tests.shop.test_settings import run_python

pytestmark = pytest.mark.django_db


def emailed_link(body: str) -> str:
    """The order link in an email's text."""
    return re.search(r"https?://\S+/orders/[A-Z0-9-]+/\?t=\S+", body)[0]


def test_the_confirmation_goes_out_after_commit_in_text_and_html_with_the_signed_link(
    client, place_order, django_capture_on_commit_callbacks, settings
):
    settings.LIMBER_SITE_URL = "https://shop.example.com"
    with django_capture_on_commit_callbacks() as callbacks:
        order = place_order()
        assert mail.outbox == []  # nothing is sent inside the transaction

    for callback in callbacks:
        callback()

    (message,) = mail.outbox
    link = emailed_link(message.body)
    html, content_type = message.alternatives[0]
    assert message.subject == f"Your Limber order {order.number}"
    assert message.to == ["sam@example.com"]
    assert link.startswith(f"https://shop.example.com/orders/{order.number}/?t=")
    assert client.get(link.removeprefix("https://shop.example.com")).status_code == 200
    assert "Please transfer $24.95" in message.body
    assert content_type == "text/html"
    assert link.replace("&", "&amp;") in html or link in html
    assert Order.objects.get(pk=order.pk).confirmation_sent_at is not None


def test_a_confirmation_is_sent_once_even_if_the_task_runs_twice(place_order):
    order = place_order()

    order_confirmation_email_task.delay(order.pk)
    order_confirmation_email_task.delay(order.pk)

    assert len(mail.outbox) == 1


def test_the_shipped_email_goes_out_when_staff_fulfil(place_order, django_capture_on_commit_callbacks):
    order = place_order()
    order_mark_paid(order=order)

    with django_capture_on_commit_callbacks(execute=True):
        order_fulfil(order=order)

    assert [message.subject for message in mail.outbox] == [f"Your Limber order {order.number} is on its way"]
    assert "is on its way" in mail.outbox[0].alternatives[0][0]


def test_a_mail_server_failure_is_retried_and_then_delivered(place_order):
    order = place_order()
    real_send = mail.EmailMultiAlternatives.send
    attempts = []

    def flaky(self, *args, **kwargs):
        attempts.append(1)
        if len(attempts) == 1:
            raise smtplib.SMTPServerDisconnected("try again")
        return real_send(self, *args, **kwargs)

    with mock.patch.object(mail.EmailMultiAlternatives, "send", flaky):
        # As a worker would: the first attempt fails, the task schedules a retry, which delivers.
        order_confirmation_email_task.apply(args=[order.pk], throw=False)

    assert len(attempts) == 2
    assert len(mail.outbox) == 1


def test_a_task_for_a_deleted_order_does_nothing(place_order):
    order = place_order()
    order_id = order.pk
    order.delete()

    order_confirmation_email_task.delay(order_id)

    assert mail.outbox == []


def test_the_reconcile_task_sends_confirmations_an_outage_left_behind(place_order):
    order = place_order()
    Order.objects.filter(pk=order.pk).update(created_at=order.created_at.replace(year=order.created_at.year - 1))

    order_emails_reconcile_task.delay()

    assert [message.to for message in mail.outbox] == [["sam@example.com"]]


def test_email_prints_to_the_console_by_default_and_goes_by_smtp_with_email_url():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)"
    )

    default = run_python(code, DJANGO_DEBUG="true", DJANGO_SETTINGS_MODULE="shop.settings")
    smtp = run_python(
        code,
        DJANGO_DEBUG="true",
        DJANGO_SETTINGS_MODULE="shop.settings",
        EMAIL_URL="smtp+tls://orders:secret@smtp.example.com:587",
    )

    assert default.stdout.split()[0] == "django.core.mail.backends.console.EmailBackend", default.stderr
    assert smtp.stdout.split() == ["django.core.mail.backends.smtp.EmailBackend", "smtp.example.com", "587", "True"]


CALLER_TEXT = {
    "name": "Win a prize at evil.example",
    "line1": "Call +1 555 0100 now",
    "line2": "<a href=https://evil.example>claim</a>",
    "city": "Phishville",
    "postcode": "PAY-ME",
}


def every_email_of(order, django_capture_on_commit_callbacks) -> list:
    """Confirmation, payment reminder, shipped notice and "did it help?" of one order, as the shopper gets them."""
    order_reminder_email_task.delay(order.pk)
    order_mark_paid(order=order)
    with django_capture_on_commit_callbacks(execute=True):
        order_fulfil(order=order)
    Order.objects.filter(pk=order.pk).update(fulfilled_at=timezone.now() - timedelta(days=20))
    order_feedback_email_task.delay(order.pk)
    return list(mail.outbox)


def test_order_emails_carry_none_of_the_text_the_caller_typed(place_order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(email="someone.else@example.com", **CALLER_TEXT)

    messages = every_email_of(order, django_capture_on_commit_callbacks)

    assert [message.subject.split(order.number)[0] for message in messages] == [
        "Your Limber order ",
        "Your Limber order ",
        "Your Limber order ",
        "Did your Limber order ",
    ]
    for message in messages:
        for part in (message.subject, message.body, message.alternatives[0][0]):
            assert order.number in part
            for typed in CALLER_TEXT.values():
                assert typed.lower() not in part.lower(), (message.subject, typed)
            assert "evil.example" not in part


def test_a_payment_reminder_goes_out_once_before_an_invoice_hold_ends(place_order):
    invoice = place_order()
    fresh = place_order()
    Order.objects.filter(pk=invoice.pk).update(hold_expires_at=timezone.now() + timedelta(days=2))

    order_holds_task.delay()
    order_holds_task.delay()

    (reminder,) = [message for message in mail.outbox if "waiting for payment" in message.subject]
    assert reminder.subject == f"Your Limber order {invoice.number} is waiting for payment"
    held = timezone.localtime(Order.objects.get(pk=invoice.pk).hold_expires_at)
    assert f"holding its products for you until {held:%-d %B %Y, %H:%M}" in reminder.body
    assert "Please transfer $24.95" in reminder.body
    assert Order.objects.get(pk=fresh.pk).reminder_sent_at is None


def test_no_reminder_for_an_order_paid_meanwhile(place_order):
    order = place_order()
    Order.objects.filter(pk=order.pk).update(hold_expires_at=timezone.now() + timedelta(days=1))
    order_mark_paid(order=order)

    order_holds_task.delay()
    order_reminder_email_task.delay(order.pk)

    assert [message for message in mail.outbox if "waiting for payment" in message.subject] == []


def test_confirmations_to_one_address_stop_at_its_limit_and_the_order_page_says_so(
    client, place_order, settings, django_capture_on_commit_callbacks
):
    settings.LIMBER_ORDER_EMAILS_PER_ADDRESS = "2/hour"
    with django_capture_on_commit_callbacks(execute=True):
        orders = [place_order(email=email) for email in ("sam@example.com", "Sam+2@Example.com", "sam@example.com")]
    Order.objects.update(created_at=timezone.now() - timedelta(hours=1))

    order_emails_reconcile_task.delay()  # a withheld confirmation is not "owed"
    page = client.get(emailed_link_path(orders[2]))

    assert len(mail.outbox) == 2
    assert [order.confirmation_withheld_at is not None for order in orders] == [False, False, True]
    assert page.status_code == 200
    assert "We did not email a confirmation of this order" in page.text


def emailed_link_path(order) -> str:
    return order_url(order=order)
