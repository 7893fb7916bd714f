"""Project-wide request guards and response headers."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def is_api_request(request) -> bool:
    """Whether a request is for the JSON API (which never answers HTML)."""
    return request.path_info.startswith(API_PREFIX)


class RequestLimitsMiddleware:
    """Refuse NUL characters in the address and oversized API bodies before any view or query runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nul_field = _nul_field(request)
        if nul_field is not None:
            if is_api_request(request):
                return JsonResponse({nul_field: ["Null characters are not allowed."]}, status=400)
            return HttpResponse("Null characters are not allowed.", status=400, content_type="text/plain")
        if is_api_request(request) and _content_length(request) > settings.LIMBER_API_MAX_BODY_BYTES:
            from shop.api.parsers import body_limit_message

            return JsonResponse({"detail": body_limit_message()}, status=413)
        return self.get_response(request)


def _nul_field(request) -> str | None:
    """Name the part of the address holding a NUL character: "path", a query parameter, or None."""
    if "\x00" in request.path_info:
        return "path"
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return name.replace("\x00", "") or "query"
    return None


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


# Browser features no Limber page uses; every response switches them off.
UNUSED_BROWSER_FEATURES = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "usb",
    "xr-spatial-tracking",
]
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in UNUSED_BROWSER_FEATURES)


class PermissionsPolicyMiddleware:
    """Turn off browser features no Limber page uses (camera, microphone, geolocation, payment…)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class SafeReadRetryMiddleware:
    """Run a read (GET or HEAD) once more when the database dropped its connection under it.

    `CONN_HEALTH_CHECKS` replaces a pooled connection that died between requests; this covers one
    that dies during a request (a database restart, a terminated backend, a proxy timing it out).
    Only a connection that no longer answers counts: a query that failed on a healthy connection
    is a real error and is not run twice, and nothing is retried inside a transaction or for a write.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.limber_view = (view_func, view_args, view_kwargs)

    def process_exception(self, request, exception):
        if request.method not in ("GET", "HEAD") or getattr(request, "limber_retried", False):
            return None
        if not isinstance(exception, OperationalError | InterfaceError) or not hasattr(request, "limber_view"):
            return None
        dropped = False
        for connection in connections.all(initialized_only=True):
            if connection.in_atomic_block:
                return None
            connection.close_if_unusable_or_obsolete()
            dropped = dropped or connection.connection is None
        if not dropped:
            return None
        logger.warning("The database connection dropped during %s %s; reading again.", request.method, request.path)
        request.limber_retried = True
        view_func, view_args, view_kwargs = request.limber_view
        return view_func(request, *view_args, **view_kwargs)
