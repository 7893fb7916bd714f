"""Read questions the recommendation pages ask of the index."""

from collections.abc import Mapping

from catalog.stock_shown import products_in_stock, products_sold_out
from guides.vocabulary import PHASE_LABELS
from recommendations.engine.recommend import recommend
from recommendations.engine.types import ConditionRanking, KnowledgeIndex, ProductInfo, Recommendation
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
    """Return each phase's top products in stock now as card data with reasons, one per family (one query).

    The index ranks out-of-stock products last and adds in-stock stand-ins when a phase has none;
    a product that sold out since it was built is left out here until it catches up.
    """
    available = products_in_stock([products[item.slug].id for items in ranking.phases.values() for item in items])
    return {
        phase: [
            {"product": products[item.slug], "ranked": item}
            for item in ranked
            if item.in_stock and not item.variant_of and products[item.slug].id in available
        ][:per_phase]
        for phase, ranked in ranking.phases.items()
    }


def recommendation_in_stock(index: KnowledgeIndex, answers: Mapping[str, object], *, limit: int) -> Recommendation:
    """Recommend for answers with no product that is out of stock now (one query; two more after a sale)."""
    recommendation = recommend(index, answers, limit=limit)
    if recommendation_still_in_stock([item.product.id for item in recommendation.products]):
        return recommendation
    return recommend(index, answers, limit=limit, sold_out=products_sold_out())


def recommendation_still_in_stock(product_ids: list[int]) -> bool:
    """Whether every product a recommendation shows is still active and in stock (one query)."""
    return len(products_in_stock(product_ids)) == len(set(product_ids))


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
