"""The catalogue's product API, plus filters by what products are for and related products."""

import django_filters
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from catalog.api.views import ProductViewSet
from catalog.filters import ProductFilter
from catalog.search import SEARCH_CANDIDATES
from catalog.selectors import product_get
from guides.models import BodyArea, Condition, TreatmentApproach
from recommendations.api.serializers import RelatedProductSerializer
from recommendations.index.current import index_current
from recommendations.related import related_products
from recommendations.search import SearchSuggestions, product_search, search_suggestions
from shop.api.caching import CachedReadMixin
from shop.api.examples import operation_examples
from shop.api.pagination import PageNumberPagination, bounded_int_parameter, positive_int_param, text_param
from shop.counting import CachedCountPaginator

RELATED_MAX = 20

MAX_EXCLUDED = 100  # slugs a client may ask to leave out of related products
CONDITION_MAX_LENGTH = 100
EXCLUDE_MAX_LENGTH = 4000


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


class SuggestedProductSerializer(serializers.Serializer):
    """A product whose name is close to the words searched."""

    slug = serializers.CharField(help_text="Product slug.")
    name = serializers.CharField(help_text="Product name shown to shoppers.")
    url = serializers.URLField(help_text="The product page on the shop's site.")
    api_url = serializers.URLField(help_text="The product in this API.")


class SuggestedGuideSerializer(serializers.Serializer):
    """A condition guide close to the words searched."""

    slug = serializers.CharField(help_text="The guide's slug in /api/v1/articles/.")
    condition = serializers.CharField(help_text="The condition's slug.")
    name = serializers.CharField(help_text="The condition's plain name, e.g. “Runner's knee”.")
    summary = serializers.CharField(help_text="One or two sentences about the condition.")
    url = serializers.URLField(help_text="The guide page on the shop's site.")
    api_url = serializers.URLField(help_text="The guide in this API.")


class SearchSuggestionsSerializer(serializers.Serializer):
    """Ways on from a search that found no products."""

    # The fields describe the schema; `to_representation` builds the addresses from the request.

    corrected = serializers.CharField(
        allow_null=True, help_text="The search with each unknown word corrected, when that differs from it."
    )
    products = SuggestedProductSerializer(
        many=True, help_text="Up to 5 products whose names are close to the words searched; empty when none."
    )
    guides = SuggestedGuideSerializer(
        many=True, help_text="Up to 3 condition guides close to the words searched, closest first; empty when none."
    )
    symptom_check_url = serializers.URLField(help_text="The symptom check page on the shop's site.")
    questionnaire_api_url = serializers.URLField(help_text="The symptom check's questions in this API.")
    guides_url = serializers.URLField(help_text="The list of condition guides on the shop's site.")

    def to_representation(self, instance: SearchSuggestions):
        request = self.context["request"]
        return {
            "corrected": instance.corrected or None,
            "products": [
                {
                    "slug": slug,
                    "name": name,
                    "url": request.build_absolute_uri(reverse("product-page", kwargs={"slug": slug})),
                    "api_url": request.build_absolute_uri(reverse("product-detail", kwargs={"slug": slug})),
                }
                for slug, name in instance.products
            ],
            "guides": [
                {
                    "slug": hit.guide_slug,
                    "condition": hit.slug,
                    "name": hit.name,
                    "summary": hit.summary,
                    "url": request.build_absolute_uri(hit.guide_url),
                    "api_url": request.build_absolute_uri(reverse("article-detail", kwargs={"slug": hit.guide_slug})),
                }
                for hit in instance.conditions
            ],
            "symptom_check_url": request.build_absolute_uri(instance.symptom_check_url),
            "questionnaire_api_url": request.build_absolute_uri(reverse("questionnaire")),
            "guides_url": request.build_absolute_uri(instance.guides_url),
        }


class ProductPagination(PageNumberPagination):
    """Pages of products; the total is counted once per content version and filter.

    A page also carries ``suggestions``: null, unless a search found no products.
    """

    django_paginator_class = CachedCountPaginator
    suggestions = None  # set by the view before the response is built
    suggestions_schema = None  # set by the schema generator: a reference to SearchSuggestions

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["suggestions"] = self.suggestions
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count"]["description"] = (
            f"Products found. A search keeps at most its best {SEARCH_CANDIDATES} matches, so it counts no more."
        )
        if self.suggestions_schema is not None:
            paginated["properties"]["suggestions"] = {
                "allOf": [self.suggestions_schema],
                "nullable": True,
                "description": "Null unless a search found no products: then close spellings, products and guides.",
                "example": None,
            }
            paginated["required"] = [*paginated.get("required", []), "suggestions"]
        return paginated


class ProductListSchema(AutoSchema):
    """The product schema, with the search suggestions a page of products may carry."""

    def _get_paginator(self):
        # drf-spectacular asks for the paginator once per list; its page schema then names the component.
        paginator = super()._get_paginator()
        if isinstance(paginator, ProductPagination):
            paginator.suggestions_schema = self.resolve_serializer(SearchSuggestionsSerializer, "response").ref
        return paginator


class FilterSetKeepingBackend(DjangoFilterBackend):
    """django-filter's backend, leaving the filter set on the view so it can read what a search found."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        view.product_filterset = filterset
        return filterset


class ProductWithUsesViewSet(CachedReadMixin, ProductViewSet):
    """Products by slug, filterable by what they help, with related products."""

    filterset_class = ProductUseFilter
    filter_backends = [FilterSetKeepingBackend]
    pagination_class = ProductPagination
    schema = ProductListSchema()
    product_filterset = None

    def read_key_parts(self, request) -> tuple:
        # The condition filter and related products read the index's rankings.
        if "condition" in request.GET or request.path.endswith("/related/"):
            return (index_current().version,)
        return ()

    def get_paginated_response(self, data):
        self.paginator.suggestions = self._suggestions(found=self.paginator.page.paginator.count)
        return super().get_paginated_response(data)

    def _suggestions(self, *, found: int):
        """Return the serialised suggestions for a search that found nothing, else None."""
        filterset = self.product_filterset
        if found or filterset is None or not filterset.is_valid():
            return None
        text = (filterset.form.cleaned_data.get("search") or "").strip()
        if not text:
            return None
        suggestions = search_suggestions(text=text, findings=filterset.search_findings)
        return SearchSuggestionsSerializer(suggestions, context={"request": self.request}).data

    @extend_schema(
        summary="Products bought or viewed together with this one or helping the same conditions",
        description=(
            "Products that go well with this one, best first, each with its reasons. With `condition`, the "
            "condition the shopper came for steers the choice; `exclude` leaves out what the cart already holds."
        ),
        parameters=[
            bounded_int_parameter("limit", maximum=RELATED_MAX, description="Products, 1 to 20 (default 6)."),
            OpenApiParameter(
                "condition",
                {"type": "string", "maxLength": CONDITION_MAX_LENGTH},
                description=(
                    "Slug of the condition the shopper came for: its products that serve approaches this one "
                    "does not (say a foam roller and a cold wrap for a stretching strap) come first, one per "
                    "approach, and products staff excluded for it stay out."
                ),
            ),
            OpenApiParameter(
                "exclude",
                {"type": "string", "maxLength": EXCLUDE_MAX_LENGTH},
                description="Comma-separated product slugs to leave out, e.g. what the cart holds.",
            ),
        ],
        responses=RelatedProductSerializer(many=True),
        examples=operation_examples("products_related_list"),
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def related(self, request, slug=None):
        limit = positive_int_param(request, "limit", default=6, maximum=RELATED_MAX)
        product = product_get(slug=slug)
        condition = text_param(request, "condition", max_length=CONDITION_MAX_LENGTH)
        exclude = text_param(request, "exclude", max_length=EXCLUDE_MAX_LENGTH)
        leave_out = {part.strip() for part in exclude.split(",")[:MAX_EXCLUDED]}
        related = related_products(
            product=product,
            condition=condition,
            leave_out=leave_out - {""},
            limit=limit,
        )
        return Response(RelatedProductSerializer(related, many=True, context={"request": request}).data)
