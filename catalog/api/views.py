"""Catalogue API: products and categories, read by anyone, written by staff."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from catalog import services
from catalog.api.serializers import (
    CategorySerializer,
    ProductDetailSerializer,
    ProductSummarySerializer,
    ProductWriteSerializer,
    StockSerializer,
)
from catalog.filters import ProductFilter
from catalog.models import PRICE_MAX, Product
from catalog.selectors import category_list, product_base_queryset, product_card_queryset, product_variant_groups
from shop.api.caching import CachedReadMixin
from shop.api.examples import operation_examples
from shop.api.permissions import StaffModelChangePermissions

# What drf-spectacular cannot read from the filters: one comma-separated ordering, and price bounds.
PRODUCT_FILTER_PARAMETERS = [
    OpenApiParameter(
        "ordering",
        {"type": "string", "pattern": "^-?(price|name|newest)(,-?(price|name|newest))*$", "example": "price,-newest"},
        description="Sort keys, comma-separated: price, name, newest; a leading - reverses one.",
    ),
    *(
        OpenApiParameter(
            name,
            {"type": "string", "format": "decimal", "pattern": r"^\d{1,8}(\.\d{1,2})?$", "example": "25.00"},
            description=f"{label} price, 0 to {PRICE_MAX}; an empty value is refused.",
        )
        for name, label in (("price_min", "Lowest"), ("price_max", "Highest"))
    ),
]


def variants_attach(products: Iterable[Product]) -> None:
    """Give each product `variant_offers`: the other active products of its variant group, in one query."""
    products = list(products)
    groups = product_variant_groups(families=(product.family for product in products))
    for product in products:
        product.variant_offers = [member for member in groups.get(product.family, ()) if member.pk != product.pk]


STAFF_WRITE = (
    "Needs `Authorization: Token <key>` of a staff account allowed to change products; "
    "any other caller gets a 401 or 403."
)

# Slugs only: anything else (a NUL byte, a dot, a space) is a 404 before any query.
SLUG_PATTERN = r"[-a-zA-Z0-9_]+"


@extend_schema_view(
    list=extend_schema(
        summary="List active products",
        description=(
            "Products for sale, in pages. `search` finds products by words, best match first; filter by category, "
            "brand, condition, body area, treatment approach, stock and price; sort with `ordering`. A search "
            "that finds nothing carries `suggestions`: close spellings, products and guides."
        ),
        parameters=PRODUCT_FILTER_PARAMETERS,
        examples=operation_examples("products_list"),
    ),
    retrieve=extend_schema(
        summary="Get one active product by slug",
        description=(
            "A product with its description (Markdown and safe HTML), every picture, and its variants: the "
            "other sizes, packs or cuts of the same thing a shopper can buy instead."
        ),
        examples=operation_examples("products_retrieve"),
    ),
    create=extend_schema(
        summary="Create a product (staff with the product permission)",
        description=STAFF_WRITE + " The category and brand are given by slug; `stock_quantity` is the opening stock.",
        examples=operation_examples("products_create"),
    ),
    partial_update=extend_schema(
        summary="Update a product (staff with the product permission)",
        description=STAFF_WRITE + " Send only the fields that change; stock changes through `/stock/`.",
        examples=operation_examples("products_partial_update"),
    ),
    update=extend_schema(
        summary="Replace a product (staff with the product permission)",
        description=STAFF_WRITE + " Send every field; stock changes through `/stock/`.",
        examples=operation_examples("products_update"),
    ),
)
class ProductViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Products by slug; shoppers see active products only."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filterset_class = ProductFilter

    def get_queryset(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return product_card_queryset() if self.action == "list" else product_base_queryset()
        # Staff may edit products that are hidden from shoppers.
        return Product.objects.select_related("category", "brand")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if self.action == "list":
            variants_attach(page if page is not None else queryset)
        return page

    def get_object(self):
        product = super().get_object()
        if self.action == "retrieve":
            variants_attach([product])
        return product

    def get_serializer_class(self):
        if self.action == "list":
            return ProductSummarySerializer
        if self.action in ("create", "update", "partial_update"):
            return ProductWriteSerializer
        return ProductDetailSerializer

    @extend_schema(
        summary="Set or adjust a product's stock (staff with the product permission)",
        description=STAFF_WRITE + " Send `quantity` to set the stock, or `adjust` to add (or, negative, take) units.",
        request=StockSerializer,
        responses=ProductDetailSerializer,
        examples=operation_examples("products_stock_create"),
    )
    @action(detail=True, methods=["post"], permission_classes=[StaffModelChangePermissions])
    def stock(self, request, slug=None):
        product = self.get_object()
        serializer = StockSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            if "quantity" in serializer.validated_data:
                product = services.product_stock_set(product=product, quantity=serializer.validated_data["quantity"])
            else:
                product = services.product_stock_adjust(product=product, delta=serializer.validated_data["adjust"])
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        variants_attach([product])
        return Response(ProductDetailSerializer(product, context={"request": request}).data, status=status.HTTP_200_OK)


@extend_schema_view(
    list=extend_schema(
        summary="List categories",
        description="Every category in one list; `parent` is the slug of the category it sits in, or null.",
        examples=operation_examples("categories_list"),
    ),
    retrieve=extend_schema(
        summary="Get a category",
        description="One category by slug.",
        examples=operation_examples("categories_retrieve"),
    ),
)
class CategoryViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet):
    """Categories by slug."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    serializer_class = CategorySerializer
    pagination_class = None

    def get_queryset(self):
        return category_list()
