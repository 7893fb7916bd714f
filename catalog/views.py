"""Shopper-facing catalogue pages."""

from django.core.paginator import Paginator
from django.shortcuts import render

from catalog.selectors import category_list, product_filterset

PRODUCTS_PER_PAGE = 24


def product_list_view(request):
    """List active products with shelf, search and sort; re-render with errors on bad input."""
    filterset = product_filterset(data=request.GET)
    valid = filterset.is_valid()
    products = filterset.qs if valid else filterset.queryset.none()
    page = Paginator(products, PRODUCTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "nav": "shop",
        "filterset": filterset,
        "page": page,
        "categories": category_list(top_level_only=True),
        "current_category": request.GET.get("category", ""),
    }
    return render(request, "catalog/product_list.html", context, status=200 if valid else 400)
