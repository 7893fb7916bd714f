"""Site-wide pages: home and the health check."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

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
