"""How search ranks products: by how many of the typed words each answers, then by how well.

Plain Python over what the database and the knowledge base found, so both databases rank alike.
A product answers a typed word when one of its fields holds it (or a word meaning the same), or
when the word names a condition that recommends it or a body area whose conditions do. It needs
to answer most of the words (`words_required`); then the more it answers, the higher it ranks,
and among products answering as many, the higher its relevance: per word, the fields holding it
(name 4, short description 2, description 1; a word meaning the same counts half) plus how
strongly the named condition or area recommends it (up to 4, like a name). A word only the
product's category names ("foam" for the Textured Grid Roller on the Foam rollers shelf) answers
it too, worth a description's mention; among products answering as many words, those that need
their category for fewer come first, so name matches lead. Ties go to the more popular product,
then the older one: never to the alphabet.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from catalog.search import CATEGORY_FIELD, FIELD_WEIGHTS, WordHit
from guides.search import AreaHit, ConditionHit
from recommendations.engine.types import ConditionRanking, KnowledgeIndex

RELATED_SHARE = 0.5  # a field holding only a word meaning the same as the typed one
KNOWLEDGE_WEIGHT = 4.0  # the top product of a condition a search names fully weighs as much as a name match
AREA_SHARE = 0.75  # an area is less specific than a condition
RELEVANCE_FLOOR = 0.5  # a recommended product under this share of its condition's (or area's) best is left out
CATEGORY_WEIGHT = 1.0  # a word only the product's category names: as much as a word in its description
CATEGORY = 1 << CATEGORY_FIELD


def words_required(words: int) -> int:
    """Return how many of the typed words a product must answer: all of one or two, one in three may be missed."""
    return words - words // 3


def _field_score(mask: int) -> float:
    return sum(weight for field, weight in enumerate(FIELD_WEIGHTS) if mask & (1 << field))


def text_score(hit: WordHit) -> float:
    """Return what the fields holding a word are worth: all its forms, and half for related words elsewhere.

    When no field of the product's own holds the word, its category's name may: `CATEGORY_WEIGHT`.
    """
    score = _field_score(hit.forms) + RELATED_SHARE * _field_score(hit.related & ~hit.forms)
    if score or not (hit.forms | hit.related) & CATEGORY:
        return score
    return CATEGORY_WEIGHT if hit.forms & CATEGORY else RELATED_SHARE * CATEGORY_WEIGHT


def by_category_only(hit: WordHit) -> bool:
    """Whether only the product's category names the word, none of its own fields."""
    return bool((hit.forms | hit.related) & CATEGORY) and not _field_score(hit.forms | hit.related)


def ranking_relevance(ranking: ConditionRanking) -> dict[str, float]:
    """Return each product a condition recommends on its merits with its score over the best (pinned: 1).

    All of them: a product under `RELEVANCE_FLOOR` answers a word only if its own text holds another.
    """
    items = [item for items in ranking.phases.values() for item in items if not item.fallback]
    top = max((item.score for item in items), default=0.0)
    relevance: dict[str, float] = {}
    for item in items:
        value = 1.0 if item.pinned or top <= 0 else item.score / top
        relevance[item.slug] = max(relevance.get(item.slug, 0.0), value)
    return relevance


def area_relevance(index: KnowledgeIndex, area: str) -> dict[str, float]:
    """Return the products an area's conditions recommend, by their relevance weighted by how common each is."""
    conditions = [c for c in index.conditions if area in c.body_areas and c.slug in index.rankings]
    total = sum(condition.prior for condition in conditions)
    summed: dict[str, float] = defaultdict(float)
    for condition in conditions:
        for slug, value in ranking_relevance(index.rankings[condition.slug]).items():
            summed[slug] += condition.prior * value / total
    top = max(summed.values(), default=0.0)
    return {slug: value / top for slug, value in summed.items()} if top else {}


def knowledge_scores(
    index: KnowledgeIndex, *, words: int, conditions: Sequence[ConditionHit], areas: Sequence[AreaHit]
) -> list[dict[int, tuple[float, bool]]]:
    """Return, per typed word, what each product a condition or an area naming it recommends is worth.

    Each worth comes with whether the recommendation clears `RELEVANCE_FLOOR` on its own.
    """
    scores: list[dict[int, tuple[float, bool]]] = [{} for _ in range(words)]
    named: list[tuple[frozenset[int], float, dict[str, float]]] = [
        (hit.covers, hit.strength, ranking_relevance(index.rankings[hit.slug]))
        for hit in conditions
        if hit.slug in index.rankings
    ]
    named += [(hit.covers, AREA_SHARE * hit.strength, area_relevance(index, hit.slug)) for hit in areas]
    for covers, strength, relevance in named:
        for slug, value in relevance.items():
            product = index.products.get(slug)
            if product is None:
                continue
            worth = (KNOWLEDGE_WEIGHT * strength * value, value >= RELEVANCE_FLOOR)
            for word in covers:
                if worth > scores[word].get(product.id, (0.0, False)):
                    scores[word][product.id] = worth
    return scores


def products_ranked(
    *,
    words: int,
    text_hits: Mapping[int, Sequence[WordHit]],
    knowledge: Sequence[Mapping[int, tuple[float, bool]]],
    popularity: Mapping[int, float],
) -> list[int]:
    """Return the ids of the products answering enough of the words, best first."""
    candidates: Iterable[int] = set(text_hits).union(*knowledge) if knowledge else set(text_hits)
    required = words_required(words)
    ranked = []
    for product in candidates:
        hits = text_hits.get(product, ())
        texts = [text_score(hits[word]) if hits else 0.0 for word in range(words)]
        answered, shelved, relevance = 0, 0, 0.0
        for word in range(words):
            recommended, strong = knowledge[word].get(product, (0.0, False))
            # A weak recommendation answers a word only for a product whose own text holds one of the words.
            knows = recommended if strong or any(texts) else 0.0
            worth = texts[word] + knows
            if worth > 0:
                answered += 1
                relevance += worth
                shelved += bool(hits) and not knows and by_category_only(hits[word])
        if answered >= required:
            ranked.append((-answered, shelved, -round(relevance, 6), -popularity.get(product, 0.0), product))
    ranked.sort()
    return [row[-1] for row in ranked]
