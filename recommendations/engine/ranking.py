"""Rank a condition's products by phase: the list a guide shows and recommendations start from."""

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from recommendations.engine.policy import DEFAULT_POLICY, ScoringPolicy
from recommendations.engine.types import (
    IMMEDIATE,
    PHASE_LABELS,
    PHASES,
    ConditionInfo,
    ConditionRanking,
    ProductInfo,
    RankedProduct,
)

PIN, BOOST, EXCLUDE = "pin", "boost", "exclude"


class Catalogue:
    """Active products indexed by slug, by approach and by body area."""

    def __init__(self, products: Iterable[ProductInfo]):
        self.products: dict[str, ProductInfo] = {}
        self.by_approach: dict[str, list[tuple[ProductInfo, float]]] = defaultdict(list)
        self.by_body_area: dict[str, list[ProductInfo]] = defaultdict(list)
        for product in products:
            if not product.is_active:
                continue
            self.products[product.slug] = product
            for approach, strength in product.strengths:
                if strength > 0:
                    self.by_approach[approach].append((product, strength))
            for area in product.body_areas:
                self.by_body_area[area].append(product)

    def __len__(self):
        return len(self.products)

    def get(self, slug: str) -> ProductInfo | None:
        return self.products.get(slug)


def _phase_scores(condition: ConditionInfo, catalogue: Catalogue, policy: ScoringPolicy) -> dict[str, dict[str, float]]:
    """Return, for each phase, product slug -> summed approach score (before body-area fit)."""
    scores: dict[str, dict[str, float]] = {phase: defaultdict(float) for phase in PHASES}
    for treatment in condition.treatments:
        if not treatment.has_products or treatment.weight <= 0:
            continue
        phase_scores = scores[treatment.phase]
        for product, strength in catalogue.by_approach.get(treatment.approach, ()):
            phase_scores[product.slug] += policy.approach_score(treatment.weight, strength)
    return scores


def _reasons(
    condition: ConditionInfo, product: ProductInfo, phase: str, policy: ScoringPolicy
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the approaches behind a product's place in a phase, best first, and their reasons."""
    contributions = []
    for treatment in condition.treatments:
        if treatment.phase != phase:
            continue
        value = policy.approach_score(treatment.weight, product.strength(treatment.approach))
        if value > 0:
            contributions.append((-value, treatment.approach, treatment))
    contributions.sort()
    approaches = tuple(approach for _, approach, _ in contributions)
    reasons = tuple(
        f"{condition.name} → {treatment.approach_name.lower()} → {PHASE_LABELS[phase].lower()}: {treatment.rationale}"
        for _, _, treatment in contributions[:2]
    )
    return approaches, reasons


def _fallback(
    condition: ConditionInfo,
    catalogue: Catalogue,
    phase: str,
    skip: set[str],
    policy: ScoringPolicy,
    depth: int,
) -> tuple[RankedProduct, ...]:
    """Return the best products for the condition's body areas, labelled as a general pick."""
    candidates: dict[str, ProductInfo] = {}
    for area in sorted(condition.body_areas):
        for product in catalogue.by_body_area.get(area, ()):
            if product.slug not in skip:
                candidates[product.slug] = product
    label = PHASE_LABELS[phase].lower()
    ranked = [
        RankedProduct(
            slug=product.slug,
            phase=phase,
            score=sum(strength for _, strength in product.strengths) + policy.popularity_bonus(product.popularity),
            in_stock=product.in_stock,
            fallback=True,
            approaches=tuple(approach for approach, _ in sorted(product.strengths, key=lambda s: -s[1])),
            reasons=(f"A general pick for where {condition.name} is felt: no product is matched to its {label} yet.",),
        )
        for product in candidates.values()
    ]
    return tuple(heapq.nsmallest(depth, ranked, key=RankedProduct.sort_key))


def rank_condition(
    condition: ConditionInfo,
    catalogue: Catalogue,
    *,
    policy: ScoringPolicy = DEFAULT_POLICY,
    depth: int | None = None,
) -> ConditionRanking:
    """Rank the catalogue for one condition, grouped by phase, each product with its reasons.

    Excluded and inactive products never appear; pinned ones lead their phase;
    out-of-stock ones sink below every in-stock one. A phase no product serves
    falls back to the best products for the condition's body areas.
    """
    depth = depth or policy.index_depth
    curations = {curation.product: curation for curation in condition.curations}
    excluded = frozenset(slug for slug, curation in curations.items() if curation.action == EXCLUDE)
    raw = _phase_scores(condition, catalogue, policy)
    phases_with_treatments = [phase for phase in PHASES if any(t.phase == phase for t in condition.treatments)]

    placed: dict[str, list[RankedProduct]] = {phase: [] for phase in PHASES}
    slugs = set(raw[PHASES[0]]) | set(raw[PHASES[1]]) | {s for s, c in curations.items() if c.action != EXCLUDE}
    for slug in slugs:
        product = catalogue.get(slug)
        if product is None or slug in excluded:
            continue
        curation = curations.get(slug)
        factor = policy.body_area_factor(product.body_areas, condition.body_areas)
        by_phase = {phase: raw[phase].get(slug, 0.0) * factor for phase in PHASES}
        best_phase = max(PHASES, key=lambda phase: (by_phase[phase], -PHASES.index(phase)))
        if by_phase[best_phase] <= 0:
            best_phase = phases_with_treatments[0] if phases_with_treatments else IMMEDIATE
        phase = (curation.phase if curation and curation.phase else None) or best_phase
        score = by_phase[phase]
        if score > 0:
            score += policy.popularity_bonus(product.popularity)
        pinned = bool(curation and curation.action == PIN)
        if curation and curation.action == BOOST:
            score += policy.curated_boost(curation.boost)
        if score <= 0 and not pinned:
            continue
        placed[phase].append(
            RankedProduct(
                slug=slug,
                phase=phase,
                score=round(score, 6),
                in_stock=product.in_stock,
                pinned=pinned,
                pin_position=curation.position if pinned else 0,
            )
        )

    phases: dict[str, tuple[RankedProduct, ...]] = {}
    for phase in PHASES:
        finished = []
        for ranked in heapq.nsmallest(depth, placed[phase], key=RankedProduct.sort_key):
            product = catalogue.products[ranked.slug]
            approaches, reasons = _reasons(condition, product, phase, policy)
            curation = curations.get(ranked.slug)
            if curation and curation.note:
                reasons = (*reasons, curation.note)
            if not reasons:
                reasons = (f"Chosen by our staff for {condition.name}.",)
            finished.append(replace(ranked, approaches=approaches, reasons=reasons))
        phases[phase] = tuple(finished)
    shown = {item.slug for items in phases.values() for item in items}
    for phase in PHASES:
        if not phases[phase]:
            phases[phase] = _fallback(condition, catalogue, phase, set(excluded) | shown, policy, depth)
    return ConditionRanking(condition=condition.slug, phases=phases, excluded=excluded)
