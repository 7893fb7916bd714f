"""Guides API: conditions, articles and each guide's products by phase."""

import django_filters
from django.db.models import Prefetch
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from recommendations.api.serializers import (
    NOT_MEDICAL_ADVICE,
    ArticleDetailSerializer,
    ArticleRecommendationsSerializer,
    ArticleSerializer,
    ConditionDetailSerializer,
    ConditionSerializer,
    EventSerializer,
    QuestionnaireSerializer,
    RecommendationRequestSerializer,
    RecommendationSerializer,
)
from recommendations.engine.answers import InvalidAnswers
from recommendations.events import events_record
from recommendations.index import condition_ranking_get, index_current, ranked_cards
from recommendations.models import BodyArea, ConditionSymptom, ConditionTreatment
from recommendations.selectors import article_list, condition_list
from recommendations.services import assessment_record, assessment_summary, recommendation_cached
from shop.api.pagination import positive_int_param

MAX_PER_PHASE = 20
# Part of the result cache key: change it when the cached value's shape changes, so a deploy
# never reads what older code stored under the same index version.
RESULT_FORMAT = 2


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
    list=extend_schema(summary="List published conditions"),
    retrieve=extend_schema(summary="Get a condition with its symptoms and treatments"),
)
class ConditionViewSet(viewsets.ReadOnlyModelViewSet):
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
    list=extend_schema(summary="List published guides"),
    retrieve=extend_schema(summary="Get a guide with its sections rendered"),
)
class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Published condition guides by slug."""

    lookup_field = "slug"
    filterset_class = ArticleFilter

    def get_queryset(self):
        return article_list()

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    @extend_schema(
        summary="Products that help, grouped by phase, each with its reasons",
        parameters=[
            OpenApiParameter("limit", int, description=f"Products per phase, 1 to {MAX_PER_PHASE} (default 6).")
        ],
        responses=ArticleRecommendationsSerializer,
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def recommendations(self, request, slug=None):
        limit = positive_int_param(request, "limit", default=6, maximum=MAX_PER_PHASE)
        article = self.get_object()
        ranking, products = condition_ranking_get(slug=article.condition.slug)
        payload = {
            "article": article.slug,
            "condition": article.condition.slug,
            "phases": ranked_cards(ranking, products, per_phase=limit),
            "disclaimer": NOT_MEDICAL_ADVICE,
        }
        return Response(ArticleRecommendationsSerializer(payload, context={"request": request}).data)


@extend_schema(summary="The symptom-check questions with their options", responses=QuestionnaireSerializer)
class QuestionnaireView(APIView):
    """Every active question; "not-sure" is always an option and gives no evidence."""

    def get(self, request):
        index = index_current()
        return Response(QuestionnaireSerializer({"questions": index.questions, "index_version": index.version}).data)


class RecommendationView(APIView):
    """Turn symptom-check answers into conditions, triage advice, products with reasons and the next question."""

    permission_classes = [permissions.AllowAny]  # anonymous and throttled: it reads, then stores a record

    @extend_schema(
        summary="Recommend products for symptom-check answers",
        request=RecommendationRequestSerializer,
        responses={200: RecommendationSerializer},
        examples=[
            OpenApiExample(
                "Runner's knee",
                request_only=True,
                value={
                    "answers": {"where-does-it-hurt": "knee", "knee-stairs": "yes"},
                    "limit": 6,
                },
            )
        ],
    )
    def post(self, request):
        serializer = RecommendationRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answers, limit = serializer.validated_data["answers"], serializer.validated_data["limit"]

        def render(recommendation, index):
            payload = {
                "triage": recommendation.triage,
                "conditions": recommendation.conditions,
                "products": recommendation.products,
                "next_question": recommendation.next_question,
                "index_version": index.version,
                "disclaimer": NOT_MEDICAL_ADVICE,
            }
            data = RecommendationSerializer(payload, context={"request": request}).data
            return {
                # Cached rendered: a repeat of the same answers costs one cache read, no serializing.
                "body": JSONRenderer().render(data),
                "summary": assessment_summary(recommendation),
                "product_ids": [item.product.id for item in recommendation.products],
            }

        try:
            result, version = recommendation_cached(
                answers=answers,
                limit=limit,
                variant=f"{RESULT_FORMAT}:{request.build_absolute_uri('/')}",
                render=render,
            )
        except InvalidAnswers as exc:
            raise ValidationError({"answers": exc.errors}) from exc
        assessment_record(answers=answers, summary=result["summary"], index_version=version, source="api")
        events_record(
            kind="impression",
            product_ids=result["product_ids"],
            condition=result["summary"]["top_condition"],
            source="api",
        )
        return HttpResponse(result["body"], content_type="application/json")


class EventView(APIView):
    """Record a shopper's click on a recommended product, or a product view, from an app."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(summary="Report a click or product view", request=EventSerializer, responses={202: None})
    def post(self, request):
        serializer = EventSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        events_record(
            kind=data["kind"],
            product_ids=[data["product"]],
            condition=data["condition"],
            source="api",
            visitor=data["visitor"],
        )
        return Response(status=202)
