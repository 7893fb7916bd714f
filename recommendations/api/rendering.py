"""A recommendation as the API answers it, built directly, field for field as RecommendationSerializer documents it.

DRF copies every nested serializer's fields for each instance, which cost a cold answer about a
quarter of its time. This builds the same dictionaries in the same order; the serializers stay
the schema, and tests/recommendations/test_api_rendering.py checks that both give the same JSON.
"""

from collections.abc import Callable

from django.utils.encoding import iri_to_uri
from rest_framework import serializers

from recommendations.api.serializers import QuestionSerializer
from recommendations.engine.types import ConditionResult, QuestionInfo, Recommendation, RecommendedProduct

# The serializers' own price field, so prices read exactly as the schema's decimal strings.
_PRICE = serializers.DecimalField(max_digits=10, decimal_places=2)


def _text(value) -> str | None:
    return None if value is None else str(value)


def site_paths_absolute(request) -> Callable[[str], str]:
    """Return what `request.build_absolute_uri` does to a site path, with the site's root worked out once.

    An answer holds a dozen addresses; each call to `build_absolute_uri` checks the host again.
    """
    root = request.build_absolute_uri("/")[:-1]

    def absolute(location: str) -> str:
        if location.startswith("/") and not location.startswith("//") and "/." not in location:
            return iri_to_uri(root + location)
        return request.build_absolute_uri(location)

    return absolute


def _url(absolute: Callable[[str], str], value: str | None) -> str | None:
    # As AbsoluteUrlField: None stays None, an empty path stays empty.
    if value is None:
        return None
    return absolute(value) if value else value


def recommendation_data(
    recommendation: Recommendation, *, version: str, disclaimer: str, absolute: Callable[[str], str]
) -> dict:
    """Return the answer's data; `absolute` turns a site path into an address (request.build_absolute_uri)."""
    triage = recommendation.triage
    return {
        "triage": {
            "level": _text(triage.level),
            "message": _text(triage.message),
            "withhold_products": bool(triage.withhold_products),
        },
        "match": _text(recommendation.match),
        "cannot_tell": bool(recommendation.cannot_tell),
        "advice": _text(recommendation.advice),
        "safety_pending": [str(slug) for slug in recommendation.safety_pending],
        "conditions": [_condition(result, absolute) for result in recommendation.conditions],
        "products": [_product(item, absolute) for item in recommendation.products],
        "next_question": None if recommendation.next_question is None else question_data(recommendation.next_question),
        "next_questions": [question_data(question) for question in recommendation.next_questions],
        "index_version": version,
        "disclaimer": disclaimer,
    }


def _condition(result: ConditionResult, absolute: Callable[[str], str]) -> dict:
    return {
        "slug": _text(result.slug),
        "name": _text(result.name),
        "probability": float(result.probability),
        "label": _text(result.label),
        "article_url": _url(absolute, result.article_url),
        "evidence": [
            {
                "question": _text(item.question),
                "question_text": _text(item.question_text),
                "answer": _text(item.answer),
                "effect": _text(item.effect),
                "weight": float(item.weight),
            }
            for item in result.evidence
        ],
    }


def _product(item: RecommendedProduct, absolute: Callable[[str], str]) -> dict:
    product = item.product
    return {
        "slug": _text(product.slug),
        "name": _text(product.name),
        "price": None if product.price is None else _PRICE.to_representation(product.price),
        "currency": _text(product.currency),
        "in_stock": bool(product.in_stock),
        "url": _url(absolute, product.url),
        "image": _url(absolute, product.image_url),
        "score": float(item.score),
        "phase": _text(item.phase),
        "reasons": [str(reason) for reason in item.reasons],
    }


def question_data(question: QuestionInfo) -> dict:
    """Return a question as QuestionSerializer gives it."""
    return {
        "slug": _text(question.slug),
        "text": _text(question.text),
        "help_text": _text(question.help_text),
        "allows_multiple": bool(question.allows_multiple),
        "stage": QuestionSerializer.STAGES.get(question.stage, "symptoms"),
        "body_areas": sorted(question.body_areas),
        "options": [{"slug": option.slug, "label": option.label} for option in question.choices],
    }
