"""Orders API: place an order from lines in one request, and read it back."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import APIException, Throttled, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from orders.api.responses import (
    KeyReusedSerializer,
    NotFoundSerializer,
    OrderOutputSerializer,
    OrdersLimitedSerializer,
    ShortStockSerializer,
)
from orders.api.serializers import OrderInputSerializer
from orders.holds import order_hold_renew
from orders.idempotency import (
    KEY_MAX_LENGTH,
    AlreadyPlaced,
    RequestKey,
    api_scope,
    body_fingerprint,
    order_request_placed,
    order_request_respond,
    order_request_response,
    request_key_problem,
)
from orders.limits import RateLimited
from orders.links import order_url
from orders.payments import PaymentUnavailable, provider_get
from orders.selectors import order_get_for_viewer, order_with_lines
from orders.services import OutOfStock, order_payment_started, order_place
from shop.api.examples import operation_examples
from shop.api.schema import field_errors_response
from shop.client_address import client_address

KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"


def _output(request, order, *, payment_url=None) -> dict:
    return OrderOutputSerializer(order, context={"request": request, "payment_url": payment_url}).data


class KeyReused(APIException):
    status_code = 422
    default_detail = (
        "This Idempotency-Key was already used to place an order with another request body. "
        "Send the same body to get that order again, or a new key to place a new order."
    )
    default_code = "idempotency_key_reused"


class OrderCreateApi(APIView):
    """Place a guest order (or one for the token's user) from product lines."""

    permission_classes = [permissions.AllowAny]  # a guest can buy; throttled like every endpoint

    @extend_schema(
        summary="Place an order",
        description=(
            "Places the order in one step: the stock is taken and the prices are fixed, or, on any error, "
            "nothing is ordered. Price it first with `POST /api/v1/orders/quote/`. "
            "With an API token the order belongs to the token's user; without one it is a guest order, "
            "readable with the returned `token` until it expires. An unpaid order holds its stock until "
            "`hold_expires_at`, then it is cancelled. Limits: units of one product and different products "
            "per order (a 400 on `lines`), and orders per client address and per email address in a "
            "sliding window (a 429 with `Retry-After`). The address is checked by its country's rules, as the "
            "shop's checkout checks it: `region` (state, province or territory) where the country has them, "
            "the postcode in the country's format and optional only where its addresses may have none; "
            "each mistake is a 400 naming the field and the codes or format it takes."
        ),
        request=OrderInputSerializer,
        parameters=[
            OpenApiParameter(
                KEY_HEADER,
                {"type": "string", "minLength": 1, "maxLength": KEY_MAX_LENGTH, "pattern": "^[!-~]+$"},
                location=OpenApiParameter.HEADER,
                required=False,
                description=(
                    "A key of your own for this placement, e.g. a fresh UUID, so it can be retried safely. "
                    "A repeat with the same key and body (an identical JSON value) returns the first "
                    "response, status and body byte for byte, with the same order, however often and "
                    "however concurrently it arrives; nothing is placed or counted again. The same key with "
                    "another body is a 422. A placement that failed (400, 409, 429) keeps nothing: retry it "
                    "with the same key. Keys are remembered for a day (24 hours unless the shop changed it), "
                    "per account, or for all guests together: use a random key."
                ),
            ),
            OpenApiParameter(
                REPLAYED_HEADER,
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                response=[201],
                description="`true` on a repeat of an Idempotency-Key: the body is the first response's.",
            ),
            OpenApiParameter(
                "Retry-After",
                OpenApiTypes.INT,
                location=OpenApiParameter.HEADER,
                response=[429],
                description="Seconds to wait before placing another order.",
            ),
        ],
        responses={
            201: OrderOutputSerializer,
            400: field_errors_response(),
            409: OpenApiResponse(ShortStockSerializer, description="Not enough stock; names each short line."),
            422: OpenApiResponse(
                KeyReusedSerializer,
                description="The Idempotency-Key placed an order with another body; nothing was placed.",
            ),
            429: OpenApiResponse(
                OrdersLimitedSerializer,
                description="Too many orders from this client address or for this email address lately; "
                "nothing was ordered. `Retry-After` says when one more is allowed.",
            ),
        },
        examples=operation_examples("orders_create"),
    )
    def post(self, request):
        key = _request_key(request)
        if key is not None and (placed := order_request_placed(key=key)) is not None:
            return _replay(request, placed, key)
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
                request_key=key,
            )
        except AlreadyPlaced:  # a repeat of the key, sent while the first was placing: it waited, then found it
            return _replay(request, order_request_placed(key=key), key)
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
        body = _output(request, order, payment_url=_payment_url(request, order))
        if key is None:
            return Response(body, status=201)
        return _keyed_response(key, 201, body, replayed=False)


def _request_key(request) -> RequestKey | None:
    """Read the Idempotency-Key header, scoped to the caller; None without one. A bad key is a 400."""
    value = request.headers.get(KEY_HEADER)
    if value is None:
        return None
    if problem := request_key_problem(value):
        raise ValidationError({KEY_HEADER: [problem]})
    return RequestKey(scope=api_scope(request.user), key=value, fingerprint=body_fingerprint(request.data))


def _replay(request, placed, key: RequestKey) -> HttpResponse:
    """Answer a repeat of a key with the first response (built from the order if the first never stored one)."""
    if placed is None:  # forgotten (LIMBER_IDEMPOTENCY_KEY_HOURS) between the repeat's insert and this read
        raise ValidationError({KEY_HEADER: ["This key has just expired; send the request again."]})
    if placed.fingerprint != key.fingerprint:
        raise KeyReused()
    placed = order_request_response(request=placed)
    if placed.response_status is not None:
        return _stored(placed.response_status, placed.response_body, replayed=True)
    order = order_with_lines(number=placed.order.number)  # the first request died before it answered
    body = _output(request, order, payment_url=_payment_url(request, order))
    return _keyed_response(key, 201, body, replayed=True)


def _keyed_response(key: RequestKey, status_code: int, body: dict, *, replayed: bool) -> HttpResponse:
    """Store the response as the key's first (unless one is stored) and answer with whichever is stored."""
    stored_status, stored_body = order_request_respond(
        key=key, status=status_code, body=JSONRenderer().render(body).decode()
    )
    return _stored(stored_status, stored_body, replayed=replayed)


def _stored(status_code: int, body: str, *, replayed: bool) -> HttpResponse:
    response = HttpResponse(body, status=status_code, content_type="application/json")
    if replayed:
        response[REPLAYED_HEADER] = "true"
    return response


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
        description=(
            "An order as it stands now (status, lines, totals, shipping). Readable with the API token of the "
            "account that placed it, by staff, or by anyone with the order's `token` (returned when it was "
            "placed); to anyone else the order does not exist (404)."
        ),
        parameters=[OpenApiParameter("token", OpenApiTypes.STR, description="The order's signed token, for guests.")],
        responses={
            200: OrderOutputSerializer,
            404: OpenApiResponse(NotFoundSerializer, description="No such order, or not yours to see."),
        },
        examples=operation_examples("orders_retrieve"),
    )
    def get(self, request, number):
        order = order_get_for_viewer(number=number, user=request.user, token=request.query_params.get("token", ""))
        return Response(_output(request, order))
