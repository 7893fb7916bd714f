"""The outbox's dispatcher against a real SMTP conversation (a sink of the test's own): oldest first, once per
lease, backing off through passing failures and giving up on a refused address, where staff see it."""

from datetime import timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import OperationalError
from django.utils import timezone

from orders.models import MessageKind, MessageState, OutboxMessage
from orders.outbox import outbox_claim, outbox_dispatch
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders(place_order):
    """Three orders placed a minute apart, oldest first, their confirmations still owed."""

    def make(*emails):
        placed = [place_order(ProductFactory(stock_quantity=5), email=email) for email in emails]
        for minutes, order in zip(range(len(placed), 0, -1), placed, strict=True):
            OutboxMessage.objects.filter(order=order).update(created_at=timezone.now() - timedelta(minutes=minutes))
        return placed

    return make


def confirmation(order) -> OutboxMessage:
    return OutboxMessage.objects.get(order=order, kind=MessageKind.CONFIRMATION)


def time_passes(**delta) -> None:
    """Move every waiting message's next attempt back, as if that much time had gone by."""
    for message in OutboxMessage.objects.all():
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.next_attempt_at - timedelta(**delta))


def test_owed_emails_go_out_oldest_first_each_with_its_own_stable_message_id(smtp_sending, orders):
    placed = orders("first@example.com", "second@example.com", "third@example.com")

    done = outbox_dispatch()

    assert done.sent == 3
    assert [message.recipients for message in smtp_sending.messages] == [
        ("first@example.com",),
        ("second@example.com",),
        ("third@example.com",),
    ]
    assert [message.message_id for message in smtp_sending.messages] == [
        confirmation(order).message_id for order in placed
    ]
    assert smtp_sending.messages[0].subject == f"Your Limber order {placed[0].number}"
    assert smtp_sending.connections == 1  # one connection for the run


def test_while_the_mail_server_is_away_each_run_tries_one_email_which_backs_off_then_all_go_out(smtp_sending, orders):
    first, second, third = orders("first@example.com", "second@example.com", "third@example.com")
    smtp_sending.down = True

    done = outbox_dispatch()  # one try, then the run stops: the server is away, not this email
    tried_once = [confirmation(order).attempts for order in (first, second, third)]
    again = outbox_dispatch()  # beat's next run: the first waits its turn, the next oldest is tried

    waiting = confirmation(first)
    assert (done.retrying, done.sent, again.retrying) == (1, 0, 1)
    assert tried_once == [1, 0, 0]
    assert (waiting.state, waiting.attempts) == (MessageState.PENDING, 1)
    assert "421" in waiting.last_error
    assert timedelta(seconds=9) < waiting.next_attempt_at - timezone.now() <= timedelta(seconds=10)

    time_passes(seconds=10)
    outbox_dispatch()  # still away: the first's wait doubles
    assert confirmation(first).next_attempt_at - timezone.now() > timedelta(seconds=19)

    smtp_sending.down = False
    time_passes(seconds=20)
    done = outbox_dispatch()

    assert done.sent == 3
    assert [message.recipients[0] for message in smtp_sending.messages] == [
        "first@example.com",
        "second@example.com",
        "third@example.com",
    ]
    assert confirmation(first).state == MessageState.SENT


def test_an_address_the_server_refuses_is_given_up_after_its_attempts_and_listed_for_staff(
    smtp_sending, orders, settings, staff_client
):
    settings.LIMBER_OUTBOX_PERMANENT_ATTEMPTS = 3
    bad, _ = orders("nobody@example.com", "sam@example.com")
    smtp_sending.refuse["nobody@example.com"] = 550

    runs = [outbox_dispatch()]
    for _ in range(2):
        time_passes(minutes=5)
        runs.append(outbox_dispatch())

    given_up = confirmation(bad)
    listed = staff_client.get("/admin/orders/outboxmessage/", {"attention": "failed"})
    order_page = staff_client.get(f"/admin/orders/order/{bad.pk}/change/")
    assert [(run.retrying, run.failed) for run in runs] == [(1, 0), (1, 0), (0, 1)]
    assert runs[0].sent == 1  # the refused address held up nobody else
    assert [message.recipients for message in smtp_sending.messages] == [("sam@example.com",)]
    assert (given_up.state, given_up.attempts) == (MessageState.FAILED, 3)
    assert "SMTPRecipientsRefused" in given_up.last_error
    assert listed.status_code == 200
    assert "nobody@example.com" in listed.text
    assert "sam@example.com" not in listed.text
    assert "Gave up" in order_page.text


def test_a_recipient_refused_for_now_waits_while_the_others_go_out(smtp_sending, orders):
    greylisted, other = orders("greylisted@example.com", "sam@example.com")
    smtp_sending.refuse["greylisted@example.com"] = 450

    done = outbox_dispatch()

    assert (done.retrying, done.sent) == (1, 1)
    assert confirmation(greylisted).state == MessageState.PENDING
    assert confirmation(other).state == MessageState.SENT


def test_passing_failures_are_retried_until_the_email_is_too_old_then_given_up(smtp_sending, orders, settings):
    settings.LIMBER_OUTBOX_GIVE_UP_HOURS = 72
    (order,) = orders("sam@example.com")
    OutboxMessage.objects.filter(order=order).update(created_at=timezone.now() - timedelta(hours=73))
    smtp_sending.down = True

    done = outbox_dispatch()

    assert done.failed == 1
    assert confirmation(order).state == MessageState.FAILED


def test_an_email_leased_to_a_worker_is_not_sent_by_another_until_the_lease_ends(smtp_sending, orders):
    (order,) = orders("sam@example.com")
    leased = outbox_claim()  # a worker took it and is sending it (or died doing so)

    meanwhile = outbox_dispatch()
    time_passes(seconds=121)  # the lease ran out: that worker is gone
    after = outbox_dispatch()

    resent = confirmation(order)
    assert leased.state == MessageState.SENDING
    assert meanwhile.sent == 0
    assert after.sent == 1
    assert [message.message_id for message in smtp_sending.messages] == [leased.message_id]
    assert (resent.state, resent.attempts) == (MessageState.SENT, 2)
    assert "may arrive twice" in resent.last_error  # staff can tell which emails may have gone twice


class DatabaseAwayOnce(BaseEmailBackend):
    """A mail backend whose first send meets a database that went away (as a PostgreSQL restart does)."""

    failed = False

    def send_messages(self, email_messages):
        if not DatabaseAwayOnce.failed:
            DatabaseAwayOnce.failed = True
            raise OperationalError("server closed the connection unexpectedly")
        return len(email_messages)


@pytest.mark.django_db(transaction=True)
def test_an_email_that_meets_a_database_error_backs_off_and_goes_out_later(place_order, settings):
    settings.EMAIL_BACKEND = "tests.orders.test_outbox.DatabaseAwayOnce"
    DatabaseAwayOnce.failed = False

    order = place_order()  # the dispatch after commit meets the error; the order stands
    waiting = confirmation(order)
    time_passes(seconds=10)
    done = outbox_dispatch()

    assert (waiting.state, waiting.attempts) == (MessageState.PENDING, 1)
    assert "OperationalError" in waiting.last_error
    assert done.sent == 1
    assert confirmation(order).state == MessageState.SENT


def test_a_database_error_ends_the_run_to_be_retried(place_order, settings):
    place_order()
    settings.EMAIL_BACKEND = "tests.orders.test_outbox.DatabaseAwayOnce"
    DatabaseAwayOnce.failed = False

    with pytest.raises(OperationalError):
        outbox_dispatch()  # the task retries it (autoretry_for), and beat runs it again anyway
