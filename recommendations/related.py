"""Related products: what completes the shopper's condition, then bought or viewed together and shared conditions.

"Goes well with this" on a product page is read for the condition the shopper came from (the
guide or symptom check that led here): that condition's products serving the approaches this
one does not come first, one per approach, so a stretching strap found for runner's knee is
followed by a band set, a foam roller and a cold wrap, not by another strap. Without a condition
the same holds for the conditions this product helps most (`product_complements`): a foam roller
is followed by a stretcher and a band for the conditions it shares with them, each saying what it
does there, and by at most one more product of its own kind.
"""

from collections.abc import Collection
from dataclasses import dataclass, replace

from analytics.selectors import bought_together, viewed_together
from catalog.models import Product
from catalog.selectors import product_base_queryset
from catalog.stock_notes import stock_note
from recommendations.engine.diversity import approach_rounds, family_representatives
from recommendations.engine.types import PHASE_PHRASES, ConditionRanking, KnowledgeIndex, ProductInfo, RankedProduct
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
    """Return products that complete the shopper's condition, then those bought or viewed with this one or
    that help the same conditions.

    With a `condition` (the one the shopper came for), its products serving approaches this one
    does not lead, one per approach before any second (`complementary_products`). Never the
    product itself or its own variants, an inactive or out-of-stock one, one named in `leave_out`
    (what a client's cart holds) or one staff excluded for the condition.
    """
    index = index_current()
    ranking = index.rankings.get(condition) if condition else None
    excluded = ranking.excluded if ranking else frozenset()
    family = _family_of(index, product)
    siblings = {slug for slug, info in index.products.items() if family and info.family == family}
    co_views = viewed_together(product_id=product.pk)
    peak = max(co_views.values(), default=0) or 1
    bought = bought_together(product_id=product.pk)
    bought_peak = max(bought.values(), default=0) or 1

    if ranking:
        first = complementary_products(index, product=product, ranking=ranking, leave_out={*leave_out, *siblings})
    else:
        # What shoppers buy or view with it keeps its own reason and its lead; the complements come next.
        behaviour = {info.slug for info in index.products.values() if info.id in co_views or info.id in bought}
        first = product_complements(index, product=product, leave_out={*leave_out, *siblings, *behaviour})
    leave_out = {*leave_out, *siblings, *(item.product.slug for item in first)}
    conditions = index.conditions_by_slug
    mine = set(index.conditions_by_product.get(product.slug, []))

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
    leading = {item.product.slug for item in first}
    fresh = _as_sold_now([*first, *scored])  # one query for both
    first = [item for item in fresh if item.product.slug in leading]
    scored = [item for item in fresh if item.product.slug not in leading]
    scored.sort(key=lambda r: (not r.product.in_stock, -r.score, r.product.slug))
    scored, _variants = family_representatives(
        scored,
        family_of=lambda r: r.product.family,
        taken={r.product.family for r in first} - {""},
    )
    if not ranking:
        together = [item for item in scored if item.product.id in co_views or item.product.id in bought]
        rest = _one_of_its_own_kind(index, product=product, scored=[i for i in scored if i not in together])
        first, scored = [*together, *first], rest
    # Stable: within in stock and out of stock, the condition's complements keep the lead and their order.
    listed = sorted([*first, *scored], key=lambda r: not r.product.in_stock)
    return listed[:limit]


def _in_sentence(name: str) -> str:
    """Return a name as it reads mid-sentence: "runner's knee", but "IT band syndrome"."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def _family_of(index: KnowledgeIndex, product: Product) -> str:
    info = index.products.get(product.slug)
    return info.family if info else getattr(product, "family", "")


def _main_approach(item: RankedProduct) -> str | None:
    return item.approaches[0] if item.approaches else None


def complementary_products(
    index: KnowledgeIndex, *, product: Product, ranking: ConditionRanking, leave_out: Collection[str] = ()
) -> list[RelatedProduct]:
    """Return the condition's products that serve an approach this product does not, one per approach first.

    Products the condition lists on their merits (not general fallbacks, not variants), in stock
    first, best first within each round of approaches; each says what it adds for the condition.
    """
    condition = index.conditions_by_slug[ranking.condition]
    names = {treatment.approach: treatment.approach_name.lower() for treatment in condition.treatments}
    mine = {_main_approach(item) for items in ranking.phases.values() for item in items if item.slug == product.slug}
    if not mine - {None}:
        info = index.products.get(product.slug)
        mine = {approach for approach, strength in info.strengths if strength >= 0.5} if info else set()
    candidates = sorted(
        (
            item
            for items in ranking.phases.values()
            for item in items
            if not (item.fallback or item.instead or item.variant_of)
            and item.slug != product.slug
            and item.slug not in leave_out
            and item.slug in index.products
            and _main_approach(item) not in mine
        ),
        key=lambda item: (not item.in_stock, not item.pinned, -item.score, item.slug),
    )
    ordered = approach_rounds(candidates, approach_of=_main_approach, score_of=lambda item: item.score)
    related = []
    for item in ordered:
        approach = f"{names.get(_main_approach(item), 'another approach')} {PHASE_PHRASES[item.phase]}"
        reason = f"For {_in_sentence(condition.name)}, it adds {approach} to what this product does."
        related.append(RelatedProduct(product=index.products[item.slug], score=round(item.score, 4), reasons=(reason,)))
    return related


def _approaches_of(info: ProductInfo | None) -> set[str]:
    """Return the approaches a product mainly serves (strength 0.5 or more)."""
    return {approach for approach, strength in info.strengths if strength >= 0.5} if info else set()


def _kind_of(info: ProductInfo | None) -> str | None:
    """Return the approach a product serves most strongly, its kind; None when the index does not know it."""
    if not info or not info.strengths:
        return None
    return max(info.strengths, key=lambda pair: (pair[1], pair[0]))[0]


def _one_of_its_own_kind(
    index: KnowledgeIndex, *, product: Product, scored: list[RelatedProduct]
) -> list[RelatedProduct]:
    """Keep at most one product of this product's own kind (its main approaches): a substitute, not a complement."""
    mine = _approaches_of(index.products.get(product.slug))
    kept, same_kind = [], 0
    for item in scored:
        if _kind_of(index.products.get(item.product.slug)) in mine:
            same_kind += 1
            if same_kind > 1:
                continue
        kept.append(item)
    return kept


def _ranked_share(ranking: ConditionRanking, slug: str) -> float:
    """Return a product's best score in a condition's ranking over the ranking's best (0 when not ranked)."""
    items = [item for items in ranking.phases.values() for item in items if not item.fallback]
    top = max((item.score for item in items), default=0.0)
    own = max((item.score for item in items if item.slug == slug), default=0.0)
    return own / top if top > 0 else 0.0


def product_complements(
    index: KnowledgeIndex, *, product: Product, leave_out: Collection[str] = (), limit: int = 6
) -> list[RelatedProduct]:
    """Return, without a condition, products of other approaches that help the conditions this one helps most.

    The conditions are taken in the order this product ranks in them; each round gives one product
    per condition, of an approach not yet offered, so the list covers several approaches. Each
    says which condition it shares with this product and what it does there (the condition's own
    rationale for its approach).
    """
    info = index.products.get(product.slug)
    mine = _approaches_of(info)
    if not mine:
        return []
    shares = []
    for slug in index.conditions_by_product.get(product.slug, []):
        ranking = index.rankings.get(slug)
        share = _ranked_share(ranking, product.slug) if ranking else 0.0
        if share > 0:
            shares.append((-share, slug))
    approach_names = {
        treatment.approach: treatment.approach_name.lower()
        for condition in index.conditions
        for treatment in condition.treatments
    }
    doing = " and ".join(approach_names.get(approach, approach) for approach in sorted(mine))
    queues = []
    for _share, slug in sorted(shares):
        items = sorted(
            (
                item
                for items in index.rankings[slug].phases.values()
                for item in items
                if not (item.fallback or item.instead or item.variant_of)
                and item.slug != product.slug
                and item.slug not in leave_out
                and item.slug in index.products
                and _main_approach(item) not in mine
            ),
            key=lambda item: (not item.in_stock, not item.pinned, -item.score, item.slug),
        )
        queues.append((index.conditions_by_slug[slug], items))
    taken_approaches, taken_slugs, taken_families = set(mine), set(), {info.family} - {""}
    related: list[RelatedProduct] = []
    added = True
    while added and len(related) < limit:
        added = False
        for condition, items in queues:
            item = next(
                (
                    item
                    for item in items
                    if _main_approach(item) not in taken_approaches
                    and item.slug not in taken_slugs
                    and index.products[item.slug].family not in taken_families
                ),
                None,
            )
            if item is None or len(related) >= limit:
                continue
            approach = _main_approach(item)
            treatment = next(
                (t for t in condition.treatments if t.approach == approach and t.phase == item.phase),
                None,
            )
            what = (
                treatment.rationale.strip().rstrip(".")
                if treatment and treatment.rationale.strip()
                else f"{approach_names.get(approach, 'Another approach').capitalize()} {PHASE_PHRASES[item.phase]}"
            )
            reason = f"{what} — for {_in_sentence(condition.name)}, alongside this product's {doing}."
            card = index.products[item.slug]
            related.append(RelatedProduct(product=card, score=round(item.score, 4), reasons=(reason,)))
            taken_approaches.add(approach)
            taken_slugs.add(item.slug)
            taken_families |= {card.family} - {""}
            added = True
    return related


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
