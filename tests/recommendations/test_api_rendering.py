"""The recommendation answer built directly reads exactly as RecommendationSerializer, the schema, renders it."""

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from guides.vocabulary import NOT_MEDICAL_ADVICE, NOT_SURE
from recommendations.api.rendering import recommendation_data
from recommendations.api.serializers import RecommendationSerializer
from recommendations.engine.recommend import recommend
from recommendations.index.current import index_current
from tests.vignettes import all_vignettes

pytestmark = pytest.mark.django_db

VIGNETTES = all_vignettes()


def answer_sets() -> list[dict]:
    """Every vignette's answers, and the steps a shopper passes through on the way to them."""
    sets: list[dict] = [
        {},
        {"where-does-it-hurt": "knee"},
        {"where-does-it-hurt": "knee", "safety-deformity": NOT_SURE},
    ]
    for vignette in VIGNETTES:
        answers = vignette["answers"]
        sets += [dict(list(answers.items())[:n]) for n in (1, 3, len(answers) // 2)] + [answers]
    return sets


def test_the_direct_answer_is_the_serializers_byte_for_byte(demo):
    index = index_current()
    request = APIRequestFactory().post("/api/v1/recommendations/")
    checked = 0
    for answers in answer_sets():
        for limit in (1, 6, 12):
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
            documented = JSONRenderer().render(RecommendationSerializer(payload, context={"request": request}).data)
            direct = JSONRenderer().render(
                recommendation_data(
                    recommendation,
                    version=index.version,
                    disclaimer=NOT_MEDICAL_ADVICE,
                    absolute=request.build_absolute_uri,
                )
            )
            assert direct == documented, answers
            checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    "location",
    [
        "/products/loop-strap/",
        "/media/products/strap%20blue.jpg",
        "/guides/kn\u00e9e/",
        "https://cdn.limber.test/products/strap.jpg",
        "//cdn.limber.test/strap.jpg",
        "/guides/../products/",
        "",
    ],
)
def test_site_paths_become_the_same_addresses_as_build_absolute_uri_gives(rf, location):
    from recommendations.api.rendering import site_paths_absolute

    request = rf.get("/api/v1/recommendations/")

    assert site_paths_absolute(request)(location) == request.build_absolute_uri(location)
