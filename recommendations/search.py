"""One search for the catalogue page and the product API: product words, conditions and symptoms.

A query finds products by their own words (`catalog.search`) and, when it names a condition or
its symptoms ("runner's knee", "heel pain"), the products the condition's ranking recommends;
results are ordered by rank. An empty result comes with suggestions (`search_suggestions`): the
corrected spelling, close product names, close conditions' guides, and the symptom check.
"""

from dataclasses import dataclass, field

from django.db.models import Case, FloatField, Q, QuerySet, Value, When
from django.urls import reverse

from catalog.search import product_names_close, product_text_match
from guides.search import ConditionHit, condition_search
from recommendations.index.current import index_current

CONDITION_BONUS = 2.0  # a product the best-matching condition recommends, over the words' own rank
SUGGESTED_PRODUCTS = 5
SUGGESTED_GUIDES = 3


@dataclass(frozen=True)
class SearchFindings:
    """What a search found besides products: the conditions it names and the corrected text."""

    conditions: list[ConditionHit] = field(default_factory=list)
    corrected: str = ""


def _recommended_slugs(condition_slug: str) -> list[str]:
    ranking = index_current().rankings.get(condition_slug)
    if ranking is None:
        return []
    return [item.slug for items in ranking.phases.values() for item in items if not item.fallback]


def product_search(queryset: QuerySet, *, text: str) -> tuple[QuerySet, SearchFindings]:
    """Return products matching `text`, annotated with ``search_rank`` and ordered by it, and what else it found."""
    match = product_text_match(text=text)
    conditions = condition_search(text=text)
    condition = match.condition
    rank = match.rank
    for position, hit in enumerate(conditions):
        slugs = _recommended_slugs(hit.slug)
        if slugs:
            condition |= Q(slug__in=slugs)
            bonus = CONDITION_BONUS / (position + 1)
            rank = rank + Case(When(slug__in=slugs, then=Value(bonus)), default=Value(0.0), output_field=FloatField())
    found = queryset.filter(condition).annotate(search_rank=rank).order_by("-search_rank", "name", "pk")
    corrected = match.corrected if match.corrected != " ".join(text.lower().split()) else ""
    return found, SearchFindings(conditions=conditions, corrected=corrected)


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
    for word in text.split():  # each word on its own: "xylophone knee" still suggests the knee guides
        for hit in condition_search(text=word):
            held = conditions.get(hit.slug)
            if held is None or hit.score > held.score:
                conditions[hit.slug] = hit
    best = sorted(conditions.values(), key=lambda hit: (-hit.score, hit.name))[:SUGGESTED_GUIDES]
    return SearchSuggestions(
        corrected=findings.corrected if findings else "",
        products=product_names_close(text=text, limit=SUGGESTED_PRODUCTS),
        conditions=best,
        symptom_check_url=reverse("recommendations:symptom-check"),
        guides_url=reverse("guides:guide-list"),
    )
