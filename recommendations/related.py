"""Related products: bought and viewed together, mixed with shared conditions so new products are not left out."""

from collections.abc import Collection
from dataclasses import dataclass, replace

from analytics.selectors import bought_together, viewed_together
from catalog.models import Product
from catalog.selectors import product_base_queryset
from catalog.stock_notes import stock_note
from recommendations.engine.types import ProductInfo
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


def related_products(
    *, product: Product, condition: str = "", leave_out: Collection[str] = (), limit: int = 6
) -> list[RelatedProduct]:
    """Return products bought or viewed with this one or that help the same conditions.

    Never the product itself, an inactive or out-of-stock one, one named in `leave_out` (what a
    client's cart holds) or, when the shopper came for a condition, one staff excluded for it.
    """
    index = index_current()
    ranking = index.rankings.get(condition) if condition else None
    excluded = ranking.excluded if ranking else frozenset()
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
        if card is None or card.slug == product.slug or card.slug in excluded or card.slug in leave_out:
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
    scored = _as_sold_now(scored)
    scored.sort(key=lambda r: (not r.product.in_stock, -r.score, r.product.slug))
    return scored[:limit]


def _as_sold_now(scored: list[RelatedProduct]) -> list[RelatedProduct]:
    """Drop products deactivated or sold out since the index was built, in one query.

    The index catches up within seconds of an edit; a related list must not link to a
    product page that is gone, nor offer one that has just sold out. A cached page or API read
    that shows the list notes the stock it showed (`catalog.stock_shown`).
    """
    stock = dict(
        Product.objects.available().filter(pk__in=[r.product.id for r in scored]).values_list("pk", "stock_quantity")
    )
    fresh = []
    for item in scored:
        if stock.get(item.product.id, 0) <= 0:
            continue
        stock_note(item.product.id, stock[item.product.id])
        card = item.product
        if isinstance(card, ProductInfo) and card.in_stock != (stock[card.id] > 0):
            card = replace(card, in_stock=stock[card.id] > 0)
        fresh.append(replace(item, product=card))
    return fresh
