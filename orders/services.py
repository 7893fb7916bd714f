"""Writes of the orders app: place an order, and move it through paid, fulfilled or cancelled."""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from analytics.models import EventKind, FeedbackAnswer
from analytics.services import FeedbackGiven, events_record, feedback_record
from catalog.models import Product
from catalog.services import products_stock_take
from orders.cart import Attribution
from orders.holds import order_hold_end, order_stock_return
from orders.idempotency import RequestKey, order_request_claim, order_request_link
from orders.limits import (
    link_request_take,
    order_rate_take,
    order_size_problems,
    rate_give_back,
    recipient_email_take,
)
from orders.models import MessageKind, Order, OrderLine, OrderStatus, ShippingMethod
from orders.outbox import outbox_messages_add
from orders.payments import provider_get
from orders.selectors import FeedbackItem
from orders.tasks import outbox_dispatch_task
from shop.enqueue import task_enqueue

# No 0/O, 1/I/L or U: a number read out on the phone cannot be misheard as another.
NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
NUMBER_ATTEMPTS = 5


@dataclass(frozen=True)
class LineRequest:
    """A product and quantity the shopper asks for, with where they found it."""

    product: Product
    quantity: int
    attribution: Attribution = field(default_factory=Attribution)


@dataclass(frozen=True)
class ShippingAddress:
    """Where the parcel goes."""

    name: str
    line1: str
    city: str
    postcode: str
    country: str
    line2: str = ""
    region: str = ""  # the state, province or territory's code (OR, QC, NSW), where the country has them


@dataclass(frozen=True)
class Shortage:
    """A line the shelf cannot fill: how many were wanted and how many are left."""

    product: Product
    requested: int
    available: int

    @property
    def message(self) -> str:
        """What the shopper reads: which product, and what is left."""
        if not self.available:
            return f"{self.product.name} has just sold out."
        return f"Only {self.available} of {self.product.name} left; you asked for {self.requested}."


class OutOfStock(Exception):
    """Placing the order failed because some lines are short; nothing was written."""

    def __init__(self, shortages: list[Shortage]):
        self.shortages = shortages
        super().__init__("; ".join(shortage.message for shortage in shortages))


def order_number_new() -> str:
    """Return a fresh order number such as 7KQ4-M2XR (30^8 possibilities)."""
    raw = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def order_place(
    *,
    lines: Sequence[LineRequest],
    email: str,
    address: ShippingAddress,
    shipping_method: ShippingMethod,
    payment_method: str,
    user=None,
    visitor: str = "",
    client: str | None = None,
    request_key: RequestKey | None = None,
) -> Order:
    """Place an order in one transaction: take the stock, copy prices and write the order, or write nothing.

    Raise ValidationError for a basket that cannot be ordered (empty, too many units of a product or too
    many products once lines of the same product are added up, mixed currencies, a payment method that
    cannot take the order's currency, e.g. an invoice with no bank account for it), RateLimited when
    `client` (its address; None for staff and scripts) or the email placed too many orders lately, and
    OutOfStock naming each short line. The order holds its stock until `hold_expires_at` unless paid.
    With a `request_key`, raise AlreadyPlaced when that key placed an order before, or is placing one
    now: this waits for it, before anything is counted against the limits. The confirmation email
    is written to the outbox with the order (unless its address had too many emails lately:
    `confirmation_withheld_at`) and sent after commit; each line is counted as an order event,
    attributed to where it was found. The number of queries does not grow with the lines.
    """
    lines = order_lines_check(lines=lines, shipping_method=shipping_method)
    currency = shipping_method.currency
    provider = provider_get(payment_method)
    if provider is not None and (refusal := provider.refusal(currency=currency)):
        raise ValidationError({"payment_method": refusal})
    now = timezone.now()
    subtotal = sum((line.product.price * line.quantity for line in lines), Decimal("0"))
    order = Order(
        user=user if user is not None and user.is_authenticated else None,
        email=email,
        shipping_name=address.name,
        shipping_line1=address.line1,
        shipping_line2=address.line2,
        shipping_city=address.city,
        shipping_region=address.region,
        shipping_postcode=address.postcode,
        shipping_country=address.country,
        shipping_method=shipping_method.code,
        shipping_method_name=shipping_method.name,
        shipping_price=shipping_method.price,
        subtotal=subtotal,
        total=subtotal + shipping_method.price,
        currency=currency,
        payment_method=payment_method,
        hold_expires_at=order_hold_end(payment_method=payment_method, now=now),
    )
    permit = confirmation = None
    try:
        with transaction.atomic():
            # First: a concurrent repeat of the key waits here until this commits, then finds this order,
            # having counted nothing against the limits and locked no stock.
            claim = order_request_claim(key=request_key) if request_key is not None else None
            permit = order_rate_take(client=client, email=email) if client is not None else None
            confirmation = recipient_email_take(email=email)
            order.confirmation_withheld_at = None if confirmation.allowed else now
            _order_write(order, lines, visitor=visitor)
            if claim is not None:
                order_request_link(request=claim, order=order)
        return order
    except BaseException:
        rate_give_back(permit, confirmation)  # nothing was ordered, and no confirmation goes out
        raise


def order_lines_check(*, lines: Sequence[LineRequest], shipping_method: ShippingMethod) -> list[LineRequest]:
    """Return the lines as one order holds them (one per product), or raise ValidationError on `lines`.

    Refused: an empty basket, too many units of a product or too many products once lines of the
    same product are added up, and products priced in another currency than the shipping method's.
    Placing an order and quoting one check the same way.
    """
    lines = _merged(lines)
    if not lines:
        raise ValidationError({"lines": "The cart is empty."})
    if problems := order_size_problems((line.product, line.quantity) for line in lines):
        raise ValidationError({"lines": problems})
    currency = shipping_method.currency
    foreign = sorted({line.product.currency for line in lines} - {currency})
    if foreign:
        raise ValidationError({"lines": f"Products priced in {', '.join(foreign)} cannot be ordered in {currency}."})
    return lines


def _order_write(order: Order, lines: list[LineRequest], *, visitor: str) -> None:
    """Take the stock and write the order with its lines, in the caller's transaction, or raise OutOfStock."""
    short = products_stock_take(quantities={line.product.pk: line.quantity for line in lines})
    if short:
        raise OutOfStock(
            [
                Shortage(line.product, line.quantity, short[line.product.pk])
                for line in lines
                if line.product.pk in short
            ]
        )
    _save_with_fresh_number(order)
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=line.product,
            product_name=line.product.name,
            product_sku=line.product.sku,
            product_slug=line.product.slug,
            unit_price=line.product.price,
            quantity=line.quantity,
            line_total=line.product.price * line.quantity,
            source=line.attribution.source,
            source_condition=line.attribution.condition,
            source_assessment=line.attribution.assessment,
        )
        for line in lines
    )
    if order.confirmation_withheld_at is None:
        order_emails_owe(orders=[order], kind=MessageKind.CONFIRMATION)
    transaction.on_commit(lambda: _order_events_record(lines, visitor=visitor))


def _order_events_record(lines: Sequence[LineRequest], *, visitor: str) -> None:
    """Count one order event per line, with its source and condition, for the funnel and popularity."""
    for line in lines:
        events_record(
            kind=EventKind.ORDER,
            product_ids=[line.product.pk],
            condition=line.attribution.condition,
            source=line.attribution.source,
            visitor=visitor,
        )


def _merged(lines: Sequence[LineRequest]) -> list[LineRequest]:
    """Join lines of the same product (an API client may send it twice), keeping the first attribution."""
    merged: dict[int, LineRequest] = {}
    for line in lines:
        if line.product.pk in merged:
            first = merged[line.product.pk]
            merged[line.product.pk] = LineRequest(first.product, first.quantity + line.quantity, first.attribution)
        else:
            merged[line.product.pk] = line
    return list(merged.values())


def _save_with_fresh_number(order: Order) -> None:
    for attempt in range(NUMBER_ATTEMPTS):
        order.number = order_number_new()
        try:
            with transaction.atomic():
                order.save(force_insert=True)
            return
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1 or not Order.objects.filter(number=order.number).exists():
                raise


@transaction.atomic
def order_mark_paid(*, order: Order, reference: str = "") -> bool:
    """Mark a placed order paid and email the shopper that the payment arrived; False when it was not waiting.

    An order already paid or cancelled is left as it is, and nothing is emailed.
    """
    now = timezone.now()
    changes = {"status": OrderStatus.PAID, "paid_at": now, "hold_expires_at": None, "updated_at": now}
    if reference:
        changes["payment_reference"] = reference
    changed = Order.objects.filter(pk=order.pk, status=OrderStatus.PLACED).update(**changes)
    order.refresh_from_db()
    if changed:
        order_emails_owe(orders=[order], kind=MessageKind.PAID)
    return bool(changed)


TRACKING_URL = URLValidator(schemes=["http", "https"])


@transaction.atomic
def order_fulfil(*, order: Order, tracking_number: str = "", tracking_url: str = "") -> bool:
    """Mark a paid order as sent, with the carrier's tracking number and page if any, and email the shopper.

    Return False for an order that was not paid (nothing changes). Raise ValidationError, writing
    nothing, for a tracking number over 100 characters or a page that is not an http(s) address.
    """
    tracking_number, tracking_url = tracking_number.strip(), tracking_url.strip()
    problems = {"tracking_number": "At most 100 characters."} if len(tracking_number) > 100 else {}
    try:
        if tracking_url and len(tracking_url) <= 500:
            TRACKING_URL(tracking_url)
        elif tracking_url:
            raise ValidationError("too long")
    except ValidationError:
        problems["tracking_url"] = "Enter the carrier's tracking page: an http(s) address of at most 500 characters."
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    changed = Order.objects.filter(pk=order.pk, status=OrderStatus.PAID).update(
        status=OrderStatus.FULFILLED,
        fulfilled_at=now,
        updated_at=now,
        tracking_number=tracking_number,
        tracking_url=tracking_url,
    )
    order.refresh_from_db()
    if changed:
        order_emails_owe(orders=[order], kind=MessageKind.SHIPPED)
    return bool(changed)


@transaction.atomic
def order_cancel(*, order: Order) -> bool:
    """Cancel an order that has not shipped and put its units back on the shelf, once."""
    now = timezone.now()
    changed = Order.objects.filter(pk=order.pk, status__in=[OrderStatus.PLACED, OrderStatus.PAID]).update(
        status=OrderStatus.CANCELLED, cancelled_at=now, updated_at=now
    )
    if changed:
        order_stock_return(order_id=order.pk, now=now)
    order.refresh_from_db()
    return bool(changed)


def order_emails_owe(*, orders: list[Order], kind: str) -> None:
    """Write the emails to the outbox in the caller's transaction, and have a worker send them after commit."""
    outbox_messages_add(orders=orders, kind=kind)
    transaction.on_commit(outbox_send_soon, robust=True)


def outbox_send_soon() -> None:
    """Queue a dispatcher run; when the broker is away, beat's run every few seconds sends the emails instead."""
    task_enqueue(outbox_dispatch_task, about="sending order emails")


def order_link_send(*, number: str, email: str, client: str) -> None:
    """Email a fresh link to an order when the number and the email are the order's; say nothing either way.

    Raise RateLimited when the client asked too often. The email counts against its address's limit
    of emails anyone can cause; over it, nothing is sent, and the caller is not told.
    """
    link_request_take(client=client)
    order = Order.objects.filter(number=number.strip().upper(), email__iexact=email.strip()).first()
    if order is not None and recipient_email_take(email=order.email).allowed:
        with transaction.atomic():
            order_emails_owe(orders=[order], kind=MessageKind.LINK)


def order_payment_started(*, order: Order, reference: str) -> None:
    """Remember the provider's id for a payment attempt, so staff can find it on the provider's side."""
    Order.objects.filter(pk=order.pk).update(payment_reference=reference, updated_at=timezone.now())
    order.payment_reference = reference


def order_feedback_submit(*, order: Order, answers: Sequence[tuple[FeedbackItem, str, str]]) -> int:
    """Store a shopper's "did it help?" answers (item, answer, comment); return how many were new.

    A product answered before keeps its first answer: each link counts once per product.
    """
    stored = feedback_record(
        order_number=order.number,
        answers=[
            FeedbackGiven(
                product_id=item.line.product_id,
                condition=item.condition,
                answer=FeedbackAnswer(answer),
                comment=comment,
            )
            for item, answer, comment in answers
        ],
    )
    return len(stored)
