"""Read questions about orders; each owns its joins."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from analytics.models import ProductFeedback
from analytics.selectors import feedback_answered, funnel_counts
from catalog.models import Product
from guides.models import Condition
from orders.links import order_token_check
from orders.models import MessageKind, Order, OrderLine, OrderStatus, OutboxMessage, ShippingMethod, Source
from orders.payments import provider_keys_reminding

# Sources that count as "came through a recommendation" on the staff dashboard.
RECOMMENDED_SOURCES = [Source.SYMPTOM_CHECK, Source.GUIDE, Source.RELATED]
ZERO = Decimal("0.00")
# An order fulfilled this long before its "did it help?" email fell due is not asked about any more.
FEEDBACK_GIVE_UP_DAYS = 30


def product_for_cart(*, slug: str) -> Product | None:
    """Return the product with this slug if it is for sale, else None."""
    return Product.objects.available().filter(slug=slug).first()


def shipping_method_list() -> QuerySet[ShippingMethod]:
    """Return the shipping methods shoppers may choose, cheapest-first by position."""
    return ShippingMethod.objects.filter(is_active=True)


def order_with_lines(*, number: str) -> Order | None:
    """Return the order with this number and its lines, or None."""
    return Order.objects.prefetch_related("lines").filter(number=number).first()


class OrderLinkExpired(Http404):
    """A guest's link to a real order that has run out; its page offers to send a fresh one."""


def order_get_for_viewer(*, number: str, user, token: str = "") -> Order:
    """Return an order its viewer may see, else raise Http404 (OrderLinkExpired for an expired link).

    Who may: the account that placed it, staff holding `orders.view_order`, or anyone with a signed
    link that has not expired. A number that exists and one that does not look the same to a stranger.
    """
    order = order_with_lines(number=number.upper())
    if order is None:
        raise Http404("No such order.")
    if user.is_authenticated and (order.user_id == user.pk or (user.is_staff and user.has_perm("orders.view_order"))):
        return order
    try:
        order_token_check(order=order, token=token)
    except signing.SignatureExpired:
        raise OrderLinkExpired(
            f"This order link has expired; ask for a fresh one at {reverse('orders:order-link')}."
        ) from None
    except signing.BadSignature:
        raise Http404("No such order.") from None
    return order


def orders_hold_ended(*, now: datetime, limit: int = 500) -> list[int]:
    """Return ids of unpaid orders whose hold has ended, the longest overdue first."""
    return list(
        Order.objects.filter(status=OrderStatus.PLACED, hold_expires_at__lte=now)
        .order_by("hold_expires_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def orders_reminder_due(*, now: datetime, limit: int = 500) -> list[int]:
    """Return ids of unpaid orders due a payment reminder not owed yet: their hold ends within the reminder's days."""
    lead = timedelta(days=settings.LIMBER_INVOICE_REMINDER_DAYS)
    return list(
        Order.objects.filter(
            status=OrderStatus.PLACED,
            payment_method__in=provider_keys_reminding(),
            hold_expires_at__gt=now,
            hold_expires_at__lte=now + lead,
        )
        .exclude(Exists(_message_of(MessageKind.REMINDER)))
        .order_by("hold_expires_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def _message_of(kind: str) -> QuerySet[OutboxMessage]:
    """The order's email of this kind, owed or sent, for Exists()."""
    return OutboxMessage.objects.filter(order=OuterRef("pk"), kind=kind)


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
    """Return, per condition or per product (by name), impressions → clicks → cart adds → orders and revenue.

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
    if by == "product":
        names = dict(Product.objects.filter(pk__in=keys).values_list("pk", "name"))
    else:
        names = dict(Condition.objects.filter(slug__in=keys).values_list("slug", "name"))
    rows = [
        {
            "key": key,
            "label": names.get(key, f"#{key}" if by == "product" else key),
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


@dataclass(frozen=True)
class FeedbackItem:
    """One product of an order to ask "did it help?" about, with the answer if one was given."""

    line: OrderLine
    condition: str  # slug of the condition the line was attributed to; empty when none
    condition_name: str
    answer: ProductFeedback | None

    @property
    def question(self) -> str:
        """The question as the shopper reads it."""
        return f"Did it help with {self.condition_name}?" if self.condition_name else "Did it help?"


def feedback_items(*, order: Order) -> list[FeedbackItem]:
    """Return the order's products still in the catalogue, each with its question and any answer (three queries)."""
    lines = [line for line in order.lines.all() if line.product_id]
    slugs = {line.source_condition for line in lines if line.source_condition}
    names = dict(Condition.objects.filter(slug__in=slugs).values_list("slug", "name")) if slugs else {}
    answered = feedback_answered(order_number=order.number)
    return [
        FeedbackItem(
            line=line,
            condition=line.source_condition if line.source_condition in names else "",
            condition_name=names.get(line.source_condition, ""),
            answer=answered.get(line.product_id),
        )
        for line in lines
    ]


def orders_feedback_due(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Return ids of fulfilled orders whose "did it help?" email is due and not owed yet, oldest first."""
    due = (now or timezone.now()) - timedelta(days=settings.LIMBER_FEEDBACK_DAYS)
    with_products = OrderLine.objects.filter(order=OuterRef("pk"), product__isnull=False)
    return list(
        Order.objects.filter(
            status=OrderStatus.FULFILLED,
            fulfilled_at__lte=due,
            fulfilled_at__gt=due - timedelta(days=FEEDBACK_GIVE_UP_DAYS),
        )
        .filter(Exists(with_products))
        .exclude(Exists(_message_of(MessageKind.FEEDBACK)))
        .order_by("fulfilled_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
