"""Project-wide request guards and response headers."""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
# What a database that is away (restarting, unreachable, refusing connections) raises.
DATABASE_AWAY_ERRORS = (OperationalError, InterfaceError)


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
                return JsonResponse({nul_field: [NUL_MESSAGE]}, status=400)
            if nul_field == "path" or not _names_nul_fields(request):
                return HttpResponse(NUL_MESSAGE, status=400, content_type="text/plain")
            request.nul_fields = _nul_fields_dropped(request)
        if is_api_request(request) and _content_length(request) > settings.LIMBER_API_MAX_BODY_BYTES:
            from shop.api.parsers import body_limit_message

            return JsonResponse({"detail": body_limit_message()}, status=413)
        return self.get_response(request)


NUL_MESSAGE = "Null characters are not allowed."


def nul_fields_named(view):
    """Mark a page view that names the query parameters holding a NUL (`request.nul_fields`) in its own page.

    The guard then hands it the request with those parameters left out, so no NUL reaches a query.
    """
    view.nul_fields_named = True
    return view


def _names_nul_fields(request) -> bool:
    try:
        return getattr(resolve(request.path_info).func, "nul_fields_named", False)
    except Resolver404:
        return False


def _nul_fields_dropped(request) -> list[str]:
    """Leave the parameters holding a NUL out of `request.GET`; return their names, cleaned."""
    query = request.GET.copy()
    names = []
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            names.append(name.replace("\x00", "") or "query")
            del query[name]
    query._mutable = False
    request.GET = query
    return names


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


def database_unavailable_response(request) -> HttpResponse:
    """Answer 503 with Retry-After: the database is away for a moment (a restart), not a fault of ours."""
    retry_after = settings.LIMBER_DB_RETRY_AFTER_SECONDS
    if is_api_request(request):
        detail = f"The shop's database is unavailable for a moment; please try again in {retry_after} seconds."
        response = JsonResponse({"detail": detail}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"retry_after": retry_after}), status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class SafeReadRetryMiddleware:
    """Read again (GET or HEAD) when the database dropped its connection under it; answer 503 if it stays away.

    `CONN_HEALTH_CHECKS` replaces a pooled connection that died between requests; this covers one
    that dies during a request (a database restart, a terminated backend, a proxy timing it out).
    A restart takes a second or two, so the read is tried again on a fresh connection, with short
    pauses, for up to ``LIMBER_DB_RETRY_SECONDS``. Only a connection that no longer answers counts:
    a query that failed on a healthy connection is a real error and is not run twice, and nothing is
    retried inside a transaction or for a write. A request the database cannot answer gets a 503
    with ``Retry-After``, never a 500 (`shop.views.server_error_view` does the same for errors
    raised outside a view, such as saving a session).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.limber_view = (view_func, view_args, view_kwargs)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_AWAY_ERRORS):
            return None
        if request.method in ("GET", "HEAD") and hasattr(request, "limber_view") and self._dropped():
            response = self._read_again(request)
            if response is not None:
                return response
        logger.warning("The database did not answer %s %s (%s); 503.", request.method, request.path, exception)
        return database_unavailable_response(request)

    @staticmethod
    def _dropped() -> bool:
        """Whether a connection no longer answers (closing it), outside any transaction."""
        dropped = False
        for connection in connections.all(initialized_only=True):
            if connection.in_atomic_block:
                return False
            connection.close_if_unusable_or_obsolete()
            dropped = dropped or connection.connection is None
        return dropped

    def _read_again(self, request) -> HttpResponse | None:
        """Run the view again on a fresh connection until it answers or the retry time is up; None if it never did."""
        logger.warning("The database connection dropped during %s %s; reading again.", request.method, request.path)
        view_func, view_args, view_kwargs = request.limber_view
        deadline = time.monotonic() + settings.LIMBER_DB_RETRY_SECONDS
        pause = 0.1
        while True:
            try:
                return view_func(request, *view_args, **view_kwargs)
            except DATABASE_AWAY_ERRORS:
                if time.monotonic() + pause > deadline or not self._dropped():
                    return None
            time.sleep(pause)
            pause = min(pause * 2, 1.0)
