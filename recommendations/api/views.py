"""Recommendations API: the questionnaire, recommendations for answers, and each guide's products by phase."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics.models import EventKind
from analytics.services import assessment_record, events_record
from catalog.stock_shown import products_sold_out
from guides.selectors import article_get
from guides.vocabulary import NOT_MEDICAL_ADVICE
from recommendations.api.counting import throttle_waits_recording
from recommendations.api.rendering import recommendation_data, site_paths_absolute
from recommendations.api.repeats import Answered, repeat_get, repeat_keep, repeat_key
from recommendations.api.serializers import (
    ArticleRecommendationsSerializer,
    QuestionnaireSerializer,
    RecommendationRequestSerializer,
    RecommendationSerializer,
)
from recommendations.engine.answers import InvalidAnswers
from recommendations.engine.recommend import recommend
from recommendations.engine.types import KnowledgeIndex
from recommendations.index.current import index_current
from recommendations.selectors import condition_ranking_get, ranked_cards, recommendation_still_in_stock
from recommendations.services import assessment_summary, recommendation_cache_key
from shop.api.caching import CachedReadMixin
from shop.api.examples import operation_examples
from shop.api.pagination import bounded_int_parameter, positive_int_param
from shop.api.throttling import longest_wait
from shop.cache import local_get_or_set

MAX_PER_PHASE = 20
# Part of the result cache key: change it when the cached value's shape changes, so a deploy
# never reads what older code stored under the same index version.
RESULT_FORMAT = 5


class ArticleRecommendationsView(CachedReadMixin, APIView):
    """A published guide's products, grouped by phase, each with its reasons."""

    def read_key_parts(self, request) -> tuple:
        return (index_current().version,)

    @extend_schema(
        summary="Products that help, grouped by phase, each with its reasons",
        description=(
            "The products that help with the guide's condition, best first, in two phases: `immediate` relief "
            "and `long_term` healing, each product with the reasons it is there. General information for "
            "the condition, not a personal result: for that, run the symptom check."
        ),
        parameters=[
            bounded_int_parameter(
                "limit", maximum=MAX_PER_PHASE, description=f"Products per phase, 1 to {MAX_PER_PHASE} (default 6)."
            )
        ],
        responses=ArticleRecommendationsSerializer,
        examples=operation_examples("articles_recommendations_retrieve"),
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


@extend_schema(
    summary="The symptom-check questions with their options",
    description=(
        "Every question of the symptom check with the options a client may send for it: `not-sure` is "
        "among them on every question but age. To run a check, send the answers to "
        "`POST /api/v1/recommendations/`, which names the next question to ask."
    ),
    responses=QuestionnaireSerializer,
    examples=operation_examples("questionnaire_retrieve"),
)
class QuestionnaireView(CachedReadMixin, APIView):
    """Every active question with its options; "not-sure" (every question but age) gives no evidence."""

    def read_key_parts(self, request) -> tuple:
        return (index_current().version,)

    def get(self, request):
        index = index_current()
        return Response(QuestionnaireSerializer({"questions": index.questions, "index_version": index.version}).data)


class RecommendationView(APIView):
    """Turn symptom-check answers into conditions, triage advice, products with reasons and the next question.

    A body this process has answered before, byte for byte, is answered without DRF's request
    cycle: the remembered answer is recorded and counted against the rate limits in one round trip
    (`recommendations.api.counting`), then sent as it was (`recommendations.api.repeats`); a
    refused one records nothing. Anything else, invalid bodies included, takes the whole cycle.
    """

    permission_classes = [permissions.AllowAny]  # anonymous and throttled: it reads, then stores a record
    _index: KnowledgeIndex | None = None  # read once per request
    _repeat: str | None = None
    _throttle_waits: list | None = None  # the rate limits' verdict when they already ran

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().dispatch(request, *args, **kwargs)
        self._index = index = index_current()
        self._repeat = repeat_key(request, version=index.version, variant=self._variant(request))
        if self._repeat is None:
            return super().dispatch(request, *args, **kwargs)
        answered = repeat_get(self._repeat)
        if answered is None or not recommendation_still_in_stock(answered.result["product_ids"]):
            return super().dispatch(request, *args, **kwargs)
        # The answer is at hand: its records and its rate limit go to Redis in one round trip.
        self.headers = self.default_response_headers
        response = self.answer(answered.result, answers=answered.answers, version=index.version)
        waits = throttle_waits_recording(request, self)
        if waits:  # refused: nothing was recorded; DRF's cycle answers 429 as it always does
            self._throttle_waits = waits
            return super().dispatch(request, *args, **kwargs)
        return self.finalize_response(request, response, *args, **kwargs)

    def check_throttles(self, request):
        if self._throttle_waits is None:
            return super().check_throttles(request)
        if self._throttle_waits:  # refused: answer as DRF's own check would
            self.throttled(request, longest_wait(self._throttle_waits))
        return None

    @staticmethod
    def _variant(request) -> str:
        """What the answer depends on besides the answers: its format and the site's address in its links."""
        return f"{RESULT_FORMAT}:{request.build_absolute_uri('/')}"

    @extend_schema(
        summary="Recommend products for symptom-check answers",
        description=(
            "Send the answers so far, as option slugs by question slug (a list for a multiple-choice question). "
            "A question takes the options its `options` list: `not-sure` is among them on every question but "
            "age. The answer gives triage advice, the conditions that fit with the "
            "answers that moved each, products with their reasons, and `next_question`: ask it, add the answer "
            "and send again, until it is null. Start with no answers.\n\n"
            "Until the safety questions for the shopper's body areas are answered (`safety_pending`), the "
            "answer names no conditions and no products. When `triage.withhold_products` is true the check "
            "ends with advice only: show `triage.message`. An unknown question or option is a 400 naming it "
            "(`answers.<question>`). The same answers get the same answer while `index_version` (the version of "
            "the shop's knowledge) stays the same. Not medical advice."
        ),
        request=RecommendationRequestSerializer,
        responses={200: RecommendationSerializer},
        examples=operation_examples("recommendations_create"),
    )
    def post(self, request):
        serializer = RecommendationRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answers, limit = serializer.validated_data["answers"], serializer.validated_data["limit"]

        index = self._index or index_current()
        key = recommendation_cache_key(
            answers=answers, limit=limit, version=index.version, variant=self._variant(request)
        )
        try:
            result = local_get_or_set(key, lambda: self.result(request, index, answers, limit))
        except InvalidAnswers as exc:
            # One level, like every 400: "answers" for the whole, "answers.<question>" for one answer.
            raise ValidationError(
                {key if key == "answers" else f"answers.{key}": messages for key, messages in exc.errors.items()}
            ) from exc
        if not recommendation_still_in_stock(result["product_ids"]):
            # A product sold out since the index was built: answer without it until the index catches up.
            result = self.result(request, index, answers, limit, sold_out=products_sold_out())
        elif self._repeat is not None:
            repeat_keep(self._repeat, Answered(result=result, answers=answers))
        return self.answer(result, answers=answers, version=index.version)

    @staticmethod
    def answer(result: dict, *, answers: dict, version: str) -> HttpResponse:
        """Record the symptom check and what it showed, and send the answer."""
        assessment_record(answers=answers, summary=result["summary"], index_version=version, source="api")
        events_record(
            kind=EventKind.IMPRESSION,
            product_ids=result["product_ids"],
            condition=result["summary"]["top_condition"],
            source="api",
        )
        return HttpResponse(result["body"], content_type="application/json")

    @staticmethod
    def result(request, index, answers, limit, sold_out: frozenset[str] = frozenset()) -> dict:
        """Compute the recommendation and render it once: held by this process, a repeat costs a lookup."""
        recommendation = recommend(index, answers, limit=limit, sold_out=sold_out)
        data = recommendation_data(
            recommendation, version=index.version, disclaimer=NOT_MEDICAL_ADVICE, absolute=site_paths_absolute(request)
        )
        return {
            "body": JSONRenderer().render(data),
            "summary": assessment_summary(recommendation),
            "product_ids": [item.product.id for item in recommendation.products],
        }
