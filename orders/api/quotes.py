"""Orders API before an order: the shipping methods on offer, and a quote for a basket."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from orders.api.responses import QuoteOutputSerializer, ShippingMethodSerializer
from orders.api.serializers import QuoteInputSerializer
from orders.quotes import order_quote
from orders.selectors import shipping_method_list
from shop.api.examples import operation_examples
from shop.api.schema import field_errors_response


class ShippingMethodListApi(APIView):
    """The shipping methods a shopper may choose, in the order the checkout lists them."""

    @extend_schema(
        operation_id="shipping_methods_list",
        summary="List shipping methods and their prices",
        description=(
            "Every way the shop can send an order, with its price per order and currency. "
            "The first is used when an order or a quote names none."
        ),
        responses=ShippingMethodSerializer(many=True),
        examples=operation_examples("shipping_methods_list"),
    )
    def get(self, request):
        return Response(ShippingMethodSerializer(shipping_method_list(), many=True).data)


class OrderQuoteApi(APIView):
    """Price a basket as placing it would, without placing it."""

    permission_classes = [permissions.AllowAny]  # anyone may ask a price; throttled like reads

    @extend_schema(
        operation_id="orders_quote",
        summary="Price a basket without ordering",
        description=(
            "Returns what an order of these lines would cost now: each line at today's price, the "
            "shipping, the total and the currency, and how many units of each product are on the shelf. "
            "Nothing is ordered and no stock is held, so prices and stock may change before you place "
            "the order. The body is checked exactly as `POST /api/v1/orders/` checks its `lines` and "
            "`shipping_method`, with the same messages per field."
        ),
        request=QuoteInputSerializer,
        responses={200: QuoteOutputSerializer, 400: field_errors_response()},
        examples=operation_examples("orders_quote"),
    )
    def post(self, request):
        serializer = QuoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            quote = order_quote(
                lines=serializer.line_requests(), shipping_method=data["shipping_method"], country=data["country"]
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(QuoteOutputSerializer(quote, context={"request": request}).data)
