"""One search for the catalogue page and the product API: product words, conditions, symptoms and body areas.

A query is read once (`search_query_read`): filler left out ("something for my neck" is "neck"),
each word with its plural forms and the words meaning the same, and a word that names nothing as
typed, in the catalogue or the knowledge base, corrected to the closest known word. The words
then find products by their own text (`catalog.search`) and, where they name a condition or a
body area (`guides.search`), the products the condition's ranking or the area's conditions
recommend. `search_ranking` orders them all the way down. An empty result comes with suggestions
(`search_suggestions`): the corrected spelling, close product names, close guides, the symptom check.
"""

import threading
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse

from catalog.search import (
    Term,
    catalogue_vocabulary,
    product_names_close,
    product_names_near,
    product_ranked,
    product_word_exists,
    product_word_hits,
)
from catalog.words import MAX_WORDS, word_forms, word_stem, words_of, words_same_as
from guides.search import AreaHit, ConditionHit, condition_search, knowledge_search, knowledge_vocabulary
from recommendations.engine.types import KnowledgeIndex
from recommendations.index.current import index_current
from recommendations.search_ranking import knowledge_scores, products_ranked

SUGGESTED_PRODUCTS = 5
SUGGESTED_GUIDES = 3
_popularity: dict[str, dict[int, float]] = {}
_popularity_lock = threading.Lock()


@dataclass(frozen=True)
class SearchQuery:
    """A search as read: its words, each as a term to find, and the text as corrected."""

    words: list[str]
    terms: list[Term]
    corrected: str = ""  # the words with each correction, when one was made


@dataclass(frozen=True)
class SearchFindings:
    """What a search found besides products: the conditions and body areas it names and the corrected text."""

    conditions: list[ConditionHit] = field(default_factory=list)
    areas: list[AreaHit] = field(default_factory=list)
    corrected: str = ""


def _known(word: str, term: Term) -> bool:
    """Whether a word names something as typed: a catalogue or knowledge word, or any product's text."""
    stem = word_stem(word)
    catalogue = catalogue_vocabulary()
    if word in catalogue or stem in catalogue or knowledge_vocabulary().matching(stem):
        return True
    return product_word_exists(term=term)


def _correction(word: str) -> str | None:
    """Return the known word one edit from `word` that the catalogue and the guides use most, or None."""
    catalogue, knowledge = catalogue_vocabulary(), knowledge_vocabulary()
    stem = word_stem(word)
    found = set(catalogue.corrections(stem)) | set(knowledge.corrections(stem))
    if not found:
        return None
    return min(found, key=lambda c: (-(catalogue.counts.get(c, 0) + knowledge.counts.get(c, 0)), len(c), c))


def search_query_read(text: str) -> SearchQuery:
    """Read a shopper's search: words without filler, their forms and related words, typos corrected."""
    words = words_of(text)[:MAX_WORDS]
    terms, searched, corrected = [], [], False
    for word in words:
        term = Term(forms=word_forms(word), related=words_same_as(word))
        if not _known(word, term):
            better = _correction(word)
            if better is not None:
                word, corrected = better, True
                term = Term(forms=word_forms(better), related=words_same_as(better))
        terms.append(term)
        searched.append(word)
    return SearchQuery(words=searched, terms=terms, corrected=" ".join(searched) if corrected else "")


def _popularity_by_id(index: KnowledgeIndex) -> dict[int, float]:
    """Return each indexed product's popularity by id, once per index version."""
    held = _popularity.get(index.version)
    if held is None:
        held = {product.id: product.popularity for product in index.products.values()}
        with _popularity_lock:
            _popularity.clear()
            _popularity[index.version] = held
    return held


def product_search(queryset: QuerySet, *, text: str) -> tuple[QuerySet, SearchFindings]:
    """Return products matching `text`, ordered by ``search_rank`` (1 is best), and what else the words named."""
    query = search_query_read(text)
    conditions, areas = knowledge_search(terms=query.terms) if query.terms else ([], [])
    words = len(query.terms)
    # Products holding only some of the words can make the cut when a named condition or area answers the rest.
    some_words = words >= 3 or bool(conditions or areas)
    hits = product_word_hits(terms=query.terms, any_term=some_words)
    index = index_current()
    knowledge = knowledge_scores(index, words=words, conditions=conditions, areas=areas)
    ids = products_ranked(words=words, text_hits=hits, knowledge=knowledge, popularity=_popularity_by_id(index))
    if not ids and not hits and not conditions and not areas:
        ids = product_names_near(text=text)  # nothing matched a word: names near the typed text, if the database can
    findings = SearchFindings(conditions=conditions, areas=areas, corrected=query.corrected)
    return product_ranked(queryset, ids=ids), findings


@dataclass(frozen=True)
class SearchSuggestions:
    """Ways on from a search that found nothing: a spelling, close product names, close guides, the symptom check."""

    corrected: str
    products: list[tuple[str, str]]  # (slug, name)
    conditions: list[ConditionHit]
    symptom_check_url: str
    guides_url: str


def search_suggestions(*, text: str, findings: SearchFindings | None) -> SearchSuggestions:
    """Return what to offer when a search for `text` found no products."""
    conditions: dict[str, ConditionHit] = {}
    for word in words_of(text):  # each word on its own: "xylophone knee" still suggests the knee guides
        for hit in condition_search(text=word):
            held = conditions.get(hit.slug)
            if held is None or hit.score > held.score:
                conditions[hit.slug] = hit
    best = sorted(conditions.values(), key=lambda hit: (-hit.score, hit.name))[:SUGGESTED_GUIDES]
    query = search_query_read(text)
    return SearchSuggestions(
        corrected=findings.corrected if findings else "",
        products=product_names_close(terms=query.terms, limit=SUGGESTED_PRODUCTS),
        conditions=best,
        symptom_check_url=reverse("recommendations:symptom-check"),
        guides_url=reverse("guides:guide-list"),
    )
