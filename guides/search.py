"""Find conditions by what shoppers type: their names, their guides' titles, their symptoms and body areas."""

import threading
from dataclasses import dataclass

from django.db.models import Prefetch

from catalog.words import Vocabulary, stems_of
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


@dataclass(frozen=True)
class _Index:
    """The searchable conditions, and for each known stem the (condition, text) pairs that hold it."""

    items: list[_Searchable]
    postings: dict[str, frozenset[tuple[int, int]]]
    vocabulary: Vocabulary


_held: dict[str, _Index] = {}
_lock = threading.Lock()


def _searchables() -> _Index:
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
    postings: dict[str, set[tuple[int, int]]] = {}
    for position, item in enumerate(found):
        for number, (_weight, stems) in enumerate(item.texts):
            for stem in stems:
                postings.setdefault(stem, set()).add((position, number))
    index = _Index(found, {stem: frozenset(pairs) for stem, pairs in postings.items()}, Vocabulary(postings))
    with _lock:
        _held.clear()
        _held[token] = index
    return index


def condition_search(*, text: str, limit: int = 4) -> list[ConditionHit]:
    """Return published conditions whose name, guide, a symptom or a body area holds every word typed, best first."""
    wanted = stems_of(text)
    if not wanted:
        return []
    index = _searchables()
    # The (condition, text) pairs in which every typed word names a word, as `stem_matches` reads it.
    pairs: set[tuple[int, int]] | None = None
    for query in wanted:
        holding = set().union(*(index.postings[known] for known in index.vocabulary.matching(query)))
        pairs = holding if pairs is None else pairs & holding
    scores: dict[int, float] = {}
    for position, number in pairs or ():
        weight = index.items[position].texts[number][0]
        scores[position] = max(scores.get(position, 0.0), weight)
    hits = []
    for position, score in scores.items():
        item = index.items[position]
        hits.append(ConditionHit(item.slug, item.name, item.summary, item.guide_url, score, item.guide_slug))
    hits.sort(key=lambda hit: (-hit.score, hit.name))
    return hits[:limit]
