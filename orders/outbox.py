"""The outbox: every email an order owes is a row written in the transaction that causes it, and the
dispatcher sends owed rows, oldest first, as soon as a worker can.

Sending is at least once, and as close to once as SMTP allows. A worker first *leases* the message
(state "sending", committed before anything leaves), then hands it to the mail server, then records
it as sent at once (retrying that write through a database hiccup). While the lease holds, no other
worker and no redelivered task sends it again. A worker that dies after the mail server accepted the
message and before the sent mark was written leaves a lease that runs out, and the message is sent
again: SMTP has no idempotent send, so that window (milliseconds per message) is where a shopper can
get a second copy. Both copies carry the row's own Message-ID, by which mail clients and servers can
recognise them as one message. docs/orders-and-limits.md gives the bound measured under faults.

A failure backs the message off exponentially. Transient ones (the mail server away or saying "try
later", the network, the database) are retried until the message is LIMBER_OUTBOX_GIVE_UP_HOURS old;
permanent ones (the address refused, the message rejected) stop after LIMBER_OUTBOX_PERMANENT_ATTEMPTS.
A message given up is "failed", with its last error, in the admin.
"""

import logging
import smtplib
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from orders.emails import order_email_build
from orders.models import OWED_STATES, MessageKind, MessageState, Order, OutboxMessage

logger = logging.getLogger(__name__)

RETRY_FIRST_SECONDS = 10  # then 20, 40, ... up to LIMBER_OUTBOX_RETRY_MAX_SECONDS
RECORD_WAITS = (0, 0.5, 1, 2, 4)  # seconds between tries of the sent mark through a database hiccup
TRANSIENT_DATABASE_ERRORS = (OperationalError, InterfaceError)
UNFINISHED = "An attempt stopped before it was recorded; sent again (it may arrive twice)."


def message_id_new(kind: str) -> str:
    """Return a fresh, globally unique Message-ID in the shop's mail domain."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "limber.invalid"
    return f"<{uuid.uuid4().hex}.{kind}@{domain}>"


def outbox_messages_add(*, orders: Iterable[Order], kind: str) -> None:
    """Owe each order's shopper an email of this kind, in the caller's transaction, in one query.

    Every kind but a requested link is owed once per order: adding one that exists (sent, or waiting)
    changes nothing. The caller makes sure a dispatcher runs after commit.
    """
    rows = [
        OutboxMessage(order=order, kind=kind, recipient=order.email, message_id=message_id_new(kind))
        for order in orders
    ]
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=kind != MessageKind.LINK)


@dataclass
class Dispatched:
    """What one dispatcher run did; `more` when it stopped at its bounds with messages still owed."""

    sent: int = 0
    skipped: int = 0
    retrying: int = 0
    failed: int = 0
    more: bool = False


def outbox_dispatch(*, limit: int = 200, seconds: float = 60.0) -> Dispatched:
    """Send owed messages, oldest first, until none is owed now, `limit` were tried or `seconds` passed.

    A mail server that cannot be reached ends the run (the message backs off; the others wait for the
    next run). A database error ends it too, raised for the task to retry.
    """
    done = Dispatched()
    started = time.monotonic()
    mailer = Mailer()
    try:
        while True:
            if done.sent + done.skipped + done.retrying + done.failed >= limit or time.monotonic() - started > seconds:
                done.more = outbox_owed_exists()
                break
            message = outbox_claim()
            if message is None:
                break
            outcome = _deliver(message, mailer)
            setattr(done, outcome, getattr(done, outcome) + 1)
            if outcome == "retrying" and mailer.away:
                break
    finally:
        mailer.close()
    return done


def outbox_owed_exists(*, now: datetime | None = None) -> bool:
    """Whether any message may be tried now."""
    return OutboxMessage.objects.filter(state__in=OWED_STATES, next_attempt_at__lte=now or timezone.now()).exists()


def outbox_claim(*, now: datetime | None = None) -> OutboxMessage | None:
    """Lease the oldest message owed now to this worker, committed before it is sent; None when none is owed.

    A message still "sending" whose lease ran out was being sent by a worker that stopped: it may
    have reached the mail server, and is sent again (the same Message-ID).
    """
    now = now or timezone.now()
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(state__in=OWED_STATES, next_attempt_at__lte=now)
            .order_by("created_at", "pk")
            .first()
        )
        if message is None:
            return None
        if message.state == MessageState.SENDING:
            logger.warning(
                "Order email %s (%s) was being sent by a worker that stopped; sending it again.",
                message.message_id, message.kind,
            )  # fmt: skip
            message.last_error = UNFINISHED
        message.state = MessageState.SENDING
        message.attempts += 1
        message.next_attempt_at = now + timedelta(seconds=settings.LIMBER_OUTBOX_LEASE_SECONDS)
        message.save(update_fields=["state", "attempts", "next_attempt_at", "last_error"])
    return message


class Mailer:
    """One connection to the mail server for a dispatcher run, opened when first needed, reopened after an error."""

    def __init__(self):
        self.connection = None
        self.away = False  # the last failure says the server (or the network) is away, not this message

    def send(self, email) -> None:
        if self.connection is None:
            self.connection = get_connection(fail_silently=False)
            self.connection.open()
        email.connection = self.connection
        if email.send() != 1:
            raise smtplib.SMTPException("The mail backend did not take the message.")

    def close(self) -> None:
        """Close the connection, quietly: after an error it may be half gone."""
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # a broken connection may fail in any way while closing
                logger.debug("Closing the mail connection failed.", exc_info=True)
            self.connection = None


def _deliver(message: OutboxMessage, mailer: Mailer) -> str:
    """Build and send one leased message and record what happened; return the Dispatched field to count it in."""
    try:
        email = order_email_build(message=message)
        if email is None:
            _record(message, state=MessageState.SKIPPED, next_attempt_at=timezone.now(), last_error="")
            return "skipped"
        mailer.send(email)
    except TRANSIENT_DATABASE_ERRORS as exc:
        connection.close()
        _failed(message, exc)  # backed off if the database answers again soon; else its lease runs out
        raise  # the task retries the run
    except Exception as exc:  # every failure is recorded on the message; see failure_is_permanent
        mailer.close()
        mailer.away = not failure_is_permanent(exc) and not _refused_for_now(exc)
        return _failed(message, exc)
    mailer.away = False
    # Staff keep seeing that an earlier attempt may have reached the shopper too.
    note = UNFINISHED if message.last_error == UNFINISHED else ""
    _record(message, state=MessageState.SENT, sent_at=timezone.now(), last_error=note)
    return "sent"


def failure_is_permanent(exc: BaseException) -> bool:
    """Whether a send failed for this message itself (refused address, rejected content), not for now."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPDataError):
        return exc.smtp_code >= 500
    # The server, the network, our credentials or the database are fixed by waiting or by staff; anything
    # else is a bug (a template error, say) that retrying now will not fix.
    return not isinstance(exc, smtplib.SMTPException | OSError | DatabaseError)


def _refused_for_now(exc: BaseException) -> bool:
    """A temporary refusal of this message alone (greylisting): the server is there, go on with the next."""
    return isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError)


def _failed(message: OutboxMessage, exc: BaseException) -> str:
    now = timezone.now()
    error = f"{type(exc).__name__}: {exc}"[:500]
    permanent = failure_is_permanent(exc)
    too_old = now - message.created_at > timedelta(hours=settings.LIMBER_OUTBOX_GIVE_UP_HOURS)
    if (permanent and message.attempts >= settings.LIMBER_OUTBOX_PERMANENT_ATTEMPTS) or too_old:
        logger.error("Gave up on order email %s (%s) to order %s: %s", message.message_id, message.kind,
                     message.order_id, error)  # fmt: skip
        _record(message, state=MessageState.FAILED, next_attempt_at=now, last_error=error)
        return "failed"
    wait = min(RETRY_FIRST_SECONDS * 2 ** (message.attempts - 1), settings.LIMBER_OUTBOX_RETRY_MAX_SECONDS)
    log = logger.exception if permanent else logger.warning
    log("Order email %s (%s) failed, attempt %d; trying again in %d s: %s", message.message_id, message.kind,
        message.attempts, wait, error)  # fmt: skip
    _record(message, state=MessageState.PENDING, next_attempt_at=now + timedelta(seconds=wait), last_error=error)
    return "retrying"


def _record(message: OutboxMessage, **changes) -> None:
    """Write the outcome of this worker's attempt at once, through a passing database error if it can.

    After a send, the sooner this is committed the smaller the window for a second copy; it only
    applies to the attempt this worker leased (a worker whose lease ran out does not overwrite another's).
    """
    for attempt, wait in enumerate(RECORD_WAITS):
        time.sleep(wait)
        try:
            OutboxMessage.objects.filter(pk=message.pk, state=MessageState.SENDING, attempts=message.attempts).update(
                **changes
            )
            return
        except TRANSIENT_DATABASE_ERRORS:
            connection.close()  # reconnect for the next try
            if attempt == len(RECORD_WAITS) - 1:
                raise
