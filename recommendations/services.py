"""Actions of the recommendation service: answering a symptom check and recording it."""

import hashlib
import json
import threading
import uuid
from collections import OrderedDict
from collections.abc import Mapping

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from recommendations.engine.recommend import recommend
from recommendations.engine.types import Recommendation
from recommendations.events import assessment_buffer
from recommendations.index import index_current


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


class _RecentResults:
    """A small per-process LRU in front of the shared result cache: a repeat costs no round trip."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict[str, dict] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: str, value: dict) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


_recent = _RecentResults(size=2048)


def recommendation_cached(*, answers: Mapping[str, object], limit: int, variant: str, render) -> tuple[dict, str]:
    """Return a rendered recommendation from the result caches, computing and storing it on a miss.

    Keys carry the index version, so a new index never serves a stale result from either cache.
    """
    index = index_current()
    key = recommendation_cache_key(answers=answers, limit=limit, version=index.version, variant=variant)
    data = _recent.get(key)
    if data is None:
        data = cache.get(key)
        if data is None:
            data = render(recommend(index, answers, limit=limit), index)
            cache.set(key, data, timeout=settings.LIMBER_RESULT_CACHE_SECONDS)
        _recent.put(key, data)
    return data, index.version


def assessment_record(*, answers: Mapping[str, object], summary: dict, index_version: str, source: str) -> None:
    """Keep an anonymous record of a symptom check, written in bulk later: it never holds up the shopper."""
    assessment_buffer(
        {
            "uid": str(uuid.uuid4()),
            "created_at": timezone.now().isoformat(),
            "source": source,
            "answers": answers_normalise(answers),
            "index_version": index_version,
            **summary,
        }
    )


def assessment_summary(recommendation: Recommendation) -> dict:
    """Return what staff analytics keep of a recommendation."""
    return {
        "body_areas": sorted(recommendation.body_areas),
        "triage_level": recommendation.triage.level,
        "top_condition": recommendation.conditions[0].slug if recommendation.conditions else "",
        "conditions": [{"slug": c.slug, "probability": c.probability} for c in recommendation.conditions],
        "products": [item.product.slug for item in recommendation.products],
    }
