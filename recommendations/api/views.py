"""Recommendations API: the questionnaire, recommendations for answers, and each guide's products by phase."""

from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics.models import EventKind
from analytics.services import assessment_record, events_record
from guides.selectors import article_get
from guides.vocabulary import NOT_MEDICAL_ADVICE
from recommendations.api.serializers import (
    ArticleRecommendationsSerializer,
    QuestionnaireSerializer,
    RecommendationRequestSerializer,
    RecommendationSerializer,
)
from recommendations.engine.answers import InvalidAnswers
from recommendations.engine.recommend import recommend
from recommendations.index.current import index_current
from recommendations.selectors import condition_ranking_get, ranked_cards
from recommendations.services import assessment_summary, recommendation_cache_key
from shop.api.caching import CachedReadMixin
from shop.api.pagination import bounded_int_parameter, positive_int_param
from shop.cache import cache_get_or_set_local

MAX_PER_PHASE = 20
# Answers to the demo questionnaire (guides/content/questionnaire.yaml); a test posts it.
RUNNERS_KNEE_EXAMPLE = {
    "answers": {
        "where-does-it-hurt": "knee",
        "safety-injury-deformity": "no",
        "knee-where-exactly": "front",
        "knee-worse-with": ["stairs", "kneeling-squatting"],
    },
    "limit": 6,
}
# Part of the result cache key: change it when the cached value's shape changes, so a deploy
# never reads what older code stored under the same index version.
RESULT_FORMAT = 4


class ArticleRecommendationsView(CachedReadMixin, APIView):
    """A published guide's products, grouped by phase, each with its reasons."""

    def read_key_parts(self, request) -> tuple:
        return (index_current().version,)

    @extend_schema(
        summary="Products that help, grouped by phase, each with its reasons",
        parameters=[
            bounded_int_parameter(
                "limit", maximum=MAX_PER_PHASE, description=f"Products per phase, 1 to {MAX_PER_PHASE} (default 6)."
            )
        ],
        responses=ArticleRecommendationsSerializer,
    )
    def get(self, request, slug):
        limit = positive_int_param(request, "limit", default=6, maximum=MAX_PER_PHASE)
        article = article_get(slug=slug)
        ranking, products = condition_ranking_get(slug=article.condition.slug)
        payload = {
            "article": article.slug,
            "condition": article.condition.slug,
            "phases": ranked_cards(ranking, products, per_phase=limit),
            "disclaimer": NOT_MEDICAL_ADVICE,
        }
        return Response(ArticleRecommendationsSerializer(payload, context={"request": request}).data)


@extend_schema(summary="The symptom-check questions with their options", responses=QuestionnaireSerializer)
class QuestionnaireView(CachedReadMixin, APIView):
    """Every active question; "not-sure" is always an option and gives no evidence."""

    def read_key_parts(self, request) -> tuple:
        return (index_current().version,)

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
                value=RUNNERS_KNEE_EXAMPLE,
            )
        ],
    )
    def post(self, request):
        serializer = RecommendationRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answers, limit = serializer.validated_data["answers"], serializer.validated_data["limit"]

        index = index_current()
        key = recommendation_cache_key(
            answers=answers,
            limit=limit,
            version=index.version,
            variant=f"{RESULT_FORMAT}:{request.build_absolute_uri('/')}",
        )
        try:
            result = cache_get_or_set_local(
                key, lambda: self.result(request, index, answers, limit), timeout=settings.LIMBER_RESULT_CACHE_SECONDS
            )
        except InvalidAnswers as exc:
            # One level, like every 400: "answers" for the whole, "answers.<question>" for one answer.
            raise ValidationError(
                {key if key == "answers" else f"answers.{key}": messages for key, messages in exc.errors.items()}
            ) from exc
        assessment_record(answers=answers, summary=result["summary"], index_version=index.version, source="api")
        events_record(
            kind=EventKind.IMPRESSION,
            product_ids=result["product_ids"],
            condition=result["summary"]["top_condition"],
            source="api",
        )
        return HttpResponse(result["body"], content_type="application/json")

    @staticmethod
    def result(request, index, answers, limit) -> dict:
        """Compute the recommendation and render it once: cached, a repeat costs one cache read."""
        recommendation = recommend(index, answers, limit=limit)
        payload = {
            "triage": recommendation.triage,
            "match": recommendation.match,
            "safety_pending": recommendation.safety_pending,
            "conditions": recommendation.conditions,
            "products": recommendation.products,
            "next_question": recommendation.next_question,
            "index_version": index.version,
            "disclaimer": NOT_MEDICAL_ADVICE,
        }
        return {
            "body": JSONRenderer().render(RecommendationSerializer(payload, context={"request": request}).data),
            "summary": assessment_summary(recommendation),
            "product_ids": [item.product.id for item in recommendation.products],
        }
