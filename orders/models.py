"""Orders: what a shopper bought, at which price, where it goes, and how far it has got."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from catalog.models import Product
from orders.addresses import address_lines

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}
CURRENCY_CODE = RegexValidator(r"^[A-Z]{3}$", "Enter the currency as three capital letters, e.g. USD, GBP or EUR.")


class ShippingMethod(models.Model):
    """A way Limber can send a parcel, with its price."""

    code = models.SlugField(max_length=40, unique=True, help_text="Public identifier used in forms and the API.")
    name = models.CharField(max_length=100, help_text="Shown to shoppers at checkout, e.g. “Standard (3–5 days)”.")
    description = models.CharField(max_length=200, blank=True, help_text="One line shown under the name.")
    price = models.DecimalField(**MONEY, help_text="Price per order, zero or more.")
    currency = models.CharField(
        max_length=3,
        default=settings.LIMBER_CURRENCY,
        validators=[CURRENCY_CODE],
        help_text="The currency of the price, e.g. USD.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")
    is_active = models.BooleanField("active", default=True, help_text="Inactive methods are not offered.")

    class Meta:
        ordering = ["position", "price", "pk"]

    def __str__(self):
        return self.name


class OrderStatus(models.TextChoices):
    PLACED = "placed", "Placed"
    PAID = "paid", "Paid"
    FULFILLED = "fulfilled", "Fulfilled"
    CANCELLED = "cancelled", "Cancelled"


class Order(models.Model):
    """One placed order with its own copy of lines, prices and the address it ships to."""

    number = models.CharField(
        max_length=12, unique=True, help_text="What the shopper reads out on the phone, e.g. 7KQ4-M2XR."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
        help_text="The account that placed it; empty for a guest.",
    )
    email = models.EmailField(help_text="Where the confirmation and shipping emails go.")
    shipping_name = models.CharField("name", max_length=200, help_text="Who the parcel is addressed to.")
    shipping_line1 = models.CharField("address line 1", max_length=200)
    shipping_line2 = models.CharField("address line 2", max_length=200, blank=True)
    shipping_city = models.CharField("city", max_length=100)
    shipping_region = models.CharField(
        "state or province",
        max_length=3,
        blank=True,
        help_text="The state, province or territory, as on envelopes (OR, QC, NSW); empty where the country has none.",
    )
    shipping_postcode = models.CharField(
        "postcode",
        max_length=20,
        blank=True,
        help_text="Written the country's way (97201-1234, SW1A 1AA); empty only where the country's addresses may "
        "have none (an Irish address without an Eircode).",
    )
    shipping_country = models.CharField(
        "country",
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{2}$")],
        help_text="The country the parcel goes to; its rules decide whether a state and a postcode are needed.",
    )
    shipping_method = models.CharField(max_length=40, help_text="Code of the shipping method chosen.")
    shipping_method_name = models.CharField(max_length=100, help_text="Its name at order time.")
    shipping_price = models.DecimalField(**MONEY, help_text="Its price at order time.")
    subtotal = models.DecimalField(**MONEY, help_text="Sum of the lines.")
    total = models.DecimalField(**MONEY, help_text="Subtotal plus shipping.")
    currency = models.CharField(
        max_length=3, validators=[CURRENCY_CODE], help_text="The currency of every amount, e.g. USD."
    )
    status = models.CharField(max_length=12, choices=OrderStatus.choices, default=OrderStatus.PLACED, db_index=True)
    payment_method = models.CharField(
        max_length=20, help_text="How the shopper pays: by invoice (bank transfer) or by card online (Stripe)."
    )
    payment_reference = models.CharField(
        max_length=200,
        blank=True,
        help_text="The card payment service's reference for the payment, e.g. a Stripe Checkout session.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True, help_text="When the order was placed.")
    updated_at = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True, help_text="When the parcel left.")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    restocked_at = models.DateTimeField(
        null=True, blank=True, help_text="When a cancellation put the units back; set once, so stock returns once."
    )
    hold_expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="While unpaid, the order holds its stock until then; after that it is cancelled and the "
        "stock goes back on sale. Empty once paid.",
    )
    expired_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was cancelled because payment did not arrive before its hold ended."
    )
    confirmation_withheld_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the confirmation was not emailed because its address had had too many emails from "
        "Limber within the hour; the order stands and its page says so.",
    )
    tracking_number = models.CharField(
        max_length=100,
        blank=True,
        help_text="The carrier's tracking number, shown in the shipped email and on the order page.",
    )
    tracking_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="Where the shopper follows the parcel (http or https), if the carrier has such a page.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("view_sales_dashboard", "Can view the sales dashboard"),
            ("view_funnel", "Can view what recommendations sell"),
        ]
        constraints = [
            # Sums are checked in services.py: SQLite compares decimals as floats.
            models.CheckConstraint(condition=Q(total__gte=F("subtotal")), name="order_total_covers_subtotal"),
        ]
        indexes = [
            # The hold sweep reads unpaid orders by the end of their hold; paid and past orders stay out of it.
            models.Index(fields=["hold_expires_at"], condition=Q(status=OrderStatus.PLACED), name="order_open_hold"),
        ]

    def __str__(self):
        return f"Order {self.number}"

    @property
    def is_open(self) -> bool:
        """Whether staff can still move it on (not fulfilled or cancelled)."""
        return self.status in (OrderStatus.PLACED, OrderStatus.PAID)

    @property
    def refund_due(self) -> bool:
        """Whether money arrived for an order that stays cancelled, so staff must refund it."""
        return self.status == OrderStatus.CANCELLED and self.paid_at is not None

    @property
    def shipping_address_lines(self) -> list[str]:
        """The address as it goes on the parcel, one line each."""
        return address_lines(
            name=self.shipping_name,
            line1=self.shipping_line1,
            line2=self.shipping_line2,
            city=self.shipping_city,
            region=self.shipping_region,
            postcode=self.shipping_postcode,
            country=self.shipping_country,
        )


class Source(models.TextChoices):
    SYMPTOM_CHECK = "symptom_check", "Symptom-check result"
    GUIDE = "guide", "Condition guide"
    RELATED = "related", "Related products"
    SEARCH = "search", "Search"
    DIRECT = "direct", "Direct"


class OrderLine(models.Model):
    """One product on an order, copied at order time, with where the shopper found it."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product,
        null=True,
        on_delete=models.SET_NULL,
        related_name="order_lines",
        help_text="The catalogue product; the copied fields below stay if it is deleted.",
    )
    product_name = models.CharField(max_length=200, help_text="Name at order time.")
    product_sku = models.CharField("SKU", max_length=64, help_text="SKU at order time.")
    product_slug = models.SlugField(max_length=200, help_text="The product's web-address name at order time.")
    unit_price = models.DecimalField(**MONEY, help_text="Price per unit at order time.")
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    line_total = models.DecimalField(**MONEY, help_text="Unit price times quantity.")
    source = models.CharField(
        max_length=20, choices=Source.choices, default=Source.DIRECT, help_text="Where the shopper found the product."
    )
    source_condition = models.SlugField(
        max_length=100,
        blank=True,
        help_text="The condition the guide or symptom check was about (its web-address name).",
    )
    source_assessment = models.UUIDField(
        null=True, blank=True, help_text="The symptom-check record (its uid) the product came from."
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product_name}"


class PaymentEvent(models.Model):
    """A provider's notification already acted on; a replay of the same event id changes nothing."""

    provider = models.CharField(
        max_length=20, help_text="Who sent the notice: the invoice payments or the card payment service (Stripe)."
    )
    event_id = models.CharField(
        max_length=255, help_text="The payment service's own reference for the notice; a notice sent twice counts once."
    )
    kind = models.CharField(max_length=100, help_text="What the payment service says happened, in its own words.")
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="payment_events")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="payment_event_unique")]

    def __str__(self):
        return f"{self.provider} {self.kind} {self.event_id}"


class OrderRequest(models.Model):
    """A request that placed an order, by its key: a repeat of the key finds this order instead of placing another.

    The row is written first in the order's own transaction, so a concurrent repeat waits on its unique
    key until the first commits, then finds it; a placement that fails writes no row.
    """

    scope = models.CharField(
        max_length=40,
        help_text="Who sent it: “api:guest” (an app without an account), “api:user:” and the account's number "
        "(an app signed in to that account), or “checkout” (the shop's review page).",
    )
    key = models.CharField(
        max_length=255,
        help_text="The one-time code the app or the review page sent with the order, "
        "so an order sent twice is placed once.",
    )
    fingerprint = models.CharField(
        max_length=64,
        help_text="A fingerprint of what the app sent, or of what the review page showed, to tell a true repeat.",
    )
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.CASCADE, related_name="requests", help_text="The order placed."
    )
    response_status = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The status of the first reply to an app (such as 201 for placed), given again to every repeat.",
    )
    response_body = models.TextField(
        blank=True, help_text="The first reply to an app, exactly as sent, given again to every repeat."
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
        db_index=True,
        help_text="When it arrived; the code is forgotten a day later (or after the hours the shop's settings give).",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="order_request_unique_key")]

    def __str__(self):
        return f"{self.scope} {self.key[:20]}"


class MessageKind(models.TextChoices):
    CONFIRMATION = "confirmation", "Order confirmation"
    PAID = "paid", "Payment received"
    REMINDER = "reminder", "Payment reminder"
    SHIPPED = "shipped", "Shipped"
    FEEDBACK = "feedback", "Did it help?"
    LINK = "link", "Fresh order link"


class MessageState(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent: no longer needed"
    FAILED = "failed", "Gave up"


OWED_STATES = [MessageState.PENDING, MessageState.SENDING]


class OutboxMessage(models.Model):
    """An email an order owes its shopper, written in the transaction that causes it and sent by the dispatcher."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    recipient = models.EmailField(help_text="The address it goes to: the order's email when it was written.")
    state = models.CharField(max_length=10, choices=MessageState.choices, default=MessageState.PENDING)
    message_id = models.CharField(
        "Message-ID",
        max_length=255,
        unique=True,
        help_text="Sent as the email's Message-ID, the same on every attempt, so a copy sent twice can be recognised.",
    )
    attempts = models.PositiveIntegerField(default=0, help_text="Times a worker started sending it.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the event that owes it happened.")
    next_attempt_at = models.DateTimeField(
        default=timezone.now,
        help_text="Waiting: the earliest a worker tries it (later after a failure). Being sent: the end of the "
        "sending worker's lease; no other worker sends it before then, and if that worker stopped mid-send, "
        "it is sent again after then.",
    )
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the mail server accepted it.")
    last_error = models.CharField(max_length=500, blank=True, help_text="Why the last attempt failed, if it did.")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # Every kind but a requested link goes out once per order, however often its cause is replayed.
            models.UniqueConstraint(
                fields=["order", "kind"], condition=~Q(kind=MessageKind.LINK), name="outbox_once_per_order"
            ),
        ]
        indexes = [
            # The dispatcher's claim reads only messages still owed, oldest first.
            models.Index(fields=["created_at", "id"], condition=Q(state__in=OWED_STATES), name="outbox_owed"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for order {self.order_id}"
