"""Read questions about orders; each owns its joins."""

from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from analytics.selectors import funnel_counts
from catalog.models import Product
from orders.links import order_token_valid
from orders.models import Order, OrderLine, OrderStatus, ShippingMethod, Source

# Sources that count as "came through a recommendation" on the staff dashboard.
RECOMMENDED_SOURCES = [Source.SYMPTOM_CHECK, Source.GUIDE, Source.RELATED]
ZERO = Decimal("0.00")


def product_for_cart(*, slug: str) -> Product | None:
    """Return the product with this slug if it is for sale, else None."""
    return Product.objects.available().filter(slug=slug).first()


def shipping_method_list() -> QuerySet[ShippingMethod]:
    """Return the shipping methods shoppers may choose, cheapest-first by position."""
    return ShippingMethod.objects.filter(is_active=True)


def order_with_lines(*, number: str) -> Order | None:
    """Return the order with this number and its lines, or None."""
    return Order.objects.prefetch_related("lines").filter(number=number).first()


def order_get_for_viewer(*, number: str, user, token: str = "") -> Order:
    """Return an order its viewer may see (the account that placed it, staff, or a signed link); else Http404.

    A number that exists and one that does not look the same to a stranger.
    """
    order = order_with_lines(number=number.upper())
    if order is None:
        raise Http404("No such order.")
    is_owner = user.is_authenticated and (user.is_staff or order.user_id == user.pk)
    if not (is_owner or order_token_valid(order=order, token=token)):
        raise Http404("No such order.")
    return order


def sales_summary(*, since: datetime) -> dict:
    """Count orders and revenue since a moment, cancelled ones aside, and the share that came via recommendations."""
    orders = Order.objects.filter(created_at__gte=since).exclude(status=OrderStatus.CANCELLED)
    totals = orders.aggregate(count=Count("pk"), revenue=Coalesce(Sum("total"), ZERO))
    lines = OrderLine.objects.filter(order__in=orders).aggregate(
        goods=Coalesce(Sum("line_total"), ZERO),
        recommended=Coalesce(Sum("line_total", filter=Q(source__in=RECOMMENDED_SOURCES)), ZERO),
    )
    share = lines["recommended"] / lines["goods"] if lines["goods"] else None
    return {**totals, "goods": lines["goods"], "recommended": lines["recommended"], "recommended_share": share}


def sales_dashboard() -> dict:
    """Return today's and this month's sales for the staff dashboard."""
    now = timezone.localtime()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        "today": sales_summary(since=today),
        "month": sales_summary(since=today.replace(day=1)),
        "open_orders": Order.objects.filter(status__in=[OrderStatus.PLACED, OrderStatus.PAID]).count(),
    }


def sales_funnel(*, since: datetime, by: str) -> list[dict]:
    """Return, per condition slug or per product, impressions → clicks → cart adds → orders and revenue.

    Shopper events give the first three; orders and revenue come from order lines
    (cancelled orders aside), so they match the money. Best sellers first.
    """
    events = funnel_counts(since=since, by=by)
    field = {"condition": "source_condition", "product": "product_id"}[by]
    lines = OrderLine.objects.filter(order__created_at__gte=since).exclude(order__status=OrderStatus.CANCELLED)
    if by == "condition":
        lines = lines.exclude(source_condition="")
    sold = {
        row[field]: row
        for row in lines.values(field).annotate(orders=Count("order", distinct=True), revenue=Sum("line_total"))
    }
    keys = [key for key in set(events) | set(sold) if key is not None]
    names = dict(Product.objects.filter(pk__in=keys).values_list("pk", "name")) if by == "product" else {}
    rows = [
        {
            "key": key,
            "label": names.get(key, f"#{key}") if by == "product" else key,
            "impressions": events.get(key, {}).get("impression", 0),
            "clicks": events.get(key, {}).get("click", 0),
            "cart_adds": events.get(key, {}).get("cart_add", 0),
            "orders": sold.get(key, {}).get("orders", 0),
            "revenue": sold.get(key, {}).get("revenue") or ZERO,
        }
        for key in keys
    ]
    rows.sort(key=lambda row: (-row["revenue"], -row["impressions"], str(row["label"])))
    return rows


def bought_together_pairs(*, per_product: int = 20) -> dict[tuple[int, int], int]:
    """Return (product id, other id) -> orders that held both, cancelled ones aside, the best per product; one query."""
    rows = (
        OrderLine.objects.exclude(product=None)
        .exclude(order__status=OrderStatus.CANCELLED)
        .values_list("product_id", "order__lines__product_id")
        .annotate(orders=Count("order", distinct=True))
        .order_by("product_id", "-orders", "order__lines__product_id")
    )
    pairs: dict[tuple[int, int], int] = {}
    kept: dict[int, int] = {}
    for product_id, other_id, orders in rows:
        if other_id in (None, product_id):
            continue
        if kept.get(product_id, 0) < per_product:
            pairs[(product_id, other_id)] = orders
            kept[product_id] = kept.get(product_id, 0) + 1
    return pairs
