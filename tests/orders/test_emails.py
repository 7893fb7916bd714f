"""Order emails: owed in the transaction that causes them, sent after commit, plain text and HTML, with the
order's own signed link, each once."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from orders.holds import orders_holds_expire
from orders.links import order_url
from orders.models import MessageKind, MessageState, Order, OrderStatus, OutboxMessage
from orders.notices import payment_notice_apply
from orders.outbox import outbox_dispatch, outbox_messages_add
from orders.payments import PaymentNotice
from orders.services import order_fulfil, order_link_send, order_mark_paid
from orders.tasks import order_feedback_requests_task, order_holds_task
from tests.shop.test_settings import run_python

pytestmark = pytest.mark.django_db


def emailed_link(body: str) -> str:
    """The order link in an email's text."""
    return re.search(r"https?://\S+/orders/[A-Z0-9-]+/\?t=\S+", body)[0]


def states(order) -> dict[str, str]:
    """Each of the order's emails by kind, with its state, as staff see them on the order's page."""
    return dict(OutboxMessage.objects.filter(order=order).values_list("kind", "state"))


def test_the_confirmation_is_owed_with_the_order_and_goes_out_after_commit_with_the_signed_link(
    client, place_order, django_capture_on_commit_callbacks, settings
):
    settings.LIMBER_SITE_URL = "https://shop.example.com"
    with django_capture_on_commit_callbacks() as callbacks:
        order = place_order()
        assert states(order) == {"confirmation": "pending"}  # written in the order's transaction
        assert mail.outbox == []  # nothing is sent inside it

    for callback in callbacks:
        callback()

    (message,) = mail.outbox
    link = emailed_link(message.body)
    html, content_type = message.alternatives[0]
    row = OutboxMessage.objects.get(order=order)
    assert message.subject == f"Your Limber order {order.number}"
    assert message.to == ["sam@example.com"]
    assert message.extra_headers["Message-ID"] == row.message_id
    assert link.startswith(f"https://shop.example.com/orders/{order.number}/?t=")
    assert client.get(link.removeprefix("https://shop.example.com")).status_code == 200
    held = timezone.localtime(order.hold_expires_at)
    assert "Please transfer $24.95, quoting" in message.body
    assert f"Pay by {held:%-d %B %Y, %H:%M} UTC: after that the order is cancelled" in message.body
    assert f"Pay by {held:%-d %B %Y, %H:%M} UTC" in html
    assert re.findall(r"\d{1,2} [A-Z][a-z]+ \d{4},", message.body) == [f"{held:%-d %B %Y},"]  # one date to pay by
    assert content_type == "text/html"
    assert link.replace("&", "&amp;") in html or link in html
    assert (row.state, row.attempts) == (MessageState.SENT, 1)
    assert row.sent_at is not None


def test_an_email_is_sent_once_however_often_the_dispatcher_runs(place_order):
    order = place_order()

    outbox_dispatch()
    outbox_dispatch()

    assert len(mail.outbox) == 1
    assert states(order) == {"confirmation": "sent"}


def test_payment_received_is_emailed_once_when_the_order_is_marked_paid(
    place_order, django_capture_on_commit_callbacks
):
    order = place_order()
    outbox_dispatch()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = order_mark_paid(order=order)
        second = order_mark_paid(order=order)  # staff click twice: it was not waiting any more

    (message,) = mail.outbox
    assert (first, second) == (True, False)
    assert message.subject == f"We received your payment for Limber order {order.number}"
    assert f"paid {timezone.localtime(order.paid_at):%-d %B %Y}" in message.body
    assert "we will email you again when it leaves us" in message.alternatives[0][0]


def test_the_shipped_email_carries_the_tracking_number_and_page_and_so_does_the_order_page(
    client, place_order, django_capture_on_commit_callbacks
):
    order = place_order()
    order_mark_paid(order=order)
    outbox_dispatch()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order_fulfil(order=order, tracking_number=" 1Z999AA10123456784 ", tracking_url="https://track.example/1Z999")

    (message,) = mail.outbox
    page = client.get(order_url(order=order))
    assert message.subject == f"Your Limber order {order.number} is on its way"
    assert "Tracking number: 1Z999AA10123456784" in message.body
    assert "Follow your parcel: https://track.example/1Z999" in message.body
    assert 'href="https://track.example/1Z999"' in message.alternatives[0][0]
    assert "Tracking number: <strong>1Z999AA10123456784</strong>" in page.text
    assert 'href="https://track.example/1Z999"' in page.text


def test_a_shipped_email_without_tracking_says_nothing_about_it(place_order, django_capture_on_commit_callbacks):
    order = place_order()
    order_mark_paid(order=order)
    outbox_dispatch()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order_fulfil(order=order)

    (message,) = mail.outbox
    assert "is on its way" in message.subject
    assert "Tracking" not in message.body
    assert "Follow your parcel" not in message.alternatives[0][0]


@pytest.mark.parametrize(
    ("number", "url", "field"),
    [
        ("1Z" * 51, "", "tracking_number"),
        ("", "javascript:alert(1)", "tracking_url"),
        ("", "ftp://track.example/1", "tracking_url"),
        ("", "https://track.example/" + "x" * 500, "tracking_url"),
    ],
)
def test_a_bad_tracking_number_or_page_is_refused_and_the_order_stays_paid(place_order, number, url, field):
    order = place_order()
    order_mark_paid(order=order)

    with pytest.raises(ValidationError) as refused:
        order_fulfil(order=order, tracking_number=number, tracking_url=url)

    assert list(refused.value.message_dict) == [field]
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID
    assert "shipped" not in states(order)


def test_an_email_for_an_order_deleted_meanwhile_goes_nowhere(place_order):
    order = place_order()
    order.delete()

    outbox_dispatch()

    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


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


def every_email_of(order) -> list:
    """Confirmation, payment reminder, payment received, shipped and "did it help?" of one order, in that order."""
    Order.objects.filter(pk=order.pk).update(hold_expires_at=timezone.now() + timedelta(days=1))
    order_holds_task.delay()  # the reminder falls due
    order_mark_paid(order=order)
    outbox_dispatch()
    order_fulfil(order=order)
    outbox_dispatch()
    Order.objects.filter(pk=order.pk).update(fulfilled_at=timezone.now() - timedelta(days=20))
    order_feedback_requests_task.delay()
    return list(mail.outbox)


def test_order_emails_carry_none_of_the_text_the_caller_typed(place_order):
    order = place_order(email="someone.else@example.com", **CALLER_TEXT)

    messages = every_email_of(order)

    assert [message.subject.split(order.number)[0] for message in messages] == [
        "Your Limber order ",
        "Your Limber order ",
        "We received your payment for Limber order ",
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
    outbox_dispatch()
    mail.outbox.clear()
    Order.objects.filter(pk=invoice.pk).update(hold_expires_at=timezone.now() + timedelta(days=2))

    order_holds_task.delay()
    order_holds_task.delay()

    (reminder,) = mail.outbox
    assert reminder.subject == f"Your Limber order {invoice.number} is waiting for payment"
    held = timezone.localtime(Order.objects.get(pk=invoice.pk).hold_expires_at)
    assert f"holding its products for you until {held:%-d %B %Y, %H:%M}" in reminder.body
    assert "Please transfer $24.95" in reminder.body
    assert "reminder" not in states(fresh)


def test_a_reminder_owed_just_before_the_payment_arrived_is_not_sent(place_order):
    order = place_order()
    outbox_dispatch()
    mail.outbox.clear()
    outbox_messages_add(orders=[order], kind=MessageKind.REMINDER)  # as the hold sweep does
    order_mark_paid(order=order)  # before a worker got to the reminder

    outbox_dispatch()

    assert [message.subject for message in mail.outbox] == [f"We received your payment for Limber order {order.number}"]
    assert states(order)["reminder"] == MessageState.SKIPPED


def test_confirmations_to_one_address_stop_at_its_limit_and_the_order_page_says_so(
    client, place_order, settings, django_capture_on_commit_callbacks
):
    settings.LIMBER_ORDER_EMAILS_PER_ADDRESS = "2/hour"
    with django_capture_on_commit_callbacks(execute=True):
        orders = [place_order(email=email) for email in ("sam@example.com", "Sam+2@Example.com", "sam@example.com")]

    outbox_dispatch()  # a withheld confirmation is never owed
    page = client.get(order_url(order=orders[2]))

    assert len(mail.outbox) == 2
    assert [order.confirmation_withheld_at is not None for order in orders] == [False, False, True]
    assert states(orders[2]) == {}
    assert page.status_code == 200
    assert "We did not email a confirmation of this order" in page.text


def test_a_requested_link_is_owed_each_time_it_is_asked_for(place_order, django_capture_on_commit_callbacks):
    order = place_order()
    outbox_dispatch()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order_link_send(number=order.number.lower(), email="SAM@example.com", client="203.0.113.9")
        order_link_send(number=order.number, email="sam@example.com", client="203.0.113.9")

    assert [message.subject for message in mail.outbox] == [f"Your link to Limber order {order.number}"] * 2
    assert OutboxMessage.objects.filter(order=order, kind=MessageKind.LINK, state=MessageState.SENT).count() == 2


def test_a_payment_notice_replayed_or_arriving_after_the_hold_ended_emails_payment_received_once(
    place_order, django_capture_on_commit_callbacks
):
    on_time, late = place_order(payment_method="stripe"), place_order(payment_method="stripe")
    outbox_dispatch()
    mail.outbox.clear()
    Order.objects.filter(pk=late.pk).update(hold_expires_at=timezone.now() - timedelta(minutes=1))
    orders_holds_expire()  # the late one's hold ended; its stock went back on the shelf, and is still there

    def notice(order, event):
        return PaymentNotice(event_id=event, kind="checkout.session.completed", order_number=order.number,
                             paid=True, amount=order.total, currency=order.currency, reference="cs_1")  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        outcomes = [
            payment_notice_apply(provider="stripe", notice=notice(on_time, "evt_1")),
            payment_notice_apply(provider="stripe", notice=notice(on_time, "evt_1")),  # Stripe retries
            payment_notice_apply(provider="stripe", notice=notice(on_time, "evt_2")),  # another event, same payment
            payment_notice_apply(provider="stripe", notice=notice(late, "evt_3")),
        ]

    assert outcomes == ["paid", "replayed", "already settled", "paid after expiry"]
    assert sorted(message.subject for message in mail.outbox) == sorted(
        f"We received your payment for Limber order {order.number}" for order in (on_time, late)
    )
