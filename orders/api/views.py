"""Orders API: place an order from lines in one request, and read it back."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from orders.api.serializers import (
    NotFoundSerializer,
    OrderInputSerializer,
    OrderOutputSerializer,
    OrdersLimitedSerializer,
    ShortStockSerializer,
)
from orders.holds import order_hold_renew
from orders.limits import RateLimited
from orders.links import order_url
from orders.payments import PaymentUnavailable, provider_get
from orders.selectors import order_get_for_viewer, order_with_lines
from orders.services import OutOfStock, order_payment_started, order_place
from shop.client_address import client_address

EXAMPLE = {
    "email": "sam@example.com",
    "shipping_address": {
        "name": "Sam Runner",
        "line1": "1 Track Lane",
        "line2": "",
        "city": "Springfield",
        "postcode": "12345",
        "country": "US",
    },
    "payment_method": "invoice",
    "lines": [
        {
            "product": "patella-strap",
            "quantity": 1,
            "source": {"kind": "symptom_check", "condition": "runners-knee"},
        }
    ],
}


def _output(request, order, *, payment_url=None) -> dict:
    return OrderOutputSerializer(order, context={"request": request, "payment_url": payment_url}).data


class OrderCreateApi(APIView):
    """Place a guest order (or one for the token's user) from product lines."""

    permission_classes = [permissions.AllowAny]  # a guest can buy; throttled like every endpoint

    @extend_schema(
        summary="Place an order",
        description=(
            "Stock is checked and taken in one transaction: on any error nothing is written. "
            "With an API token the order belongs to the token's user; without one it is a guest order, "
            "readable with the returned `token` until it expires. An unpaid order holds its stock until "
            "`hold_expires_at`, then it is cancelled. Limits: units of one product and different products "
            "per order (a 400 on `lines`), and orders per client address and per email address in a "
            "sliding window (a 429 with `Retry-After`)."
        ),
        request=OrderInputSerializer,
        parameters=[
            OpenApiParameter(
                "Retry-After",
                OpenApiTypes.INT,
                location=OpenApiParameter.HEADER,
                response=[429],
                description="Seconds to wait before placing another order.",
            )
        ],
        responses={
            201: OrderOutputSerializer,
            409: OpenApiResponse(ShortStockSerializer, description="Not enough stock; names each short line."),
            429: OpenApiResponse(
                OrdersLimitedSerializer,
                description="Too many orders from this client address or for this email address lately; "
                "nothing was ordered. `Retry-After` says when one more is allowed.",
            ),
        },
        examples=[OpenApiExample("Invoice order from a symptom check", value=EXAMPLE, request_only=True)],
    )
    def post(self, request):
        serializer = OrderInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        requests = serializer.line_requests()
        try:
            order = order_place(
                lines=requests,
                email=data["email"],
                address=serializer.address(),
                shipping_method=data["shipping_method"],
                payment_method=data["payment_method"],
                user=request.user,
                client=client_address(request),
            )
        except RateLimited as exc:
            raise Throttled(wait=exc.wait_seconds, detail=exc.message) from exc
        except OutOfStock as exc:
            positions = {line.product.pk: index for index, line in enumerate(requests)}
            body = {
                "detail": "Not enough stock for some lines; nothing was ordered.",
                "lines": [
                    {
                        "index": positions[shortage.product.pk],
                        "product": shortage.product.slug,
                        "requested": shortage.requested,
                        "available": shortage.available,
                        "message": shortage.message,
                    }
                    for shortage in exc.shortages
                ],
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        order = order_with_lines(number=order.number)
        return Response(_output(request, order, payment_url=_payment_url(request, order)), status=201)


def _payment_url(request, order) -> str | None:
    provider = provider_get(order.payment_method)
    view_url = request.build_absolute_uri(order_url(order=order))
    if provider.pays_online and not order_hold_renew(order=order, provider=provider):
        return None
    try:
        start = provider.start(order=order, return_url=f"{view_url}&paid=1", cancel_url=view_url)
    except PaymentUnavailable:
        return None  # the order stands; the shopper can pay from its page
    if start is None:
        return None
    order_payment_started(order=order, reference=start.reference)
    return start.redirect_url


class OrderDetailApi(APIView):
    """One order, for the token user who placed it, staff, or whoever holds its signed token."""

    permission_classes = [permissions.AllowAny]  # the order itself decides who may read it

    @extend_schema(
        summary="Get an order",
        parameters=[OpenApiParameter("token", OpenApiTypes.STR, description="The order's signed token, for guests.")],
        responses={
            200: OrderOutputSerializer,
            404: OpenApiResponse(NotFoundSerializer, description="No such order, or not yours to see."),
        },
    )
    def get(self, request, number):
        order = order_get_for_viewer(number=number, user=request.user, token=request.query_params.get("token", ""))
        return Response(_output(request, order))
