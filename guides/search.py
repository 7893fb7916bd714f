"""Find conditions and body areas by what shoppers type: names, guide titles, symptoms, and area words.

Everything searched is the knowledge base itself, read once per content version: each published
condition with a published guide (its name, its guide's title, its symptoms, its body areas) and
each body area that has one (its name, and the words of `content/search_words.yaml`). A typed word
names a text when a stem of the text is the word's stem or begins with it (six letters or more); a
word is never matched "one letter off" here: a typo is corrected before, and only when the word
names nothing as typed. A hit says which of the typed words it accounts for, so "sore knee when
running" reads "knee" and "running" in runner's knee and "knee" in the knee.
"""

import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from django.db.models import Prefetch

from catalog.search import Term
from catalog.words import Vocabulary, stems_of, word_stem, words_of
from guides.models import BodyArea, Condition, ConditionSymptom
from shop.content import content_version

AREA_WORDS_FILE = Path(__file__).resolve().parent / "content" / "search_words.yaml"
NAME_SCORE, SYMPTOM_SCORE, AREA_SCORE = 3.0, 1.0, 0.5  # a condition's name or guide title; a symptom (+ likelihood)
RELATED_SHARE = 0.75  # a word that means the same as the typed one ("runner" for "running") counts a little less
HIT_FLOOR = 0.6  # a hit scoring under this share of the best hit's score is left out


@dataclass(frozen=True)
class ConditionHit:
    """A published condition a search names, with its guide; `covers` holds the numbers of the words it names."""

    slug: str
    name: str
    summary: str
    guide_url: str
    score: float
    guide_slug: str = ""
    covers: frozenset[int] = frozenset()
    strength: float = 1.0  # its score over the best hit's


@dataclass(frozen=True)
class AreaHit:
    """A body area a search names; `covers` holds the numbers of the words it names."""

    slug: str
    name: str
    score: float
    covers: frozenset[int] = frozenset()
    strength: float = 1.0


@dataclass(frozen=True)
class _Entry:
    slug: str
    texts: tuple[tuple[float, frozenset[str]], ...]  # (weight, stems) per text
    hit: ConditionHit | AreaHit
    areas: frozenset[str] = frozenset()  # a condition's body areas


@dataclass(frozen=True)
class _Index:
    conditions: list[_Entry]
    areas: list[_Entry]
    vocabulary: Vocabulary  # every stem with how many conditions and areas hold it
    postings: dict[str, set[tuple[bool, int]]] = field(default_factory=dict)  # stem -> (is area, entry number)


_held: dict[str, _Index] = {}
_lock = threading.Lock()


@functools.cache
def area_words() -> dict[str, tuple[str, ...]]:
    """Return the extra words of each body area slug in `content/search_words.yaml`, read once per process."""
    data = yaml.safe_load(AREA_WORDS_FILE.read_text(encoding="utf-8")) or {}
    areas = data.get("body_areas") or {}
    if not isinstance(areas, dict) or not all(isinstance(words, list) for words in areas.values()):
        raise ValueError(f"{AREA_WORDS_FILE.name}: body_areas must map body-area slugs to lists of words")
    return {slug: tuple(str(word).lower() for word in words) for slug, words in areas.items()}


def _index() -> _Index:
    """Return the searchable conditions and body areas, built once per content version."""
    token = content_version().token
    if token in _held:
        return _held[token]
    symptoms = ConditionSymptom.objects.select_related("symptom").filter(symptom__base_rate__isnull=True)
    conditions = (
        Condition.objects.published()
        .filter(article__is_published=True)
        .select_related("article")
        .prefetch_related("body_areas", Prefetch("symptom_links", symptoms))
    )
    entries, felt_in = [], set()
    for condition in conditions:
        article = condition.article
        texts = [(NAME_SCORE, stems_of(condition.name)), (NAME_SCORE, stems_of(article.title))]
        links = condition.symptom_links.all()
        texts += [(SYMPTOM_SCORE + link.likelihood, stems_of(link.symptom.name)) for link in links]
        texts += [(AREA_SCORE, stems_of(area.name)) for area in condition.body_areas.all()]
        felt_in |= {area.pk for area in condition.body_areas.all()}
        hit = ConditionHit(
            condition.slug, condition.name, condition.summary, article.get_absolute_url(), 0.0, article.slug
        )
        felt = frozenset(area.slug for area in condition.body_areas.all())
        entries.append(_Entry(condition.slug, tuple((w, frozenset(s)) for w, s in texts), hit, felt))
    extra = area_words()
    named_areas = [(area, set(stems_of(area.name))) for area in BodyArea.objects.filter(pk__in=felt_in)]
    sharing: dict[str, int] = {}
    for _area, stems in named_areas:
        for stem in stems:
            sharing[stem] = sharing.get(stem, 0) + 1
    areas = []
    for area, stems in named_areas:
        # A word several areas' names share ("back") says less than one only this area's name holds.
        texts = [(1.0 / sharing[stem], frozenset({stem})) for stem in stems]
        texts.append((1.0, frozenset(word_stem(word) for word in extra.get(area.slug, ()))))
        areas.append(_Entry(area.slug, tuple(texts), AreaHit(area.slug, area.name, 0.0)))
    counts: dict[str, int] = {}
    postings: dict[str, set[tuple[bool, int]]] = {}
    for is_area, group in ((False, entries), (True, areas)):
        for number, entry in enumerate(group):
            stems = set().union(*(stems for _weight, stems in entry.texts))
            for stem in stems:
                counts[stem] = counts.get(stem, 0) + 1
                postings.setdefault(stem, set()).add((is_area, number))
    index = _Index(entries, areas, Vocabulary(counts), postings)
    with _lock:
        _held.clear()
        _held[token] = index
    return index


def knowledge_vocabulary() -> Vocabulary:
    """Return the stems of the searchable conditions and body areas, each with how many of them hold it."""
    return _index().vocabulary


def _stems(words: Sequence[str], vocabulary: Vocabulary) -> set[str]:
    return set().union(*(vocabulary.matching(word_stem(word)) for word in words)) if words else set()


def _entry_score(entry: _Entry, named: list[tuple[set[str], set[str]]]) -> tuple[float, set[int]]:
    """Return what an entry scores for the typed words, and the numbers of the words it names."""
    total, covers = 0.0, set()
    for number, (stems, related) in enumerate(named):
        best = 0.0
        for weight, text in entry.texts:
            if stems & text:
                best = max(best, weight)
            elif related & text:
                best = max(best, weight * RELATED_SHARE)
        if best:
            total += best
            covers.add(number)
    return total, covers


def _best(scored: list[tuple[float, set[int], _Entry]], limit: int) -> list[tuple[float, float, set[int], _Entry]]:
    """Keep the entries naming the most words, each with a score at least `HIT_FLOOR` of the best's."""
    if not scored:
        return []
    most = max(len(covers) for _score, covers, _entry in scored)
    kept = [(score, covers, entry) for score, covers, entry in scored if len(covers) == most]
    top = max(score for score, _covers, _entry in kept)
    kept = [row for row in kept if row[0] >= HIT_FLOOR * top]
    kept.sort(key=lambda row: (-row[0], row[2].hit.name))
    return [(score, score / top, covers, entry) for score, covers, entry in kept[:limit]]


def knowledge_search(*, terms: Sequence[Term], limit: int = 4) -> tuple[list[ConditionHit], list[AreaHit]]:
    """Return the conditions and the body areas the terms name, best first, each with the words it names."""
    index = _index()
    named = [(_stems(term.forms, index.vocabulary), _stems(term.related, index.vocabulary)) for term in terms]
    touched: set[tuple[bool, int]] = set()
    for stems, related in named:
        for stem in stems | related:
            touched |= index.postings.get(stem, set())
    results: dict[bool, list[tuple[float, set[int], _Entry]]] = {False: [], True: []}
    for is_area, number in touched:
        entry = (index.areas if is_area else index.conditions)[number]
        score, covers = _entry_score(entry, named)
        if covers:
            results[is_area].append((score, covers, entry))
    areas = [
        AreaHit(entry.hit.slug, entry.hit.name, score, frozenset(covers), strength)
        for score, strength, covers, entry in _best(results[True], 2)
    ]
    if areas:  # "sore knee when running" is about the knee: not sciatica, whose pain may run below the knee
        named_areas = {area.slug for area in areas}
        results[False] = [row for row in results[False] if row[2].areas & named_areas]
    conditions = [
        replace(entry.hit, score=score, strength=strength, covers=frozenset(covers))
        for score, strength, covers, entry in _best(results[False], limit)
    ]
    # An area says less than a condition naming the same words: "shin splints" is not any shin product.
    areas = [area for area in areas if not any(area.covers <= hit.covers for hit in conditions)]
    return conditions, areas


def condition_search(*, text: str, limit: int = 4) -> list[ConditionHit]:
    """Return published conditions whose name, guide, a symptom or a body area holds the words of `text`, best first."""
    terms = [Term(forms=(word,)) for word in words_of(text)]
    return knowledge_search(terms=terms, limit=limit)[0] if terms else []
