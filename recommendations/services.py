"""Answering a symptom check: result cache keys, and what analytics keep of each result."""

import hashlib
import json
from collections.abc import Mapping

from analytics.services import answers_normalise, assessment_record
from recommendations.engine.types import Recommendation


def recommendation_cache_key(*, answers: Mapping[str, object], limit: int, version: str, variant: str = "") -> str:
    """Key a result by the normalised answers, the limit and the index version; a new version never hits."""
    blob = json.dumps({"a": answers_normalise(answers), "l": limit, "v": variant}, sort_keys=True, default=str)
    return f"recommendations:result:{version}:{hashlib.sha256(blob.encode()).hexdigest()[:32]}"


def assessment_summary(recommendation: Recommendation) -> dict:
    """Return what staff analytics keep of a recommendation."""
    return {
        "body_areas": sorted(recommendation.body_areas),
        "triage_level": recommendation.triage.level,
        "top_condition": recommendation.conditions[0].slug if recommendation.conditions else "",
        "conditions": [{"slug": c.slug, "probability": c.probability} for c in recommendation.conditions],
        "products": [item.product.slug for item in recommendation.products],
    }


def assessment_keep(
    *, answers: Mapping[str, object], recommendation: Recommendation, index_version: str, source: str
) -> str:
    """Record a symptom-check result for staff analytics (anonymous, written in bulk later); return its uid."""
    return assessment_record(
        answers=answers, summary=assessment_summary(recommendation), index_version=index_version, source=source
    )
