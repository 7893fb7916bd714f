"""Rank a condition's products by phase: the list a guide shows and recommendations start from.

The catalogue is scored as arrays (numpy), so ranking 50,000 products for a
condition costs a few milliseconds; only each phase's top products become
`RankedProduct` objects with reasons. Policy methods receive numpy arrays
where a rule applies to every product at once (`approach_score`) and plain
values otherwise.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import cached_property

import numpy as np

from recommendations.engine.diversity import approach_rounds, family_representatives
from recommendations.engine.policy import DEFAULT_POLICY, ScoringPolicy
from recommendations.engine.types import (
    IMMEDIATE,
    PHASE_LABELS,
    PHASE_PHRASES,
    PHASES,
    ConditionInfo,
    ConditionRanking,
    ProductInfo,
    RankedProduct,
    Treatment,
)

PIN, BOOST, EXCLUDE = "pin", "boost", "exclude"
MIN_LISTED_SCORE = 1e-6  # a listed product's score never drops to zero, where "listed" and "not" would blur


class Catalogue:
    """Active products, in slug order, with the arrays ranking reads."""

    def __init__(self, products: Iterable[ProductInfo]):
        self.ordered: list[ProductInfo] = sorted((p for p in products if p.is_active), key=lambda p: p.slug)
        self.products: dict[str, ProductInfo] = {product.slug: product for product in self.ordered}
        self.position: dict[str, int] = {product.slug: i for i, product in enumerate(self.ordered)}

    def __len__(self):
        return len(self.ordered)

    def get(self, slug: str) -> ProductInfo | None:
        return self.products.get(slug)

    @cached_property
    def approach_columns(self) -> dict[str, int]:
        names = sorted({approach for product in self.ordered for approach, _ in product.strengths})
        return {name: column for column, name in enumerate(names)}

    @cached_property
    def strengths(self) -> np.ndarray:
        """Product x approach strength matrix."""
        matrix = np.zeros((len(self.ordered), max(len(self.approach_columns), 1)))
        for row, product in enumerate(self.ordered):
            for approach, strength in product.strengths:
                matrix[row, self.approach_columns[approach]] = strength
        return matrix

    @cached_property
    def in_stock(self) -> np.ndarray:
        return np.fromiter((p.in_stock for p in self.ordered), dtype=bool, count=len(self.ordered))

    @cached_property
    def area_groups(self) -> tuple[list[frozenset[str]], np.ndarray]:
        """The distinct body-area sets products have, and each product's set (as an index)."""
        groups: dict[frozenset[str], int] = {}
        members = (groups.setdefault(product.body_areas, len(groups)) for product in self.ordered)
        of = np.fromiter(members, dtype=np.int64, count=len(self.ordered))
        return list(groups), of

    @cached_property
    def by_body_area(self) -> dict[str, list[ProductInfo]]:
        areas: dict[str, list[ProductInfo]] = defaultdict(list)
        for product in self.ordered:
            for area in product.body_areas:
                areas[area].append(product)
        return areas

    def body_area_factors(self, condition_areas: frozenset[str], policy: ScoringPolicy) -> np.ndarray:
        """Each product's body-area fit for a condition, asking the policy once per distinct area set."""
        groups, of = self.area_groups
        if not groups:
            return np.zeros(0)
        factors = np.array([policy.body_area_factor(group, condition_areas) for group in groups], dtype=float)
        return factors[of]

    @cached_property
    def specialised(self) -> tuple[np.ndarray, list[frozenset[str]]]:
        """The rows of products made only for some conditions, and those conditions."""
        rows = [row for row, product in enumerate(self.ordered) if product.only_for]
        return np.array(rows, dtype=np.int64), [self.ordered[row].only_for for row in rows]

    def fits(self, condition: ConditionInfo, policy: ScoringPolicy) -> np.ndarray:
        """Whether each product's purpose fits the condition (see `product_fits`), for all products at once."""
        fitting = self.body_area_factors(condition.body_areas, policy) > 0
        rows, only_for = self.specialised
        for row, conditions in zip(rows, only_for, strict=True):
            if condition.slug not in conditions:
                fitting[row] = False
        return fitting

    @cached_property
    def popularity(self) -> np.ndarray:
        """Each product's popularity, 0 to 1."""
        return np.fromiter((p.popularity for p in self.ordered), dtype=float, count=len(self.ordered))


def product_fits(product: ProductInfo, condition: ConditionInfo, policy: ScoringPolicy = DEFAULT_POLICY) -> bool:
    """Whether a product's purpose fits a condition: made for where it is felt, and for it if made for some only.

    A product that does not fit is never recommended for the condition, not even when staff pin or boost it;
    the coverage report lists such picks.
    """
    if product.only_for and condition.slug not in product.only_for:
        return False
    return policy.body_area_factor(product.body_areas, condition.body_areas) > 0


def approach_sentence(treatment: Treatment, phase: str) -> str:
    """Say why an approach helps, as a physio would: the rationale, then the approach and when."""
    rationale = treatment.rationale.strip().rstrip(".")
    return f"{rationale} — {treatment.approach_name.lower()} {PHASE_PHRASES[phase]}."


def _reasons(
    condition: ConditionInfo, product: ProductInfo, phase: str, policy: ScoringPolicy
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the approaches behind a product's place in a phase, best first, and their reasons."""
    contributions = []
    for treatment in condition.treatments:
        if treatment.phase != phase or not treatment.has_products:
            continue
        value = float(policy.approach_score(treatment.weight, product.strength(treatment.approach)))
        if value > 0:
            contributions.append((-value, treatment.approach, treatment))
    contributions.sort(key=lambda item: (item[0], item[1]))
    approaches = tuple(approach for _, approach, _ in contributions)
    reasons = tuple(approach_sentence(treatment, phase) for _, _, treatment in contributions[:2])
    return approaches, reasons


def _fallback(
    condition: ConditionInfo,
    catalogue: Catalogue,
    phase: str,
    skip: set[str],
    policy: ScoringPolicy,
    depth: int,
    *,
    instead: bool = False,
) -> tuple[RankedProduct, ...]:
    """Return the best products for the condition's body areas, labelled as a general pick.

    With `instead`, the phase has products but none in stock: only in-stock ones are
    returned, labelled as stand-ins, best first by how well they serve the condition's approaches.
    """
    candidates: dict[str, ProductInfo] = {}
    for area in sorted(condition.body_areas):
        for product in catalogue.by_body_area.get(area, ()):
            wanted = product.slug not in skip and (product.in_stock or not instead)
            if wanted and product_fits(product, condition, policy):
                candidates[product.slug] = product
    label = PHASE_LABELS[phase].lower()
    if instead:
        reason = (
            f"In stock now instead: made for where {condition.name.lower()} is felt; "
            f"our picks for its {label} are out of stock."
        )
    else:
        reason = f"A general pick for where {condition.name} is felt: no product is matched to its {label} yet."
    helps = {t.approach: t.weight for t in condition.treatments if t.has_products}
    ranked = sorted(
        (
            RankedProduct(
                slug=product.slug,
                phase=phase,
                score=round(
                    sum(strength * (1 + helps.get(approach, 0.0)) for approach, strength in product.strengths)
                    + policy.popularity_bonus(product.popularity),
                    6,
                ),
                in_stock=product.in_stock,
                fallback=True,
                instead=instead,
                approaches=tuple(approach for approach, _ in sorted(product.strengths, key=lambda s: (-s[1], s[0]))),
                reasons=(reason,),
            )
            for product in candidates.values()
        ),
        key=RankedProduct.sort_key,
    )
    return tuple(ranked[:depth])


def _main_approach(item: RankedProduct) -> str | None:
    return item.approaches[0] if item.approaches else None


def _diversified(items: list[RankedProduct], catalogue: Catalogue, policy: ScoringPolicy) -> tuple[RankedProduct, ...]:
    """Reorder a phase's products, given in ranking order, so the list covers approaches before repeating one.

    Pinned products keep the lead in their order; one product per family is listed (the first:
    in stock, best fit) and the others follow the whole list as its variants; out-of-stock
    products still come after every in-stock one.
    """
    shown, others = family_representatives(items, family_of=lambda item: catalogue.products[item.slug].family)
    pinned = [item for item in shown if item.in_stock and item.pinned]
    rest = [item for item in shown if item.in_stock and not item.pinned]
    sold_out = [item for item in shown if not item.in_stock]
    ordered = approach_rounds(
        rest,
        approach_of=_main_approach,
        score_of=lambda item: item.score,
        covered=[_main_approach(item) for item in pinned],
        policy=policy,
    )
    variants = [replace(item, variant_of=first.slug if first else "") for item, first in others]
    return (*pinned, *ordered, *sold_out, *variants)


def _top(rows: np.ndarray, keys: dict[str, np.ndarray], depth: int) -> np.ndarray:
    """Return up to `depth` rows in ranking order: in stock, pinned (by position), score, slug."""
    if len(rows) > depth * 4:
        # Narrow to the candidates that can make the cut (ties with the cut-off included) before sorting.
        primary = keys["in_stock"][rows] * 4.0 + keys["pinned"][rows] * 2.0 + np.tanh(keys["score"][rows])
        cutoff = np.partition(primary, len(rows) - depth)[len(rows) - depth]
        rows = rows[primary >= cutoff]
    order = np.lexsort(
        (rows, -keys["score"][rows], keys["pin_position"][rows], ~keys["pinned"][rows], ~keys["in_stock"][rows])
    )
    return rows[order[:depth]]


def _helpfulness_apply(
    condition: ConditionInfo, catalogue: Catalogue, score: np.ndarray, among: np.ndarray, policy: ScoringPolicy
) -> None:
    """Nudge the scores of products already in the list (not pinned ones) by what shoppers say helped.

    Only a score moves, by at most the policy's weight, never below a trace above zero: the
    answers cannot add a product, drop one, or move one past curation, pins or stock.
    """
    rows = [catalogue.position[slug] for slug in sorted(condition.helpfulness) if slug in catalogue.position]
    if not rows:
        return
    rows = np.array(rows, dtype=np.int64)
    rows = rows[among[rows]]
    said = np.array([condition.helpfulness[catalogue.ordered[row].slug] for row in rows], dtype=float)
    score[rows] = np.maximum(score[rows] + policy.helpfulness_bonuses(said), MIN_LISTED_SCORE)


def rank_condition(
    condition: ConditionInfo,
    catalogue: Catalogue,
    *,
    policy: ScoringPolicy = DEFAULT_POLICY,
    depth: int | None = None,
) -> ConditionRanking:
    """Rank the catalogue for one condition, grouped by phase, each product with its reasons.

    Score = Σ approach_score(weight(condition, approach, phase), strength(product, approach))
    × body-area fit, plus small popularity and helpfulness priors for products that already
    qualify and any curated boost. Excluded and inactive products never appear, nor do products
    whose purpose does not fit the condition (`product_fits`), even when pinned; pinned ones lead
    their phase; out-of-stock ones sink below every in-stock one; the slug breaks ties. Each phase
    then covers the condition's approaches before repeating one, and lists one product per family
    (its other members follow the list, marked as variants; see `_diversified`).
    A phase no product serves falls back to the best products for the condition's body areas.
    """
    depth = depth or policy.index_depth
    curations = {curation.product: curation for curation in condition.curations}
    excluded = frozenset(slug for slug, curation in curations.items() if curation.action == EXCLUDE)
    count = len(catalogue)
    phases_with_treatments = [phase for phase in PHASES if any(t.phase == phase for t in condition.treatments)]
    default_phase = PHASES.index(phases_with_treatments[0] if phases_with_treatments else IMMEDIATE)

    by_phase = np.zeros((count, len(PHASES)))
    for treatment in condition.treatments:
        column = catalogue.approach_columns.get(treatment.approach)
        if not treatment.has_products or treatment.weight <= 0 or column is None:
            continue
        by_phase[:, PHASES.index(treatment.phase)] += policy.approach_score(
            treatment.weight, catalogue.strengths[:, column]
        )
    if count:
        by_phase *= catalogue.body_area_factors(condition.body_areas, policy)[:, None]
    best = by_phase.argmax(axis=1) if count else np.zeros(0, dtype=np.int64)
    best_score = by_phase[np.arange(count), best]
    bonuses = policy.popularity_bonuses(catalogue.popularity) if count else np.zeros(0)
    score = np.where(best_score > 0, best_score + bonuses, 0.0)
    phase_of = np.where(best_score > 0, best, default_phase)
    pinned = np.zeros(count, dtype=bool)
    pin_position = np.zeros(count, dtype=np.int64)
    fitting = catalogue.fits(condition, policy) if count else np.zeros(0, dtype=bool)
    eligible = (score > 0) & fitting

    for slug, curation in curations.items():
        row = catalogue.position.get(slug)
        if row is None:
            continue
        if curation.action == EXCLUDE:
            eligible[row] = False
            continue
        if curation.phase:
            phase_of[row] = PHASES.index(curation.phase)
            base = by_phase[row, phase_of[row]]
            score[row] = base + bonuses[row] if base > 0 else 0.0
        if curation.action == BOOST:
            score[row] += policy.curated_boost(curation.boost)
        if curation.action == PIN:
            pinned[row] = True
            pin_position[row] = curation.position
        eligible[row] = (score[row] > 0 or pinned[row]) and fitting[row]

    _helpfulness_apply(condition, catalogue, score, eligible & ~pinned, policy)
    keys = {"score": score, "pinned": pinned, "pin_position": pin_position, "in_stock": catalogue.in_stock}
    phases: dict[str, tuple[RankedProduct, ...]] = {}
    for index, phase in enumerate(PHASES):
        finished = []
        for row in _top(np.flatnonzero(eligible & (phase_of == index)), keys, depth):
            product = catalogue.ordered[row]
            approaches, reasons = _reasons(condition, product, phase, policy)
            curation = curations.get(product.slug)
            if curation and curation.note:
                reasons = (*reasons, curation.note)
            if not reasons:
                reasons = (f"Chosen by our staff for {condition.name}.",)
            finished.append(
                RankedProduct(
                    slug=product.slug,
                    phase=phase,
                    score=round(float(score[row]), 6),
                    in_stock=product.in_stock,
                    pinned=bool(pinned[row]),
                    pin_position=int(pin_position[row]),
                    approaches=approaches,
                    reasons=reasons,
                    note=curation.note if curation else "",
                )
            )
        phases[phase] = _diversified(finished, catalogue, policy) if policy.diversify else tuple(finished)
    shown = {item.slug for items in phases.values() for item in items}
    for phase in PHASES:
        if not phases[phase]:
            phases[phase] = _fallback(condition, catalogue, phase, set(excluded) | shown, policy, depth)
        elif not any(item.in_stock for item in phases[phase]):
            stand_ins = _fallback(condition, catalogue, phase, set(excluded) | shown, policy, depth, instead=True)
            phases[phase] = (*stand_ins, *phases[phase])[:depth]
    return ConditionRanking(condition=condition.slug, phases=phases, excluded=excluded)
