"""The catalogue's product API, plus filters by what products are for and related products."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework.decorators import action
from rest_framework.response import Response

from catalog.api.views import ProductViewSet
from catalog.filters import ProductFilter
from catalog.selectors import product_get
from guides.models import BodyArea, Condition, TreatmentApproach
from recommendations.api.serializers import RelatedProductSerializer
from recommendations.index.current import index_current
from recommendations.related import related_products
from recommendations.search import product_search
from shop.api.caching import CachedReadMixin
from shop.api.pagination import PageNumberPagination, bounded_int_parameter, positive_int_param
from shop.counting import CachedCountPaginator

RELATED_MAX = 20

MAX_EXCLUDED = 100  # slugs a client may ask to leave out of related products


class ProductUseFilter(ProductFilter):
    """The catalogue's filters plus condition, body area and treatment approach."""

    refuse_blank = True

    condition = django_filters.ModelChoiceFilter(
        queryset=Condition.objects.published(), to_field_name="slug", method="filter_condition", label="Condition"
    )
    body_area = django_filters.ModelChoiceFilter(
        queryset=BodyArea.objects.all(), to_field_name="slug", method="filter_body_area", label="Body area"
    )
    approach = django_filters.ModelChoiceFilter(
        queryset=TreatmentApproach.objects.filter(has_products=True),
        to_field_name="slug",
        method="filter_approach",
        label="Treatment approach",
    )

    class Meta(ProductFilter.Meta):
        fields = [*ProductFilter.Meta.fields, "condition", "body_area", "approach"]

    search_findings = None

    def filter_search(self, queryset, name, value):
        # Ranked by relevance; an explicit `ordering` still wins, as OrderingFilter runs after.
        queryset, self.search_findings = product_search(queryset, text=value)
        return queryset

    @extend_schema_field(OpenApiTypes.STR)
    def filter_condition(self, queryset, name, value):
        ranking = index_current().rankings.get(value.slug)
        slugs = (
            {item.slug for items in ranking.phases.values() for item in items if not item.fallback}
            if ranking
            else set()
        )
        return queryset.filter(slug__in=slugs)

    @extend_schema_field(OpenApiTypes.STR)
    def filter_body_area(self, queryset, name, value):
        return queryset.filter(body_area_links__body_area=value).distinct()

    @extend_schema_field(OpenApiTypes.STR)
    def filter_approach(self, queryset, name, value):
        return queryset.filter(approach_links__approach=value, approach_links__strength__gt=0).distinct()


class ProductPagination(PageNumberPagination):
    """Pages of products; the total is counted once per content version and filter."""

    django_paginator_class = CachedCountPaginator


class ProductWithUsesViewSet(CachedReadMixin, ProductViewSet):
    """Products by slug, filterable by what they help, with related products."""

    filterset_class = ProductUseFilter
    pagination_class = ProductPagination

    def read_key_parts(self, request) -> tuple:
        # The condition filter and related products read the index's rankings.
        if "condition" in request.GET or request.path.endswith("/related/"):
            return (index_current().version,)
        return ()

    @extend_schema(
        summary="Products bought or viewed together with this one or helping the same conditions",
        parameters=[
            bounded_int_parameter("limit", maximum=RELATED_MAX, description="Products, 1 to 20 (default 6)."),
            OpenApiParameter(
                "condition",
                {"type": "string", "maxLength": 100},
                description="Slug of the condition the shopper came for; its excluded products stay out.",
            ),
            OpenApiParameter(
                "exclude",
                {"type": "string", "maxLength": 4000},
                description="Comma-separated product slugs to leave out, e.g. what the cart holds.",
            ),
        ],
        responses=RelatedProductSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def related(self, request, slug=None):
        limit = positive_int_param(request, "limit", default=6, maximum=RELATED_MAX)
        product = product_get(slug=slug)
        leave_out = {part.strip() for part in request.query_params.get("exclude", "").split(",")[:MAX_EXCLUDED]}
        related = related_products(
            product=product,
            condition=request.query_params.get("condition", "")[:100],
            leave_out=leave_out - {""},
            limit=limit,
        )
        return Response(RelatedProductSerializer(related, many=True, context={"request": request}).data)
