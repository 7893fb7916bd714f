"""The catalogue page: shelf, use and word filters, the API's search, cached for anonymous reads."""

from catalog.models import Category
from catalog.selectors import category_list, product_card_queryset
from guides.models import Condition, TreatmentApproach
from guides.selectors import body_area_list
from recommendations.api.products import ProductUseFilter
from recommendations.index.current import index_current
from recommendations.search import search_suggestions
from shop.counting import CachedCountPaginator
from shop.middleware import NUL_MESSAGE, nul_fields_named
from shop.pages import page_cached

PRODUCTS_PER_PAGE = 24


class ProductPageFilter(ProductUseFilter):
    """The API's product filters for the catalogue page: a browser sends the fields left empty, which is fine."""

    refuse_blank = False


def _heading(filterset, search: str) -> str:
    """Name the page after what the shopper chose: a search, a shelf, a condition, a body area or an approach."""
    data = filterset.form.cleaned_data if filterset.is_bound and filterset.form.is_valid() else {}
    if search:
        return f"Results for “{search}”"
    for name in ("category", "condition", "body_area", "approach"):
        value = data.get(name)
        if value is not None:
            return value.name if name == "category" else f"Products for {value.name.lower()}"
    return "Shop"


def _shelves(current: Category | None) -> tuple[list[Category], list[Category]]:
    """Return the top-level shelves and the subcategories to offer under the chosen one."""
    categories = list(category_list())
    top = [category for category in categories if category.parent_id is None]
    if current is None:
        return top, []
    root = current.parent if current.parent_id and current.parent.parent_id is None else current
    return top, [category for category in categories if category.parent_id in (root.pk, current.pk)]


@nul_fields_named
def product_list_view(request):
    """List active products with shelf, use, price, stock and word filters; re-render with errors on bad input."""

    def build():
        filterset = ProductPageFilter(request.GET, queryset=product_card_queryset())
        valid = filterset.is_valid()
        for name in getattr(request, "nul_fields", ()):
            filterset.form.add_error(name if name in filterset.form.fields else None, NUL_MESSAGE)
            valid = False
        products = filterset.qs if valid else filterset.queryset.none()
        page = CachedCountPaginator(products, PRODUCTS_PER_PAGE).get_page(request.GET.get("page"))
        search = (filterset.form.cleaned_data.get("search") or "").strip() if valid else ""
        findings = filterset.search_findings
        current = filterset.form.cleaned_data.get("category") if valid else None
        top, subcategories = _shelves(current)
        context = {
            "nav": "shop",
            "filterset": filterset,
            "page": page,
            "heading": _heading(filterset, search),
            "search": search,
            "categories": top,
            "subcategories": subcategories,
            "current_category": request.GET.get("category", ""),
            "conditions": Condition.objects.published().only("slug", "name"),
            "body_areas": body_area_list(),
            "approaches": TreatmentApproach.objects.filter(has_products=True).only("slug", "name"),
            "found_conditions": findings.conditions if findings else [],
            "suggestions": search_suggestions(text=search, findings=findings)
            if search and not page.object_list
            else None,
        }
        return context, {"status": 200 if valid else 400}

    response, _meta = page_cached(
        request,
        "recommendations/product_list.html",
        key_parts=(index_current().version,),
        build=build,
        cart_sensitive=False,
    )
    return response
