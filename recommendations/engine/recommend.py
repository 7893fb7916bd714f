"""From answers to a recommendation: conditions, triage, products with reasons, next question."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from recommendations.engine.answers import answers_parse, evidence_from
from recommendations.engine.diversity import approach_rounds, family_representatives
from recommendations.engine.inference import OTHER, SomethingElse, candidate_conditions, conditions_infer
from recommendations.engine.policy import DEFAULT_POLICY, ScoringPolicy
from recommendations.engine.questions import next_question, next_questions, pending_together
from recommendations.engine.ranking import product_fits
from recommendations.engine.triage import safety_pending, triage
from recommendations.engine.types import (
    MATCH_LIKELY,
    MATCH_NONE,
    MATCH_NOT_COVERED,
    MATCH_PENDING,
    MATCH_POSSIBLE,
    PHASE_PHRASES,
    PHASES,
    SELF_CARE,
    STAGE_SYMPTOMS,
    ConditionInfo,
    ConditionResult,
    Evidence,
    KnowledgeIndex,
    Recommendation,
    RecommendedProduct,
)

MAX_ANSWERS = 60
NOT_COVERED_MESSAGE = (
    "This isn't something our recovery tools help with, so we won't suggest any. If it is new, severe or "
    "worrying, please see a doctor; for an ongoing ache, a doctor or physical therapist can advise."
)
CANNOT_TELL_ADVICE = (
    "We can't tell which it is from your answers, so we don't name one as likely: it may also be something "
    "our guides don't cover. A physiotherapist can examine it and tell you what it is."
)
CANNOT_TELL_PRODUCTS = " Until then, we only suggest products that suit every possibility."
CANNOT_TELL_NO_PRODUCTS = " Until then, we'd rather not suggest products: none suits every possibility."


@dataclass(slots=True)
class _Candidate:
    slug: str
    score: float = 0.0
    phase_scores: dict[str, float] = field(default_factory=dict)
    pinned_for: float = 0.0  # probability of the condition that pins it; 0 when not pinned
    in_stock: bool = True
    best: tuple = ()  # (contribution, condition result, ranked product) that explains it best
    phase: str = ""  # the phase it helps most in, set once its scores are complete


def recommend(
    index: KnowledgeIndex,
    raw_answers: Mapping[str, object],
    *,
    limit: int = 6,
    policy: ScoringPolicy = DEFAULT_POLICY,
    sold_out: frozenset[str] = frozenset(),
) -> Recommendation:
    """Answer a symptom check. Raises InvalidAnswers when the answers do not fit the questionnaire.

    Safety comes before selling: an urgent or serious answer ends the check with advice only, and
    nothing personal is said or sold until every safety question that applies has an answer.
    `sold_out` names products that sold out since the index was built: like every product the
    index knows to be out of stock, they are never recommended.
    """
    answers = answers_parse(index.questions_by_slug, raw_answers, max_answers=MAX_ANSWERS)
    evidence = evidence_from(index.questions_by_slug, answers, base_rates=index.base_rates, rules=index.red_flag_rules)
    pending = safety_pending(index.questions, evidence, rules=index.red_flag_rules)
    level = triage(evidence, pending=pending)
    if level.ends_check or pending or level.withhold_products:
        # Urgent: stop now. Safety answers still owed: ask them (even after a "not sure" or a serious
        # answer, since a later one may be urgent). A serious answer once they are all in: advice only.
        asking = not level.ends_check and bool(pending)
        return Recommendation(
            triage=level,
            conditions=(),
            products=(),
            next_question=pending[0] if asking else None,
            next_questions=(
                pending_together(
                    pending, rules=index.red_flag_rules, answers=evidence.answers, body_areas=evidence.body_areas
                )
                if asking
                else ()
            ),
            body_areas=evidence.body_areas,
            match=MATCH_PENDING,
            safety_pending=tuple(question.slug for question in pending) if asking else (),
        )
    if not candidate_conditions(index.conditions, evidence):
        return Recommendation(
            triage=replace(level, message=_not_covered_message(level)),
            conditions=(),
            products=(),
            next_question=None,
            body_areas=evidence.body_areas,
            match=MATCH_NOT_COVERED,
        )
    results, probabilities = conditions_infer(index.conditions, evidence, policy=policy)
    match = match_of(results, policy)
    cannot_tell = match != MATCH_LIKELY
    if cannot_tell:
        results = tuple(replace(r, label=MATCH_POSSIBLE) if r.label == MATCH_LIKELY else r for r in results)
    fit_all = open_possibilities(index, results, probabilities, policy) if cannot_tell else None
    products = products_recommend(
        index,
        results,
        evidence,
        limit=limit,
        policy=policy,
        general=match == MATCH_NONE,
        fit_all=fit_all,
        sold_out=sold_out,
    )
    candidates = candidate_conditions(index.conditions, evidence)
    # The safety step is done; a safety question no red-flag rule still needs stays unasked.
    symptom_questions = tuple(q for q in index.questions if q.stage >= STAGE_SYMPTOMS)
    question = next_question(
        symptom_questions,
        evidence,
        probabilities,
        index.conditions_by_slug,
        policy=policy,
        other=SomethingElse(candidates, base_rates=index.base_rates, policy=policy),
    )
    advice = ""
    if cannot_tell:
        advice = CANNOT_TELL_ADVICE + (CANNOT_TELL_PRODUCTS if products else CANNOT_TELL_NO_PRODUCTS)
    return Recommendation(
        triage=level,
        conditions=results,
        products=products,
        next_question=question,
        body_areas=evidence.body_areas,
        match=match,
        cannot_tell=cannot_tell,
        advice=advice,
        next_questions=next_questions(
            index.questions,
            evidence,
            probabilities,
            index.conditions_by_slug,
            first=question,
            policy=policy,
            foresee=lambda assumed: _foresee(index, assumed, policy),
        ),
    )


def _foresee(index: KnowledgeIndex, assumed: dict, policy: ScoringPolicy) -> tuple[Evidence, dict[str, float]]:
    """The evidence and probabilities these (partly assumed) answers would give."""
    evidence = evidence_from(index.questions_by_slug, assumed, base_rates=index.base_rates, rules=index.red_flag_rules)
    return evidence, conditions_infer(index.conditions, evidence, policy=policy)[1]


@dataclass(frozen=True, slots=True)
class Possibilities:
    """What a can't-tell result's products must suit: the top candidate conditions, and perhaps something else."""

    conditions: tuple[ConditionInfo, ...]
    something_else: bool


def open_possibilities(
    index: KnowledgeIndex, results: tuple[ConditionResult, ...], probabilities: dict[str, float], policy: ScoringPolicy
) -> Possibilities:
    """Return the possibilities a can't-tell result leaves open: each needs products that suit it.

    The top candidates are the conditions at least "possible" (the three most probable when none is);
    "something else" counts when it is at least as probable as that.
    """
    top = [r for r in results if r.probability >= policy.possible_probability] or list(results[:3])
    return Possibilities(
        conditions=tuple(index.conditions_by_slug[r.slug] for r in top),
        something_else=probabilities.get(OTHER, 0.0) >= policy.possible_probability,
    )


def product_suits_all(
    index: KnowledgeIndex, slug: str, possibilities: Possibilities, body_areas: frozenset[str], policy: ScoringPolicy
) -> bool:
    """Whether a product is safe and sensible whichever possibility it is.

    It must fit every top candidate (made for where each is felt, and for each if made for some only;
    excluded by none); for "something else" it must be made for no condition in particular and suit
    where the shopper hurts.
    """
    product = index.products[slug]
    for condition in possibilities.conditions:
        ranking = index.rankings.get(condition.slug)
        if not product_fits(product, condition, policy) or (ranking is not None and slug in ranking.excluded):
            return False
    if possibilities.something_else:
        if product.only_for:
            return False
        if body_areas and product.body_areas and not product.body_areas & body_areas:
            return False
    return True


def _not_covered_message(level) -> str:
    """Say Limber's tools don't help here; a doctor's advice, if any, follows (self-care advice does not)."""
    return NOT_COVERED_MESSAGE if level.level == SELF_CARE else f"{NOT_COVERED_MESSAGE} {level.message}"


def match_of(results: tuple[ConditionResult, ...], policy: ScoringPolicy) -> str:
    """Say how well the answers fit: one condition clearly ahead and confirmed, some possible, or none."""
    top = results[0].probability if results else 0.0
    second = results[1].probability if len(results) > 1 else 0.0
    confirmed = bool(results) and results[0].label == MATCH_LIKELY
    if confirmed and top >= policy.likely_probability and top - second >= policy.clear_margin:
        return MATCH_LIKELY
    if top >= policy.possible_probability:
        return MATCH_POSSIBLE
    return MATCH_NONE


def products_recommend(
    index: KnowledgeIndex,
    results: tuple[ConditionResult, ...],
    evidence: Evidence,
    *,
    limit: int,
    policy: ScoringPolicy = DEFAULT_POLICY,
    general: bool = False,
    fit_all: Possibilities | None = None,
    sold_out: frozenset[str] = frozenset(),
) -> tuple[RecommendedProduct, ...]:
    """Score products by expected helpfulness over the likely conditions; diversify; explain.

    With `general`, no condition fits the answers: the products are explained as general options.
    With `fit_all`, the answers leave several possibilities open: only products that suit every one
    of them are offered (perhaps none), explained as such.
    Out-of-stock products (by the index, or named in `sold_out`) are never chosen.
    """
    candidates: dict[str, _Candidate] = {}
    excluded: set[str] = set()
    fallback_weight, possible = policy.fallback_weight, policy.possible_probability
    for result in results:
        ranking = index.rankings.get(result.slug)
        if ranking is None:
            continue
        excluded |= ranking.excluded
        probability = result.probability
        for phase in PHASES:
            for ranked in ranking.phases.get(phase, ()):
                if ranked.variant_of:  # listed once, as the family's first
                    continue
                contribution = probability * ranked.score * (fallback_weight if ranked.fallback else 1.0)
                candidate = candidates.get(ranked.slug)
                if candidate is None:
                    in_stock = ranked.in_stock and ranked.slug not in sold_out
                    candidate = candidates[ranked.slug] = _Candidate(slug=ranked.slug, in_stock=in_stock)
                candidate.score += contribution
                scores = candidate.phase_scores
                scores[phase] = scores.get(phase, 0.0) + contribution
                if ranked.pinned and probability >= possible:
                    candidate.pinned_for = max(candidate.pinned_for, probability)
                if not candidate.best or contribution > candidate.best[0]:
                    candidate.best = (contribution, result, ranked)
    pool = [c for slug, c in candidates.items() if slug not in excluded and slug in index.products]
    if fit_all is not None:
        pool = [c for c in pool if product_suits_all(index, c.slug, fit_all, evidence.body_areas, policy)]
    for candidate in pool:
        candidate.phase = _phase(candidate)
    chosen = _diversify(pool, limit, policy, index)
    named = [result.slug for result in results if result.label != "less likely"]
    explained, said = [], set()
    open_to = None if fit_all is None or general else fit_all
    for candidate in chosen:
        item = _explain(index, candidate, named=named, general=general, said=said, open_to=open_to)
        said.update(item.reasons)
        explained.append(item)
    return tuple(explained)


def index_approach_name(index: KnowledgeIndex, condition: str, approach: str | None) -> str:
    """Return an approach's plain name as the condition's treatments give it."""
    for treatment in index.conditions_by_slug[condition].treatments:
        if treatment.approach == approach:
            return treatment.approach_name.lower()
    return "the same approach"


def _main_approach(candidate: _Candidate) -> str | None:
    ranked = candidate.best[2]
    return ranked.approaches[0] if ranked.approaches else None


def _phase(candidate: _Candidate) -> str:
    """Return the phase the candidate scores most in; on a tie, the earlier phase."""
    scores = candidate.phase_scores
    best, best_score = PHASES[0], scores.get(PHASES[0], 0.0)
    for phase in PHASES[1:]:
        if scores.get(phase, 0.0) > best_score:
            best, best_score = phase, scores[phase]
    return best


def _diversify(pool: list[_Candidate], limit: int, policy: ScoringPolicy, index: KnowledgeIndex) -> list[_Candidate]:
    """Pick up to `limit`: pinned first, then every approach's best before any approach's second.

    One product per family (sizes, packs, cuts of the same thing); the list covers both phases
    when the pool allows; out-of-stock products are never picked, so a long list may be shorter
    than `limit`. A policy that does not diversify keeps score order (the engine benchmark's baseline).
    """

    def family_of(candidate: _Candidate) -> str:
        return index.products[candidate.slug].family if policy.diversify else ""

    in_stock = sorted((c for c in pool if c.in_stock), key=lambda c: (-c.pinned_for, -c.score, c.slug))
    chosen = [c for c in in_stock if c.pinned_for > 0][:limit]
    rest, _variants = family_representatives(
        _shortlist([c for c in in_stock if c.pinned_for == 0], limit),
        family_of=family_of,
        taken={family_of(c) for c in chosen} - {""},
    )
    if policy.diversify:
        rest = approach_rounds(
            rest,
            approach_of=_main_approach,
            score_of=lambda c: c.score,
            covered=[_main_approach(c) for c in chosen],
            policy=policy,
        )
    while rest and len(chosen) < limit:
        phases = {c.phase for c in chosen}
        pick = rest[0]
        if len(chosen) == limit - 1 and len(phases) == 1:
            pick = next((c for c in rest if c.phase not in phases), pick)
        chosen.append(pick)
        rest.remove(pick)
    return chosen


def _shortlist(ordered: list[_Candidate], limit: int) -> list[_Candidate]:
    """Keep the candidates diversification could pick: the best overall and the best of each phase."""
    keep = ordered[: limit * 4]
    kept = {c.slug for c in keep}
    for phase in PHASES:
        in_phase = [c for c in ordered if c.phase == phase][:limit]
        keep.extend(c for c in in_phase if c.slug not in kept)
        kept.update(c.slug for c in in_phase)
    return sorted(keep, key=lambda c: (-c.score, c.slug))


def _explain(
    index: KnowledgeIndex,
    candidate: _Candidate,
    *,
    named: list[str],
    general: bool,
    said: set[str],
    open_to: Possibilities | None = None,
) -> RecommendedProduct:
    """Turn a chosen candidate into a product with its reasons, in words a physio would use.

    A reason already given on an earlier card is not repeated: the card says what else it offers.
    """
    _contribution, result, ranked = candidate.best
    phase = candidate.phase
    approach = index_approach_name(index, result.slug, _main_approach(candidate))
    if open_to is not None:
        names = [condition.name.lower() for condition in open_to.conditions]
        if open_to.something_else:
            names.append("something our guides don't cover")
        reasons = [
            f"Suits each possibility your answers leave open ({', '.join(names)}): {approach} {PHASE_PHRASES[phase]}."
        ]
        if reasons[0] in said:
            reasons = [f"Also {approach} {PHASE_PHRASES[phase]}, suited to each possibility."]
    elif ranked.instead:
        reasons = [f"In stock now instead: a gentle option {PHASE_PHRASES[phase]}, suited to where you said it hurts."]
    elif general or ranked.fallback:
        reasons = [f"A general, gentle option {PHASE_PHRASES[phase]}, suited to where you said it hurts."]
    else:
        fresh = [reason for reason in ranked.reasons if reason not in said and reason != ranked.note]
        reasons = fresh[:1]
    if reasons and reasons[0] in said:
        reasons = []
    if not reasons:
        product = index.products[candidate.slug]
        what = product.short_description.strip().rstrip(".") or product.name
        reasons = [f"Also {approach} {PHASE_PHRASES[phase]}: {what[0].lower()}{what[1:]}."]
        if len(named) > 1 and result.slug != named[0]:
            reasons.append(f"Picked for {result.name.lower()}, which your answers make {result.label}.")
    if ranked.note and ranked.note not in reasons:
        reasons.append(ranked.note)
    return RecommendedProduct(
        product=index.products[candidate.slug],
        score=round(candidate.score, 4),
        phase=phase,
        approach=_main_approach(candidate),
        pinned=candidate.pinned_for > 0,
        reasons=tuple(reasons),
    )
