"""Placing an order once per request key: an API client's `Idempotency-Key`, or a review page's one-time token.

The key's row (`OrderRequest`) is the first thing written in the order's own transaction, and its
(scope, key) is unique. A repeat that arrives while the first is still placing waits on that unique
key in the database until the first commits, then fails to insert and finds the first's order; a
repeat that arrives later finds the row before it does anything. A placement that fails (bad input,
short stock, a rate limit) rolls its row back with everything else, so a retry after fixing the
problem places the order. Rows are forgotten LIMBER_IDEMPOTENCY_KEY_HOURS after they were written.
"""

import hashlib
import json
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone

from orders.models import Order, OrderRequest

KEY_MAX_LENGTH = 255
# Visible ASCII, as HTTP header values safely are; a UUID is the usual choice.
KEY_SHAPE = re.compile(rf"^[!-~]{{1,{KEY_MAX_LENGTH}}}$")
CHECKOUT = "checkout"
REPLAY_WAIT_SECONDS = 10.0  # how long a repeat waits for the first request's response before building it
REPLAY_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class RequestKey:
    """A key that names one placement: whose it is, the key itself and what it was sent with."""

    scope: str
    key: str
    fingerprint: str


class AlreadyPlaced(Exception):
    """Another request with the same key placed the order (or is committing it); nothing was written."""

    def __init__(self, key: RequestKey):
        self.key = key
        super().__init__(f"The request {key.key!r} placed its order already.")


def request_key_problem(value: str) -> str | None:
    """Why a client's Idempotency-Key cannot be used, or None when it can."""
    if not value:
        return "Send a non-empty key, e.g. a UUID, or leave the header out."
    if len(value) > KEY_MAX_LENGTH:
        return f"At most {KEY_MAX_LENGTH} characters; this one has {len(value)}. A UUID is enough."
    if not KEY_SHAPE.match(value):
        return "Use visible ASCII characters only (no spaces), e.g. a UUID."
    return None


def body_fingerprint(data) -> str:
    """Return the SHA-256 of a JSON body, the same whatever the order of its keys or its spacing."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def api_scope(user) -> str:
    """Whose keys a client's are: one account's, or every guest's together."""
    return f"api:user:{user.pk}" if user is not None and user.is_authenticated else "api:guest"


def order_request_claim(*, key: RequestKey) -> OrderRequest:
    """Write the key's row in the order's transaction, first; raise AlreadyPlaced when the key has one.

    On PostgreSQL a concurrent first request holds the key's unique entry until it commits, so this
    waits for it, then raises. The caller's transaction is then unusable and must be left.
    """
    try:
        return OrderRequest.objects.create(scope=key.scope, key=key.key, fingerprint=key.fingerprint)
    except IntegrityError:
        raise AlreadyPlaced(key) from None


def order_request_placed(*, key: RequestKey) -> OrderRequest | None:
    """Return the committed row of a key, with its order, or None when the key placed nothing (yet)."""
    return (
        OrderRequest.objects.select_related("order").filter(scope=key.scope, key=key.key, order__isnull=False).first()
    )


def order_request_response(*, request: OrderRequest, wait: float | None = None) -> OrderRequest:
    """Wait up to `wait` seconds (REPLAY_WAIT_SECONDS) for the first request to store its response; return the row."""
    deadline = time.monotonic() + (REPLAY_WAIT_SECONDS if wait is None else wait)
    while request.response_status is None and time.monotonic() < deadline:
        time.sleep(REPLAY_POLL_SECONDS)
        request.refresh_from_db(fields=["response_status", "response_body"])
    return request


def order_request_respond(*, key: RequestKey, status: int, body: str) -> tuple[int, str]:
    """Store the response of a key's placement unless one is stored; return the stored one (the first)."""
    rows = OrderRequest.objects.filter(scope=key.scope, key=key.key)
    rows.filter(response_status__isnull=True).update(response_status=status, response_body=body)
    return rows.values_list("response_status", "response_body").get()


def order_request_link(*, request: OrderRequest, order: Order) -> None:
    """Tie the key's row to the order placed under it, in the same transaction."""
    OrderRequest.objects.filter(pk=request.pk).update(order=order)


def order_requests_forget(*, now: datetime | None = None) -> int:
    """Delete keys older than LIMBER_IDEMPOTENCY_KEY_HOURS (a repeat after that places a new order); return how many."""
    before = (now or timezone.now()) - timedelta(hours=settings.LIMBER_IDEMPOTENCY_KEY_HOURS)
    deleted, _ = OrderRequest.objects.filter(created_at__lt=before).delete()
    return deleted
