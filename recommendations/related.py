"""Related products: bought and viewed together, mixed with shared conditions so new products are not left out."""

from dataclasses import dataclass

from analytics.selectors import bought_together, viewed_together
from catalog.models import Product
from catalog.selectors import product_base_queryset
from recommendations.index.current import index_current

# Behaviour first (buying together says most, viewing together less); the rest is content
# similarity, shared conditions, so a new product still finds its neighbours.
BOUGHT_WEIGHT = 0.35
CO_VIEW_WEIGHT = 0.3
SHARED_WEIGHT = 1 - BOUGHT_WEIGHT - CO_VIEW_WEIGHT


@dataclass(frozen=True)
class RelatedProduct:
    """A product related to another, with its score and why."""

    product: object  # a ProductInfo from the index or a catalogue Product: both have the card fields
    score: float
    reasons: tuple[str, ...]


def related_products(*, product: Product, limit: int = 6) -> list[RelatedProduct]:
    """Return products bought or viewed with this one or that help the same conditions.

    An out-of-stock product is never listed before one in stock.
    """
    index = index_current()
    conditions = index.conditions_by_slug
    mine = set(index.conditions_by_product.get(product.slug, []))

    co_views = viewed_together(product_id=product.pk)
    peak = max(co_views.values(), default=0) or 1
    bought = bought_together(product_id=product.pk)
    bought_peak = max(bought.values(), default=0) or 1

    shared: dict[str, set[str]] = {}
    for condition in sorted(mine):
        for items in index.rankings[condition].phases.values():
            for item in items:
                if item.slug != product.slug and not item.fallback:
                    shared.setdefault(item.slug, set()).add(condition)

    cards = {info.id: info for info in index.products.values()}
    missing = [pk for pk in {*co_views, *bought} if pk not in cards]
    for extra in product_base_queryset().filter(pk__in=missing):
        cards[extra.pk] = extra
    by_slug = {card.slug: card for card in cards.values()}

    scored = []
    for slug in set(shared) | {cards[pk].slug for pk in {*co_views, *bought} if pk in cards}:
        card = by_slug.get(slug)
        if card is None or card.slug == product.slug:
            continue
        theirs = set(index.conditions_by_product.get(slug, []))
        together = shared.get(slug, set())
        jaccard = len(together) / len(mine | theirs) if mine | theirs else 0.0
        viewed = co_views.get(card.id, 0) / peak
        together_bought = bought.get(card.id, 0) / bought_peak
        score = BOUGHT_WEIGHT * together_bought + CO_VIEW_WEIGHT * viewed + SHARED_WEIGHT * jaccard
        reasons = []
        if together_bought:
            reasons.append("Often bought together with this product.")
        if viewed:
            reasons.append("Often viewed together with this product.")
        if together:
            names = ", ".join(conditions[c].name for c in sorted(together)[:2])
            reasons.append(f"Also helps with {names}.")
        scored.append(RelatedProduct(product=card, score=round(score, 4), reasons=tuple(reasons)))
    scored.sort(key=lambda r: (not r.product.in_stock, -r.score, r.product.slug))
    return scored[:limit]
