"""Read questions the recommendation pages ask of the index."""

from guides.vocabulary import PHASE_LABELS
from recommendations.engine.types import ConditionRanking, ProductInfo
from recommendations.index.build import condition_ranking_compute
from recommendations.index.current import index_current


def condition_ranking_get(
    *, slug: str, include_unpublished: bool = False
) -> tuple[ConditionRanking, dict[str, ProductInfo]]:
    """Return a condition's ranking and product cards from the index (computed for unpublished ones)."""
    index = index_current()
    ranking = index.rankings.get(slug)
    if ranking is None:
        if not include_unpublished:
            raise LookupError(f"no published condition {slug!r} in the index")
        ranking, catalogue = condition_ranking_compute(slug=slug)
        return ranking, catalogue.products
    return ranking, index.products


def ranked_cards(ranking: ConditionRanking, products: dict[str, ProductInfo], *, per_phase: int) -> dict[str, list]:
    """Return each phase's top products as card data with reasons, one per product family."""
    return {
        phase: [{"product": products[item.slug], "ranked": item} for item in ranked if not item.variant_of][:per_phase]
        for phase, ranked in ranking.phases.items()
    }


def ranking_gaps(ranking: ConditionRanking) -> list[str]:
    """Return the labels of phases with no in-stock product matched to the condition."""
    return [
        PHASE_LABELS[phase]
        for phase, items in ranking.phases.items()
        if not any(item.in_stock and not item.fallback for item in items)
    ]


def conditions_helped(*, product_slug: str) -> list[str]:
    """Return the slugs of conditions whose ranked products include this one (not as a fallback)."""
    return index_current().conditions_by_product.get(product_slug, [])
