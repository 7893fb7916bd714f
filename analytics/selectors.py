"""Read queries of shopper statistics for the pages that use them."""

from datetime import datetime

from django.db.models import Count, F, Q

from analytics.models import (
    Assessment,
    BoughtPair,
    EventKind,
    ProductFeedback,
    ProductHelpfulness,
    ProductPair,
    ShopperEvent,
)

FUNNEL_KINDS = [EventKind.IMPRESSION, EventKind.CLICK, EventKind.CART_ADD, EventKind.ORDER]
# Below this many answers from shoppers who used a product, its helpfulness is noise, not a signal.
HELPFULNESS_MIN_ANSWERS = 5


def viewed_together(*, product_id: int, limit: int = 50) -> dict[int, int]:
    """Return other product id -> visitors who viewed both, most viewed first."""
    return dict(
        ProductPair.objects.filter(product_id=product_id)
        .order_by("-visitors", "other_id")
        .values_list("other_id", "visitors")[:limit]
    )


def funnel_counts(*, since: datetime, by: str) -> dict[object, dict[str, int]]:
    """Return impressions, clicks, cart adds and orders since a moment, per condition slug or per product id.

    ``by`` is "condition" (events without a condition are left out) or "product".
    """
    field = {"condition": "condition", "product": "product_id"}[by]
    events = ShopperEvent.objects.filter(created_at__gte=since, kind__in=FUNNEL_KINDS)
    if by == "condition":
        events = events.exclude(condition="")
    rows = events.values(field).annotate(**{str(kind): Count("pk", filter=Q(kind=kind)) for kind in FUNNEL_KINDS})
    return {row.pop(field): row for row in rows}


def bought_together(*, product_id: int, limit: int = 50) -> dict[int, int]:
    """Return other product id -> orders that held both, most bought first."""
    return dict(
        BoughtPair.objects.filter(product_id=product_id)
        .order_by("-orders", "other_id")
        .values_list("other_id", "orders")[:limit]
    )


def helpfulness_scores(*, min_answers: int = HELPFULNESS_MIN_ANSWERS) -> dict[str, dict[str, float]]:
    """Return condition slug -> product slug -> helpfulness (−1 to 1), for pairs with enough answers from users."""
    scores: dict[str, dict[str, float]] = {}
    rows = (
        ProductHelpfulness.objects.annotate(used=F("yes") + F("a_little") + F("no"))
        .filter(used__gte=min_answers)
        .order_by("condition__slug", "product__slug")
        .values_list("condition__slug", "product__slug", "score")
    )
    for condition, product, score in rows:
        scores.setdefault(condition, {})[product] = score
    return scores


def feedback_answered(*, order_number: str) -> dict[int, ProductFeedback]:
    """Return product id -> the answer already given about it for this order."""
    return {answer.product_id: answer for answer in ProductFeedback.objects.filter(order_number=order_number)}


def assessments_recent(*, limit: int = 50) -> list[tuple[datetime, dict, str]]:
    """Return the newest symptom checks' answers, newest first, as (when, answers, top condition)."""
    return list(
        Assessment.objects.order_by("-created_at", "-pk").values_list("created_at", "answers", "top_condition")[:limit]
    )
