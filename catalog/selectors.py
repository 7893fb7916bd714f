"""Read queries over the catalogue; each owns its joins and prefetches."""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from catalog.filters import ProductFilter
from catalog.models import Category, Product, ProductImage


def product_base_queryset() -> QuerySet[Product]:
    """Return active products with what a product card needs joined or prefetched."""
    return (
        Product.objects.available()
        .select_related("category", "brand")
        .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")))
    )


# What a product card and the API's product list show, and nothing more.
CARD_FIELDS = (
    "id",
    "slug",
    "name",
    "sku",
    "short_description",
    "price",
    "currency",
    "stock_quantity",
    "category__slug",
    "brand__slug",
    "family",
)


def product_card_queryset() -> QuerySet[Product]:
    """Return active products with only the columns a card or list row needs, main images prefetched."""
    images = ProductImage.objects.only(
        "id", "product_id", "image", "alt_text", "position", "width", "height", "rendition_widths"
    ).order_by("position", "pk")
    return (
        Product.objects.available()
        .select_related("category", "brand")
        .only(*CARD_FIELDS)
        .prefetch_related(Prefetch("images", queryset=images))
    )


def product_filterset(*, data) -> ProductFilter:
    """Return the product filter set bound to query data, over active products."""
    return ProductFilter(data, queryset=product_base_queryset())


def product_get(*, slug: str) -> Product:
    """Return the active product with this slug, or raise Http404."""
    return get_object_or_404(product_base_queryset(), slug=slug)


VARIANT_FIELDS = ("pk", "slug", "name", "price", "currency", "stock_quantity", "family")


def _variant_queryset() -> QuerySet[Product]:
    """Return active products with the columns a variant choice shows, in the order it shows them."""
    return Product.objects.available().only(*VARIANT_FIELDS).order_by("price", "name", "pk")


def product_variants(*, product: Product) -> list[Product]:
    """Return the active products of this product's variant group, itself included, cheapest first.

    Empty when the product has no variants: a group of one offers no choice.
    """
    if not product.family:
        return []
    members = list(_variant_queryset().filter(family=product.family))
    return members if len(members) > 1 else []


def product_variant_groups(*, families: Iterable[str]) -> dict[str, list[Product]]:
    """Return the active members of each named variant group, in one query, ordered as `product_variants`.

    A group of one is left out, as `product_variants` leaves it: it offers no choice.
    """
    wanted = {family for family in families if family}
    if not wanted:
        return {}
    groups: dict[str, list[Product]] = {}
    for member in _variant_queryset().filter(family__in=wanted):
        groups.setdefault(member.family, []).append(member)
    return {family: members for family, members in groups.items() if len(members) > 1}


def product_featured_list(*, limit: int = 8) -> list[Product]:
    """Return featured products in stock, falling back to any in stock."""
    queryset = product_base_queryset().in_stock()
    featured = list(queryset.filter(is_featured=True)[:limit])
    if len(featured) < limit:
        seen = [product.pk for product in featured]
        featured += list(queryset.exclude(pk__in=seen).order_by("-created_at", "pk")[: limit - len(featured)])
    return featured


def category_list(*, top_level_only: bool = False) -> QuerySet[Category]:
    """Return categories, each with its parent joined."""
    queryset = Category.objects.select_related("parent")
    if top_level_only:
        queryset = queryset.filter(parent__isnull=True)
    return queryset
