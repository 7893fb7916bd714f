"""Catalogue API: products and categories, read by anyone, written by staff."""

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
    ProductListSerializer,
    ProductWriteSerializer,
    StockSerializer,
)
from catalog.filters import ProductFilter
from catalog.models import Product
from catalog.selectors import category_list, product_base_queryset, product_card_queryset
from shop.api.caching import CachedReadMixin


@extend_schema_view(
    list=extend_schema(
        summary="List active products",
        parameters=[
            OpenApiParameter("page", int, description="Page number, from 1."),
            OpenApiParameter("page_size", int, description="Results per page, 1 to 100."),
        ],
    ),
    retrieve=extend_schema(summary="Get one active product by slug"),
    create=extend_schema(summary="Create a product (staff or API token)"),
    partial_update=extend_schema(summary="Update a product (staff or API token)"),
    update=extend_schema(summary="Replace a product (staff or API token)"),
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
    filterset_class = ProductFilter

    def get_queryset(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return product_card_queryset() if self.action == "list" else product_base_queryset()
        # Staff may edit products that are hidden from shoppers.
        return Product.objects.select_related("category", "brand")

    def get_serializer_class(self):
        if self.action == "list":
            return ProductListSerializer
        if self.action in ("create", "update", "partial_update"):
            return ProductWriteSerializer
        return ProductDetailSerializer

    @extend_schema(
        summary="Set or adjust a product's stock (staff or API token)",
        request=StockSerializer,
        responses=ProductDetailSerializer,
    )
    @action(detail=True, methods=["post"])
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
        return Response(ProductDetailSerializer(product, context={"request": request}).data, status=status.HTTP_200_OK)


@extend_schema_view(list=extend_schema(summary="List categories"), retrieve=extend_schema(summary="Get a category"))
class CategoryViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet):
    """Categories by slug."""

    lookup_field = "slug"
    serializer_class = CategorySerializer
    pagination_class = None

    def get_queryset(self):
        return category_list()
