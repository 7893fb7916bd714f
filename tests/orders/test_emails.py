"""Order emails: sent after commit by a task, plain text and HTML, with the order's own signed link."""

import smtplib
from unittest import mock

import pytest
from django.core import mail

from orders.links import order_url
from orders.models import Order
from orders.services import order_fulfil, order_mark_paid
from orders.tasks import order_confirmation_email_task, order_emails_reconcile_task
from tests.shop.test_settings import run_python

pytestmark = pytest.mark.django_db


def test_the_confirmation_goes_out_after_commit_in_text_and_html_with_the_signed_link(
    place_order, django_capture_on_commit_callbacks, settings
):
    settings.LIMBER_SITE_URL = "https://shop.example.com"
    with django_capture_on_commit_callbacks() as callbacks:
        order = place_order()
        assert mail.outbox == []  # nothing is sent inside the transaction

    for callback in callbacks:
        callback()

    (message,) = mail.outbox
    link = f"https://shop.example.com{order_url(order=order)}"
    html, content_type = message.alternatives[0]
    assert message.subject == f"Your Limber order {order.number}"
    assert message.to == ["sam@example.com"]
    assert link in message.body
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
