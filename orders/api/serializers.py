"""Shapes of what an orders API client sends: lines, an address, a basket to quote or to place as an order."""

from collections.abc import Mapping

from rest_framework import serializers

from catalog.models import Product
from orders.addresses import countries_shipped_to, country_get
from orders.cart import Attribution
from orders.limits import max_units
from orders.models import Source
from orders.payments import providers_enabled
from orders.selectors import shipping_method_list
from orders.services import LineRequest, ShippingAddress
from shop.api.fields import JsonTypesMixin, StrictCharField, StrictIntegerField

LINE_UNITS_MAX = 1_000_000  # a bound on the number itself; the shop's own limit is checked per product


class StrictSerializer(JsonTypesMixin, serializers.Serializer):
    """Reject fields the API does not know and values of the wrong JSON type, at any depth."""

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, Mapping) else []
        errors = {}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not isinstance(exc.detail, Mapping):
                raise
            errors = dict(exc.detail)
        errors.update({name: ["Unknown field."] for name in unknown})
        if errors:
            raise serializers.ValidationError(errors)
        return value


class SourceSerializer(StrictSerializer):
    """Where the shopper found the product, so the shop can tell which of its pages and answers sell."""

    kind = serializers.ChoiceField(
        choices=Source.choices, default=Source.DIRECT, help_text="Where the product was found."
    )
    condition = serializers.SlugField(
        max_length=100,
        required=False,
        default="",
        allow_blank=True,
        help_text="Condition slug, for guide and symptom_check.",
    )
    assessment = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="Symptom-check record id."
    )


class LineInputSerializer(StrictSerializer):
    """One product to order and how many."""

    product = serializers.SlugField(max_length=200, help_text="Product slug.")
    quantity = StrictIntegerField(
        min_value=1,
        max_value=LINE_UNITS_MAX,
        default=1,
        help_text="Units. One order holds at most 10 units of a product (unless the shop changed the limit), "
        "lines of the same product added up.",
    )
    source = SourceSerializer(required=False, help_text="Where the shopper found the product; direct when omitted.")

    def validate_quantity(self, value):
        if value > max_units():
            raise serializers.ValidationError(f"At most {max_units()} units of one product per order.")
        return value


def country_field(**kwargs) -> serializers.RegexField:
    """A country as a two-letter code, read in upper case: the address's and the quote's."""
    return serializers.RegexField(
        r"^[A-Za-z]{2}$", help_text="ISO 3166 two-letter code of a country the shop ships to, e.g. US "
        "(see the checkout's list; an unknown one gets a 400 naming them).",
        error_messages={"invalid": "Enter the two-letter country code, e.g. US."}, **kwargs,
    )  # fmt: skip


def country_shipped_to(value: str) -> str:
    """Return the country code in capitals if the shop ships there, or refuse it naming the countries it does."""
    code = value.upper()
    offered = sorted(country.code for country in countries_shipped_to())
    if code not in offered:
        raise serializers.ValidationError(f"We do not ship to {code}: use one of {', '.join(offered)}.")
    return code


class AddressSerializer(StrictSerializer):
    """Where the parcel goes, checked by its country's rules as the checkout checks it."""

    name = StrictCharField(max_length=200, help_text="Who the parcel is for, as it goes on the label.")
    line1 = StrictCharField(max_length=200, help_text="Street and number.")
    line2 = StrictCharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Flat, floor or building, if any; empty or omitted when there is none.",
    )
    city = StrictCharField(max_length=100, help_text="City or town.")
    region = StrictCharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="The state, province or territory's code as on envelopes (OR, QC, NSW): required in the United "
        "States, Canada and Australia, empty or omitted elsewhere. A 400 names the codes of the country.",
    )
    postcode = StrictCharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="Postal code, written as you like (sw1a1aa); stored and returned the country's way (SW1A 1AA). "
        "Required except where the country's addresses may have none (Ireland's Eircode). A 400 names the format.",
    )
    country = country_field()

    def validate_country(self, value):
        return country_shipped_to(value)

    def validate(self, attrs):
        country = country_get(attrs["country"])
        attrs["region"], region_problem = country.region_check(attrs.get("region", ""))
        attrs["postcode"], postcode_problem = country.postcode_check(attrs.get("postcode", ""))
        problems = {"region": region_problem, "postcode": postcode_problem}
        if errors := {name: [problem] for name, problem in problems.items() if problem}:
            raise serializers.ValidationError(errors)
        return attrs


class BasketInputSerializer(StrictSerializer):
    """Lines and a shipping method, checked the same way for an order and for a quote.

    Product slugs are checked in one query; stock is checked when the order is placed.
    """

    shipping_method = serializers.SlugField(
        required=False, help_text="Code of a shipping method (see /api/v1/shipping-methods/); the first when omitted."
    )
    lines = LineInputSerializer(
        many=True,
        allow_empty=False,
        max_length=100,
        help_text="The products and how many of each, 1 to 100 lines; a 400 names each line whose product is not "
        "for sale (by its position, from 0).",
    )

    def validate_lines(self, lines):
        products = Product.objects.available().in_bulk({line["product"] for line in lines}, field_name="slug")
        # Keyed by position, as DRF reports errors inside a list.
        errors = {
            str(position): {"product": [f"No product for sale with slug “{line['product']}”."]}
            for position, line in enumerate(lines)
            if line["product"] not in products
        }
        if errors:
            raise serializers.ValidationError(errors)
        return [{**line, "product": products[line["product"]]} for line in lines]

    def validate_shipping_method(self, code):
        method = shipping_method_list().filter(code=code).first()
        if method is None:
            raise serializers.ValidationError(f"No shipping method “{code}”.")
        return method

    def validate(self, attrs):
        if "shipping_method" not in attrs:
            attrs["shipping_method"] = shipping_method_list().first()
            if attrs["shipping_method"] is None:
                raise serializers.ValidationError({"shipping_method": ["No shipping method is offered."]})
        return attrs

    def line_requests(self) -> list[LineRequest]:
        """Return the validated lines as the service takes them."""
        requests = []
        for line in self.validated_data["lines"]:
            source = line.get("source") or {}
            attribution = Attribution.clean(
                source=source.get("kind", Source.DIRECT),
                condition=source.get("condition", ""),
                assessment=str(source.get("assessment") or ""),
            )
            requests.append(LineRequest(line["product"], line["quantity"], attribution))
        return requests


class OrderInputSerializer(BasketInputSerializer):
    """An order: the basket, who it is for, where it goes and how it is paid."""

    email = serializers.EmailField(
        help_text="The shopper's email address: the confirmation and shipping emails go there."
    )
    shipping_address = AddressSerializer(help_text="Where the parcel goes.")
    payment_method = serializers.ChoiceField(choices=[], help_text="Key of an enabled payment provider, e.g. invoice.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment_method"].choices = [(p.key, p.label) for p in providers_enabled()]

    def address(self) -> ShippingAddress:
        """Return the validated address as the service takes it."""
        return ShippingAddress(**self.validated_data["shipping_address"])


class QuoteInputSerializer(BasketInputSerializer):
    """A basket to price: the lines, the shipping method and the country it would go to."""

    country = country_field()

    def validate_country(self, value):
        return country_shipped_to(value)
