"""Read queries of shopper statistics for the pages that use them."""

from analytics.models import ProductPair


def viewed_together(*, product_id: int, limit: int = 50) -> dict[int, int]:
    """Return other product id -> visitors who viewed both, most viewed first."""
    return dict(
        ProductPair.objects.filter(product_id=product_id)
        .order_by("-visitors", "other_id")
        .values_list("other_id", "visitors")[:limit]
    )
