"""From answers to a recommendation: conditions, triage, products with reasons, next question."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from recommendations.engine.answers import answers_parse, evidence_from
from recommendations.engine.inference import conditions_infer
from recommendations.engine.policy import DEFAULT_POLICY, ScoringPolicy
from recommendations.engine.questions import next_question
from recommendations.engine.triage import triage
from recommendations.engine.types import (
    PHASE_LABELS,
    PHASES,
    SEE_DOCTOR,
    URGENT,
    ConditionResult,
    Evidence,
    KnowledgeIndex,
    Recommendation,
    RecommendedProduct,
)

MAX_ANSWERS = 60


@dataclass
class _Candidate:
    slug: str
    score: float = 0.0
    phase_scores: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    pinned_for: float = 0.0  # probability of the condition that pins it; 0 when not pinned
    in_stock: bool = True
    best: tuple = ()  # (contribution, condition result, ranked product) that explains it best


def recommend(
    index: KnowledgeIndex,
    raw_answers: Mapping[str, object],
    *,
    limit: int = 6,
    policy: ScoringPolicy = DEFAULT_POLICY,
) -> Recommendation:
    """Answer a symptom check. Raises InvalidAnswers when the answers do not fit the questionnaire."""
    answers = answers_parse(index.questions_by_slug, raw_answers, max_answers=MAX_ANSWERS)
    evidence = evidence_from(index.questions_by_slug, answers)
    results, probabilities = conditions_infer(index.conditions, evidence, policy=policy)
    level = triage(evidence)
    products = () if level.level == URGENT else products_recommend(index, results, evidence, limit=limit, policy=policy)
    if level.level == SEE_DOCTOR:
        products = tuple(
            replace(item, reasons=("To use alongside medical advice, not instead of it.", *item.reasons))
            for item in products
        )
    question = next_question(index.questions, evidence, probabilities, index.conditions_by_slug, policy=policy)
    return Recommendation(
        triage=level,
        conditions=results,
        products=products,
        next_question=question,
        body_areas=evidence.body_areas,
    )


def products_recommend(
    index: KnowledgeIndex,
    results: tuple[ConditionResult, ...],
    evidence: Evidence,
    *,
    limit: int,
    policy: ScoringPolicy = DEFAULT_POLICY,
) -> tuple[RecommendedProduct, ...]:
    """Score products by expected helpfulness over the likely conditions; diversify; explain."""
    candidates: dict[str, _Candidate] = {}
    excluded: set[str] = set()
    for result in results:
        ranking = index.rankings.get(result.slug)
        if ranking is None:
            continue
        excluded |= ranking.excluded
        for phase in PHASES:
            for ranked in ranking.phases.get(phase, ()):
                weight = policy.fallback_weight if ranked.fallback else 1.0
                contribution = result.probability * ranked.score * weight
                candidate = candidates.setdefault(ranked.slug, _Candidate(slug=ranked.slug, in_stock=ranked.in_stock))
                candidate.score += contribution
                candidate.phase_scores[phase] += contribution
                if ranked.pinned and result.probability >= policy.possible_probability:
                    candidate.pinned_for = max(candidate.pinned_for, result.probability)
                if not candidate.best or contribution > candidate.best[0]:
                    candidate.best = (contribution, result, ranked)
    pool = [c for slug, c in candidates.items() if slug not in excluded and slug in index.products]
    chosen = _diversify(pool, limit, policy)
    return tuple(_explain(index, candidate, evidence, policy) for candidate in chosen)


def _main_approach(candidate: _Candidate) -> str | None:
    ranked = candidate.best[2]
    return ranked.approaches[0] if ranked.approaches else None


def _phase(candidate: _Candidate) -> str:
    return max(PHASES, key=lambda phase: (candidate.phase_scores.get(phase, 0.0), -PHASES.index(phase)))


def _diversify(pool: list[_Candidate], limit: int, policy: ScoringPolicy) -> list[_Candidate]:
    """Pick up to `limit`: pinned first, then by score with repeated approaches discounted.

    The list covers both phases and more than one approach when the pool allows;
    out-of-stock products only fill what in-stock ones cannot.
    """
    in_stock = sorted((c for c in pool if c.in_stock), key=lambda c: (-c.pinned_for, -c.score, c.slug))
    out_of_stock = sorted((c for c in pool if not c.in_stock), key=lambda c: (-c.score, c.slug))
    chosen = [c for c in in_stock if c.pinned_for > 0][:limit]
    rest = _shortlist([c for c in in_stock if c.pinned_for == 0], limit)
    while rest and len(chosen) < limit:
        approaches = [_main_approach(c) for c in chosen]
        phases = {_phase(c) for c in chosen}
        last_slot = len(chosen) == limit - 1
        pick = None
        if last_slot and len(phases) == 1:
            pick = next((c for c in rest if _phase(c) not in phases), None)
        if pick is None and last_slot and len(set(approaches)) == 1 and chosen:
            pick = next((c for c in rest if _main_approach(c) not in approaches), None)
        if pick is None:
            _position, pick = max(
                enumerate(rest),
                key=lambda item: (
                    item[1].score * policy.diversity_factor(approaches.count(_main_approach(item[1]))),
                    -item[0],
                ),
            )
        chosen.append(pick)
        rest.remove(pick)
    chosen.extend(out_of_stock[: max(limit - len(chosen), 0)])
    return chosen


def _shortlist(ordered: list[_Candidate], limit: int) -> list[_Candidate]:
    """Keep the candidates diversification could pick: the best overall and the best of each phase."""
    keep = ordered[: limit * 4]
    for phase in PHASES:
        in_phase = [c for c in ordered if _phase(c) == phase][:limit]
        keep.extend(c for c in in_phase if c not in keep)
    return sorted(keep, key=lambda c: (-c.score, c.slug))


def _explain(
    index: KnowledgeIndex, candidate: _Candidate, evidence: Evidence, policy: ScoringPolicy
) -> RecommendedProduct:
    """Turn a chosen candidate into a product with reasons citing the answers, condition and guide."""
    _contribution, result, ranked = candidate.best
    phase = _phase(candidate)
    percent = round(result.probability * 100)
    reasons = []
    if ranked.fallback:
        reasons.append(f"{result.name}, {percent}%: {ranked.reasons[0]}")
    else:
        for reason in ranked.reasons:
            if reason.startswith(f"{result.name} → "):
                reasons.append(reason.replace(f"{result.name} → ", f"{result.name}, {percent}% → ", 1))
            else:
                reasons.append(reason)
    condition = index.conditions_by_slug[result.slug]
    supporting = sorted(
        (symptom for symptom in evidence.present if condition.likelihoods.get(symptom, 0) >= 0.3),
        key=lambda symptom: (-condition.likelihoods[symptom], symptom),
    )[:3]
    if supporting:
        names = "; ".join(index.symptoms.get(symptom, symptom).lower() for symptom in supporting)
        reasons.append(f"You told us: {names}.")
    if result.article_url:
        reasons.append(f"See “{PHASE_LABELS[phase]}” in the {result.name} guide.")
    return RecommendedProduct(
        product=index.products[candidate.slug],
        score=round(candidate.score, 4),
        phase=phase,
        approach=_main_approach(candidate),
        pinned=candidate.pinned_for > 0,
        reasons=tuple(reasons),
    )
