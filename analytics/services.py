"""What other apps call to record what shoppers do, and the flush that stores it."""

import logging
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from analytics.models import BoughtPair, EventKind, FeedbackAnswer, ProductFeedback
from analytics.recording import records_add
from analytics.storing import ASSESSMENT, CLAIM_IDLE_SECONDS, EVENT, stream_flush
from shop.breaker import OUTAGE_ERRORS
from shop.cache import cache_is_shared, log_outage, log_recovery
from shop.content import content_changed

logger = logging.getLogger(__name__)


def events_record(
    *, kind: EventKind, product_ids: list[int], condition: str = "", source: str = "", visitor: str = ""
) -> None:
    """Record what a shopper saw or did, durably before the response leaves; never raises."""
    now = time.time()
    records_add(
        [
            (EVENT, {"k": str(kind), "p": product_id, "c": condition, "s": source, "v": visitor, "t": now})
            for product_id in product_ids
        ]
    )


def answers_normalise(answers: Mapping[str, object]) -> dict[str, object]:
    """Return answers in a canonical form: keys sorted, multiple choices sorted."""
    return {
        key: sorted(value) if isinstance(value, list) and all(isinstance(v, str) for v in value) else value
        for key, value in sorted(answers.items(), key=lambda item: str(item[0]))
    }


def assessment_record(*, answers: Mapping[str, object], summary: dict, index_version: str, source: str) -> str:
    """Keep an anonymous record of a symptom check, durably before the response leaves; return its uid."""
    uid = str(uuid.uuid4())
    records_add(
        [
            (
                ASSESSMENT,
                {
                    "uid": uid,
                    "created_at": timezone.now().isoformat(),
                    "source": source,
                    "answers": answers_normalise(answers),
                    "index_version": index_version,
                    **summary,
                },
            )
        ]
    )
    return uid


@dataclass(frozen=True)
class FeedbackGiven:
    """A shopper's answer about one product of an order."""

    product_id: int
    condition: str
    answer: FeedbackAnswer
    comment: str = ""


def feedback_record(*, order_number: str, answers: Sequence[FeedbackGiven]) -> list[int]:
    """Store "did it help?" answers for an order; return the product ids stored.

    A product already answered for the order keeps its first answer (a second tab, a double
    submit): the database's unique constraint decides, so concurrent submits store one.
    """
    stored = []
    for given in answers:
        try:
            with transaction.atomic():
                ProductFeedback.objects.create(
                    order_number=order_number,
                    product_id=given.product_id,
                    condition=given.condition,
                    answer=given.answer,
                    comment=given.comment.strip(),
                )
        except IntegrityError:
            continue
        stored.append(given.product_id)
    return stored


def events_flush(*, batch_size: int = 500, claim_idle_seconds: float = CLAIM_IDLE_SECONDS) -> int:
    """Move shopper records from the Redis stream into the database; return how many records.

    Safe to run in any number of processes at once, and again after one died midway: each record
    is stored once. Without Redis there is nothing to move: records went to the database already.
    """
    if not cache_is_shared():
        return 0
    try:
        stored = stream_flush(batch_size=batch_size, claim_idle_seconds=claim_idle_seconds)
    except OUTAGE_ERRORS as exc:
        log_outage(
            logger,
            "Redis (event flush)",
            "Redis unavailable; the flush waits for it, and requests store their events themselves (%s).",
            exc,
        )
        return 0
    log_recovery(logger, "Redis (event flush)")
    return stored


@transaction.atomic
def bought_pairs_replace(*, pairs: Mapping[tuple[int, int], int]) -> int:
    """Replace the "bought together" counts with fresh ones: (product id, other id) -> orders; return how many."""
    BoughtPair.objects.all().delete()
    BoughtPair.objects.bulk_create(
        [BoughtPair(product_id=a, other_id=b, orders=n) for (a, b), n in pairs.items() if a != b], batch_size=2000
    )
    content_changed()  # product pages show what is bought together
    return len(pairs)
