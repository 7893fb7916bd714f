"""Site-wide pages: home, the health check, the favicon and robots.txt."""

from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control

from catalog.selectors import category_list, product_featured_list


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
