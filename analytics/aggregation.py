"""Aggregate shopper events into product and condition statistics and viewed-together pairs."""

import math
from collections import Counter, defaultdict
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from analytics.models import Assessment, ConditionStats, EventKind, ProductPair, ProductStats, ShopperEvent
from analytics.signals import statistics_aggregated
from guides.models import Condition

WINDOW_DAYS = 30
PAIRS_PER_VISITOR = 20
PAIRS_PER_PRODUCT = 20


@transaction.atomic
def signals_aggregate(*, now=None) -> dict[str, int]:
    """Turn the last 30 days of events into product and condition statistics and viewed-together pairs."""
    now = now or timezone.now()
    since = now - timedelta(days=WINDOW_DAYS)
    recent = ShopperEvent.objects.filter(created_at__gte=since)

    counts = recent.values("product_id").annotate(
        impressions=Count("pk", filter=Q(kind=EventKind.IMPRESSION)),
        clicks=Count("pk", filter=Q(kind=EventKind.CLICK)),
        views=Count("pk", filter=Q(kind=EventKind.VIEW)),
        orders=Count("pk", filter=Q(kind=EventKind.ORDER)),
    )
    interest = {row["product_id"]: row["views"] + 3 * row["clicks"] + 10 * row["orders"] for row in counts}
    peak = math.log1p(max(interest.values(), default=0)) or 1.0
    stats = [
        ProductStats(
            product_id=row["product_id"],
            impressions=row["impressions"],
            clicks=row["clicks"],
            views=row["views"],
            orders=row["orders"],
            popularity=round(math.log1p(interest[row["product_id"]]) / peak, 4),
        )
        for row in counts
    ]
    ProductStats.objects.exclude(product_id__in=[s.product_id for s in stats]).delete()
    ProductStats.objects.bulk_create(
        stats,
        update_conflicts=True,
        unique_fields=["product"],
        update_fields=["impressions", "clicks", "views", "orders", "popularity", "updated_at"],
    )

    by_condition = {
        row["condition"]: row
        for row in recent.exclude(condition="")
        .values("condition")
        .annotate(
            impressions=Count("pk", filter=Q(kind=EventKind.IMPRESSION)),
            clicks=Count("pk", filter=Q(kind=EventKind.CLICK)),
        )
    }
    tops = dict(
        Assessment.objects.filter(created_at__gte=since)
        .exclude(top_condition="")
        .values_list("top_condition")
        .annotate(n=Count("pk"))
    )
    condition_stats = [
        ConditionStats(
            condition_id=pk,
            impressions=by_condition.get(slug, {}).get("impressions", 0),
            clicks=by_condition.get(slug, {}).get("clicks", 0),
            assessments=tops.get(slug, 0),
        )
        for pk, slug in Condition.objects.values_list("pk", "slug")
    ]
    ConditionStats.objects.bulk_create(
        condition_stats,
        update_conflicts=True,
        unique_fields=["condition"],
        update_fields=["impressions", "clicks", "assessments", "updated_at"],
    )

    viewed: dict[str, list[int]] = defaultdict(list)
    for visitor, product_id in (
        recent.filter(kind__in=[EventKind.VIEW, EventKind.CLICK, EventKind.ORDER])
        .exclude(visitor="")
        .order_by("visitor", "-created_at")
        .values_list("visitor", "product_id")
    ):
        products = viewed[visitor]
        if product_id not in products and len(products) < PAIRS_PER_VISITOR:
            products.append(product_id)
    together: Counter[tuple[int, int]] = Counter()
    for products in viewed.values():
        for a in products:
            for b in products:
                if a != b:
                    together[(a, b)] += 1
    best: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (a, b), visitors in together.items():
        best[a].append((visitors, b))
    pairs = [
        ProductPair(product_id=a, other_id=b, visitors=visitors)
        for a, others in best.items()
        for visitors, b in sorted(others, key=lambda item: (-item[0], item[1]))[:PAIRS_PER_PRODUCT]
    ]
    ProductPair.objects.all().delete()
    ProductPair.objects.bulk_create(pairs, batch_size=2000)

    # Popularity feeds the recommendation index's small prior: whoever ranks listens.
    transaction.on_commit(lambda: statistics_aggregated.send(sender=ProductStats))
    return {"products": len(stats), "conditions": len(condition_stats), "pairs": len(pairs)}
