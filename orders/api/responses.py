"""Shapes of what the orders API answers: shipping methods, quotes, placed orders and its refusals."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orders.links import order_token, order_url
from orders.models import OrderStatus
from orders.payments import order_pay_by, provider_get
from shop.api.fields import AbsoluteUrlField


class ShippingMethodSerializer(serializers.Serializer):
    """A way the shop sends a parcel and what it costs per order."""

    code = serializers.CharField(help_text="Send it as `shipping_method` in a quote or an order.")
    name = serializers.CharField(help_text="The method's name, to show.")
    description = serializers.CharField(
        help_text="One line shown under the name, e.g. how long it takes; may be empty."
    )
    price = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Price per order, in `currency`, as a decimal string."
    )
    currency = serializers.CharField(help_text="ISO 4217 code; an order is priced in its shipping method's currency.")


class QuoteLineSerializer(serializers.Serializer):
    """One product of the quote, priced now, with whether the shelf could fill it."""

    product = serializers.CharField(source="product.slug", help_text="Product slug.")
    name = serializers.CharField(source="product.name", help_text="The product's name, to show.")
    url = AbsoluteUrlField(source="product.get_absolute_url", help_text="The product page.")
    unit_price = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Price of one unit now, as a decimal string."
    )
    quantity = serializers.IntegerField(help_text="Units; lines of the same product are added up, as in an order.")
    line_total = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="`unit_price` times `quantity`, as a decimal string."
    )
    available = serializers.IntegerField(help_text="Units on the shelf now; nothing is held for you.")
    enough_stock = serializers.BooleanField(help_text="Whether the shelf could fill this line now.")


class QuoteShippingSerializer(serializers.Serializer):
    """The shipping method the quote uses and what it costs."""

    method = serializers.CharField(source="shipping_method.code", help_text="Code of the shipping method.")
    name = serializers.CharField(source="shipping_method.name", help_text="The shipping method's name, to show.")
    price = serializers.DecimalField(
        source="shipping", max_digits=12, decimal_places=2, help_text="What shipping costs, as a decimal string."
    )


class QuoteOutputSerializer(serializers.Serializer):
    """What the order would cost if placed now; prices and stock may change before it is."""

    lines = QuoteLineSerializer(many=True, help_text="Each product priced, one line per product.")
    subtotal = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Sum of the lines, as a decimal string."
    )
    shipping = QuoteShippingSerializer(source="*", help_text="The shipping method and its price.")
    total = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Subtotal plus shipping, as a decimal string."
    )
    currency = serializers.CharField(help_text="ISO 4217 code of every amount in the quote, e.g. USD.")
    country = serializers.CharField(help_text="ISO 3166 two-letter code of the country it would go to, in capitals.")
    can_order = serializers.BooleanField(help_text="Whether every line could be filled now.")


class SourceOutputSerializer(serializers.Serializer):
    """Where the shopper found the product, as the order recorded it."""

    kind = serializers.CharField(
        source="source",
        help_text="symptom_check (a symptom-check result), guide (a condition guide), related (related products), "
        "search or direct.",
    )
    condition = serializers.CharField(
        source="source_condition", help_text="Slug of the condition it was found for; empty when none."
    )
    assessment = serializers.UUIDField(
        source="source_assessment", allow_null=True, help_text="Id of the symptom-check record; null when none."
    )


class LineOutputSerializer(serializers.Serializer):
    """One product of the order, as it was when the order was placed."""

    product = serializers.CharField(source="product_slug", help_text="Product slug at the time of the order.")
    name = serializers.CharField(source="product_name", help_text="The product's name at the time of the order.")
    sku = serializers.CharField(source="product_sku", help_text="The product's stock code at the time of the order.")
    unit_price = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Price of one unit paid, as a decimal string."
    )
    quantity = serializers.IntegerField(help_text="Units ordered.")
    line_total = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="`unit_price` times `quantity`, as a decimal string."
    )
    source = SourceOutputSerializer(source="*", help_text="Where the shopper found the product.")


class AddressOutputSerializer(serializers.Serializer):
    """Where the parcel goes, as stored, and as printed on it."""

    name = serializers.CharField(source="shipping_name", help_text="Who the parcel is for.")
    line1 = serializers.CharField(source="shipping_line1", help_text="Street and number.")
    line2 = serializers.CharField(source="shipping_line2", help_text="Empty when there is none.")
    city = serializers.CharField(source="shipping_city", help_text="City or town.")
    region = serializers.CharField(
        source="shipping_region",
        help_text="The state, province or territory's code (OR, QC, NSW); empty where the country has none.",
    )
    postcode = serializers.CharField(
        source="shipping_postcode",
        help_text="Written the country's way (97201-1234, SW1A 1AA); empty for an address without one (Ireland).",
    )
    country = serializers.CharField(source="shipping_country", help_text="ISO 3166 two-letter code.")
    lines = serializers.ListField(
        source="shipping_address_lines",
        child=serializers.CharField(),
        help_text="The address as the parcel and the order page print it, one line each, in the country's order: "
        "“Springfield, IL 62704”, then “United States”.",
    )


class ShippingOutputSerializer(serializers.Serializer):
    """How and where the order is sent."""

    method = serializers.CharField(source="shipping_method", help_text="Code of the shipping method.")
    name = serializers.CharField(source="shipping_method_name", help_text="The shipping method's name, to show.")
    price = serializers.DecimalField(
        source="shipping_price", max_digits=12, decimal_places=2, help_text="What shipping cost, as a decimal string."
    )
    address = AddressOutputSerializer(source="*", help_text="Where the parcel goes.")


class OrderOutputSerializer(serializers.Serializer):
    """An order as a client sees it; `payment_url` comes in the context when a payment was just started."""

    number = serializers.CharField(help_text="The order number, e.g. 7KQ4-M2XR.")
    status = serializers.ChoiceField(
        choices=OrderStatus.choices,
        help_text="placed (waiting to be paid), paid, fulfilled (the parcel was sent) or cancelled.",
    )
    created_at = serializers.DateTimeField(help_text="When the order was placed (ISO 8601 date and time).")
    hold_expires_at = serializers.DateTimeField(
        allow_null=True,
        help_text="While unpaid, the order holds its stock until then; after that it is cancelled. Null once paid.",
    )
    email = serializers.EmailField(help_text="Where the confirmation and shipping emails go.")
    lines = LineOutputSerializer(many=True, help_text="The products ordered.")
    subtotal = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Sum of the lines, as a decimal string."
    )
    shipping = ShippingOutputSerializer(source="*", help_text="How and where the order is sent, and what it cost.")
    total = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Subtotal plus shipping, as a decimal string."
    )
    currency = serializers.CharField(help_text="ISO 4217 code of every amount in the order, e.g. USD.")
    payment_method = serializers.CharField(help_text="Key of the payment provider chosen, e.g. invoice.")
    payment_instructions = serializers.SerializerMethodField(
        help_text="How the order gets paid, in plain words; while unpaid, it ends with the one date to pay by, "
        "`hold_expires_at`, after which the order is cancelled."
    )
    payment_url = serializers.SerializerMethodField(help_text="Where the shopper pays online, if anywhere.")
    url = serializers.SerializerMethodField(help_text="The order page, with its signed token: a guest can open it.")
    token = serializers.SerializerMethodField(
        help_text="Signed token: pass it as ?token= to read this order without an account."
    )

    def get_payment_instructions(self, order) -> str:
        provider = provider_get(order.payment_method)
        how = provider.instructions(order=order) if provider else ""
        return " ".join(filter(None, [how, order_pay_by(order=order)]))

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_payment_url(self, order) -> str | None:
        return self.context.get("payment_url")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, order) -> str:
        return self.context["request"].build_absolute_uri(order_url(order=order))

    def get_token(self, order) -> str:
        return order_token(order=order)


class ShortLineSerializer(serializers.Serializer):
    """A line the shelf cannot fill."""

    index = serializers.IntegerField(help_text="Position of the line in the request.")
    product = serializers.CharField(help_text="Product slug.")
    requested = serializers.IntegerField(help_text="Units asked for.")
    available = serializers.IntegerField(help_text="Units left now.")
    message = serializers.CharField(help_text="What is short, in words to show the shopper.")


class ShortStockSerializer(serializers.Serializer):
    """A 409: some lines cannot be filled; nothing was ordered."""

    detail = serializers.CharField(help_text="What is short, in words to show the shopper.")
    lines = ShortLineSerializer(many=True, help_text="Each line that cannot be filled.")


class NotFoundSerializer(serializers.Serializer):
    """A 404: there is no such order, or it is not yours to see."""

    detail = serializers.CharField(help_text="What was not found, for a person to read.")


class OrdersLimitedSerializer(serializers.Serializer):
    """A 429: too many orders lately; nothing was ordered."""

    detail = serializers.CharField(help_text="What was limited and when to try again.")


class KeyReusedSerializer(serializers.Serializer):
    """A 422: the Idempotency-Key placed an order with another body; nothing was placed."""

    detail = serializers.CharField(help_text="What was wrong and what to send instead.")
