"""Knowledge-base API: published conditions and guides."""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import viewsets

from guides.api.serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    ConditionDetailSerializer,
    ConditionSerializer,
)
from guides.models import BodyArea, ConditionSymptom, ConditionTreatment
from guides.selectors import article_list, condition_list
from shop.api.caching import CachedReadMixin
from shop.api.examples import operation_examples


class BodyAreaFilter(django_filters.FilterSet):
    """Narrow conditions or guides to one body area."""

    body_area = django_filters.ModelChoiceFilter(
        queryset=BodyArea.objects.all(), to_field_name="slug", method="filter_body_area", label="Body area"
    )

    body_area_path = "body_areas"

    @extend_schema_field(OpenApiTypes.STR)
    def filter_body_area(self, queryset, name, value):
        return queryset.filter(**{self.body_area_path: value}).distinct()


class ArticleFilter(BodyAreaFilter):
    body_area_path = "condition__body_areas"


@extend_schema_view(
    list=extend_schema(
        summary="List published conditions",
        description="The conditions Limber has guides for, in pages. `body_area` (e.g. `knee`) keeps those felt there.",
        examples=operation_examples("conditions_list"),
    ),
    retrieve=extend_schema(
        summary="Get a condition with its symptoms and treatments",
        description=(
            "A condition with its typical symptoms (`likelihood`: how often each comes with it, 0 to 1) and what "
            "helps, by phase (`immediate` relief or `long_term` healing), each with a one-line reason."
        ),
        examples=operation_examples("conditions_retrieve"),
    ),
)
class ConditionViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet):
    """Published conditions by slug."""

    lookup_field = "slug"
    filterset_class = BodyAreaFilter

    def get_queryset(self):
        queryset = condition_list()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("symptom_links", ConditionSymptom.objects.select_related("symptom")),
                Prefetch("treatments", ConditionTreatment.objects.select_related("approach")),
            )
        return queryset

    def get_serializer_class(self):
        return ConditionDetailSerializer if self.action == "retrieve" else ConditionSerializer


@extend_schema_view(
    list=extend_schema(
        summary="List published guides",
        description="The condition guides, in pages. `body_area` (e.g. `knee`) keeps those for conditions felt there.",
        examples=operation_examples("articles_list"),
    ),
    retrieve=extend_schema(
        summary="Get a guide with its sections rendered",
        description=(
            "A guide with each section (what it is, causes, symptoms, immediate relief, long-term healing, when to "
            "see a doctor) as Markdown and as safe HTML, and the slugs of the products it mentions."
        ),
        examples=operation_examples("articles_retrieve"),
    ),
)
class ArticleViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet):
    """Published condition guides by slug."""

    lookup_field = "slug"
    filterset_class = ArticleFilter

    def get_queryset(self):
        return article_list()

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer
