"""The events API: apps report their shoppers' clicks and product views."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics.models import EventKind
from analytics.services import events_record
from catalog.models import Product
from shop.api.examples import operation_examples
from shop.api.fields import JsonTypesMixin
from shop.api.throttling import EventThrottle

# The kinds an app may report, named `EventKind` in the schema (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
API_EVENT_KINDS = (EventKind.CLICK, EventKind.VIEW)


class EventSerializer(JsonTypesMixin, serializers.Serializer):
    """A click or view an app reports, so its shoppers count towards popularity and click-through."""

    kind = serializers.ChoiceField(
        choices=list(API_EVENT_KINDS),
        help_text="click: the shopper opened a recommended product; view: the shopper viewed a product.",
    )
    product = serializers.SlugField(max_length=200, help_text="Slug of a product for sale.")
    condition = serializers.SlugField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="Slug of the condition the product was recommended for, if any; empty or omitted otherwise.",
    )
    visitor = serializers.RegexField(
        r"^[A-Za-z0-9]{8,32}$",
        required=False,
        default="",
        help_text="Your own anonymous id for the shopper, 8 to 32 letters and digits, so one shopper's views "
        "count once; empty or omitted when you have none.",
    )

    def validate_product(self, slug):
        product = Product.objects.available().filter(slug=slug).values_list("pk", flat=True).first()
        if product is None:
            raise serializers.ValidationError(f"No product with slug “{slug}”.")
        return product


class EventView(APIView):
    """Record a shopper's click on a recommended product, or a product view, from an app."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [*APIView.throttle_classes, EventThrottle]

    @extend_schema(
        summary="Report a click or product view",
        description=(
            "Tell the shop that a shopper of your app opened a product (`view`) or a recommended product "
            "(`click`), so your shoppers count towards what is popular. `visitor` is your own anonymous id for "
            "the shopper (8 to 32 letters and digits), so one shopper's views count once. Answers 202 with no body."
        ),
        request=EventSerializer,
        responses={202: None},
        examples=operation_examples("events_create"),
    )
    def post(self, request):
        serializer = EventSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        events_record(
            kind=data["kind"],
            product_ids=[data["product"]],
            condition=data["condition"],
            source="api",
            visitor=data["visitor"],
        )
        return Response(status=202)
