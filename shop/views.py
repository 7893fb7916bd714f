"""Site-wide pages: home, the health check, the favicon, robots.txt and the error pages."""

import sys

from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views import defaults
from django.views.decorators.cache import cache_control

from catalog.selectors import category_list, product_featured_list
from shop.middleware import DATABASE_AWAY_ERRORS, database_unavailable_response, is_api_request
from shop.queue_health import queue_health


def home_view(request):
    """Show featured products and the shop's shelves."""
    context = {
        "featured": product_featured_list(limit=8),
        "categories": category_list(top_level_only=True),
    }
    return render(request, "shop/home.html", context)


def liveness_view(request):
    """Answer that the process is up, touching nothing else; the baseline of the load benchmark."""
    return JsonResponse({"status": "ok"})


def health_view(request):
    """Answer whether the process can reach its database; used by load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@cache_control(no_store=True)
def queue_health_view(request):
    """Report whether tasks can flow (503 when not), naming Redis memory when it is the problem."""
    report, healthy = queue_health()
    return JsonResponse(report, status=200 if healthy else 503)


@cache_control(public=True, max_age=86400)
def favicon_view(request):
    """Send browsers that ask for /favicon.ico to the site's icon."""
    return HttpResponsePermanentRedirect(static("shop/favicon.svg"))


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /cart/
Disallow: /checkout/
Disallow: /orders/
Disallow: /api/
Disallow: /symptom-check/results/
"""


@cache_control(public=True, max_age=86400)
def robots_view(request):
    """Tell crawlers which pages are for people with a session, not for an index."""
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")


# --- Error pages: HTML for shoppers, the API's JSON shape under /api/ -------------------


def bad_request_view(request, exception):
    """Answer Django's own 400s (and an oversized body, as 413) without HTML under /api/."""
    if isinstance(exception, RequestDataTooBig):
        if is_api_request(request):
            return JsonResponse({"detail": "The request body is too large."}, status=413)
        return defaults.bad_request(request, exception)
    if is_api_request(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied_view(request, exception):
    """Answer a 403 raised outside DRF."""
    if is_api_request(request):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found_view(request, exception):
    """Answer an address that matches nothing."""
    if is_api_request(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error_view(request):
    """Answer an unhandled error; the details are in the log, never in the response.

    A database that is away (raised outside a view too, e.g. while saving a session) is a 503 with
    Retry-After, not a 500: Django calls this handler while the exception is being handled.
    """
    if isinstance(sys.exc_info()[1], DATABASE_AWAY_ERRORS):
        return database_unavailable_response(request)
    if is_api_request(request):
        return JsonResponse({"detail": "Something went wrong on our side."}, status=500)
    return defaults.server_error(request)
