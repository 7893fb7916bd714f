"""Find conditions by what shoppers type: their names, their guides' titles, their symptoms and body areas."""

import threading
from dataclasses import dataclass

from django.db.models import Prefetch

from catalog.words import stem_matches, stems_of
from guides.models import Condition, ConditionSymptom
from shop.content import content_version

NAME_SCORE, SYMPTOM_SCORE, AREA_SCORE = 3.0, 1.0, 0.5


@dataclass(frozen=True)
class ConditionHit:
    """A published condition a search names, with its guide."""

    slug: str
    name: str
    summary: str
    guide_url: str
    score: float
    guide_slug: str = ""


@dataclass(frozen=True)
class _Searchable:
    slug: str
    name: str
    summary: str
    guide_url: str
    guide_slug: str
    texts: tuple[tuple[float, tuple[str, ...]], ...]  # (score, stems) for the name, each symptom, each area


_held: dict[str, list[_Searchable]] = {}
_lock = threading.Lock()


def _searchables() -> list[_Searchable]:
    """Return every published condition with a published guide as stems to match, once per content version."""
    token = content_version().token
    if token in _held:
        return _held[token]
    conditions = (
        Condition.objects.published()
        .filter(article__is_published=True)
        .select_related("article")
        .prefetch_related("body_areas", Prefetch("symptom_links", ConditionSymptom.objects.select_related("symptom")))
    )
    found = []
    for condition in conditions:
        article = condition.article
        texts = [(NAME_SCORE, tuple(stems_of(condition.name))), (NAME_SCORE, tuple(stems_of(article.title)))]
        texts += [
            (SYMPTOM_SCORE + link.likelihood, tuple(stems_of(link.symptom.name)))
            for link in condition.symptom_links.all()
        ]
        texts += [(AREA_SCORE, tuple(stems_of(area.name))) for area in condition.body_areas.all()]
        found.append(
            _Searchable(
                condition.slug,
                condition.name,
                condition.summary,
                article.get_absolute_url(),
                article.slug,
                tuple(texts),
            )
        )
    with _lock:
        _held.clear()
        _held[token] = found
    return found


def condition_search(*, text: str, limit: int = 4) -> list[ConditionHit]:
    """Return published conditions whose name, guide, a symptom or a body area holds every word typed, best first."""
    wanted = stems_of(text)
    if not wanted:
        return []
    hits = []
    for item in _searchables():
        score = max(
            (
                weight
                for weight, stems in item.texts
                if all(any(stem_matches(query, known) for known in stems) for query in wanted)
            ),
            default=0.0,
        )
        if score:
            hits.append(ConditionHit(item.slug, item.name, item.summary, item.guide_url, score, item.guide_slug))
    hits.sort(key=lambda hit: (-hit.score, hit.name))
    return hits[:limit]
