"""Actions of the recommendation service: answering a symptom check and recording it."""

import hashlib
import json
import logging
import uuid
from collections.abc import Mapping
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from recommendations.engine.recommend import recommend
from recommendations.engine.types import Recommendation
from recommendations.index import index_current
from recommendations.models import Assessment

logger = logging.getLogger(__name__)


def answers_normalise(answers: Mapping[str, object]) -> dict[str, object]:
    """Return answers in a canonical form: keys sorted, multiple choices sorted."""
    return {
        key: sorted(value) if isinstance(value, list) and all(isinstance(v, str) for v in value) else value
        for key, value in sorted(answers.items(), key=lambda item: str(item[0]))
    }


def recommendation_cache_key(*, answers: Mapping[str, object], limit: int, version: str, variant: str = "") -> str:
    """Key a result by the normalised answers, the limit and the index version; a new version never hits."""
    blob = json.dumps({"a": answers_normalise(answers), "l": limit, "v": variant}, sort_keys=True, default=str)
    return f"recommendations:result:{version}:{hashlib.sha256(blob.encode()).hexdigest()[:32]}"


def recommendation_cached(*, answers: Mapping[str, object], limit: int, variant: str, render) -> tuple[dict, str]:
    """Return a rendered recommendation from the result cache, computing and storing it on a miss."""
    index = index_current()
    key = recommendation_cache_key(answers=answers, limit=limit, version=index.version, variant=variant)
    data = cache.get(key)
    if data is None:
        data = render(recommend(index, answers, limit=limit), index)
        cache.set(key, data, timeout=settings.LIMBER_RESULT_CACHE_SECONDS)
    return data, index.version


def assessment_record(*, answers: Mapping[str, object], summary: dict, index_version: str, source: str) -> None:
    """Store an anonymous record of a symptom check without holding up the shopper."""
    from recommendations.tasks import assessment_store_task

    record = {
        "uid": str(uuid.uuid4()),
        "created_at": timezone.now().isoformat(),
        "source": source,
        "answers": answers_normalise(answers),
        "index_version": index_version,
        **summary,
    }
    try:
        assessment_store_task.delay(record)
    except Exception:  # analytics must never fail a shopper's request
        logger.warning("Could not queue an assessment record.", exc_info=True)


def assessment_summary(recommendation: Recommendation) -> dict:
    """Return what staff analytics keep of a recommendation."""
    return {
        "body_areas": sorted(recommendation.body_areas),
        "triage_level": recommendation.triage.level,
        "top_condition": recommendation.conditions[0].slug if recommendation.conditions else "",
        "conditions": [{"slug": c.slug, "probability": c.probability} for c in recommendation.conditions],
        "products": [item.product.slug for item in recommendation.products],
    }


def assessment_store(*, record: dict) -> None:
    """Write one assessment row; writing the same record twice keeps one row."""
    Assessment.objects.bulk_create(
        [
            Assessment(
                uid=record["uid"],
                created_at=datetime.fromisoformat(record["created_at"]),
                source=record["source"],
                answers=record["answers"],
                body_areas=record.get("body_areas", []),
                triage_level=record["triage_level"],
                top_condition=record.get("top_condition", ""),
                conditions=record.get("conditions", []),
                products=record.get("products", []),
                index_version=record["index_version"],
            )
        ],
        ignore_conflicts=True,
    )
