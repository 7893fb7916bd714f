"""Read queries of shopper statistics for the pages that use them."""

from datetime import datetime

from django.db.models import Count, Q

from analytics.models import BoughtPair, EventKind, ProductPair, ShopperEvent

FUNNEL_KINDS = [EventKind.IMPRESSION, EventKind.CLICK, EventKind.CART_ADD, EventKind.ORDER]


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
