"""Every intermediate number behind a recommendation, for the staff "try it" page."""

from collections.abc import Mapping

from recommendations.engine.answers import answers_parse, evidence_from
from recommendations.engine.inference import (
    OTHER,
    SomethingElse,
    candidate_conditions,
    defining_confirmed,
    evidence_terms,
    posterior,
    unconfirmed_capped,
)
from recommendations.engine.policy import DEFAULT_POLICY, ScoringPolicy
from recommendations.engine.questions import entropy, information_gain
from recommendations.engine.recommend import MAX_ANSWERS, recommend
from recommendations.engine.types import PHASES, STAGE_SYMPTOMS, KnowledgeIndex


def explain(
    index: KnowledgeIndex, raw_answers: Mapping[str, object], *, limit: int = 6, policy: ScoringPolicy = DEFAULT_POLICY
) -> dict:
    """Return the evidence, per-condition terms, posterior, question gains and product scores."""
    answers = answers_parse(index.questions_by_slug, raw_answers, max_answers=MAX_ANSWERS)
    evidence = evidence_from(index.questions_by_slug, answers, base_rates=index.base_rates, rules=index.red_flag_rules)
    candidates = candidate_conditions(index.conditions, evidence)
    other = SomethingElse(candidates, base_rates=index.base_rates, policy=policy)
    uncapped = posterior(candidates, evidence, policy=policy, other=other)
    probabilities = unconfirmed_capped(uncapped, candidates, evidence, policy=policy)

    conditions = []
    for condition in candidates:
        terms = evidence_terms(condition, evidence, policy)
        log_prior = policy.log_prior(condition.prior)
        conditions.append(
            {
                "slug": condition.slug,
                "name": condition.name,
                "prior": condition.prior,
                "log_prior": log_prior,
                "terms": terms,
                "log_score": log_prior + sum(term["term"] for term in terms),
                "probability": probabilities[condition.slug],
                "uncapped_probability": uncapped[condition.slug],
                "defining": sorted(condition.defining),
                "defining_confirmed": defining_confirmed(condition, evidence),
            }
        )
    conditions.sort(key=lambda row: -row["probability"])

    open_questions = [
        q for q in index.questions if q.slug not in evidence.answers and q.applies_to(evidence.body_areas)
    ]
    relevant = {slug: p for slug, p in probabilities.items() if p >= 1e-4}
    total = sum(relevant.values())
    relevant = {slug: p / total for slug, p in relevant.items()}
    gains = sorted(
        (
            {
                "slug": q.slug,
                "text": q.text,
                "stage": q.stage,
                "gain": information_gain(q, relevant, index.conditions_by_slug, policy=policy, other=other)
                if q.stage >= STAGE_SYMPTOMS
                else None,
            }
            for q in open_questions
        ),
        key=lambda row: (row["stage"], -(row["gain"] or 0), row["slug"]),
    )

    result = recommend(index, raw_answers, limit=limit, policy=policy)
    contributions = []
    for row in conditions:
        if row["probability"] < policy.min_condition_probability:
            continue
        ranking = index.rankings.get(row["slug"])
        if ranking is None:
            continue
        for phase in PHASES:
            for item in ranking.phases.get(phase, ())[:10]:
                weight = policy.fallback_weight if item.fallback else 1.0
                contributions.append(
                    {
                        "condition": row["slug"],
                        "phase": phase,
                        "product": item.slug,
                        "ranked_score": item.score,
                        "pinned": item.pinned,
                        "fallback": item.fallback,
                        "in_stock": item.in_stock,
                        "contribution": row["probability"] * item.score * weight,
                    }
                )
    contributions.sort(key=lambda row: (-row["contribution"], row["product"]))
    return {
        "evidence": {
            "present": {symptom: index.symptoms.get(symptom, symptom) for symptom in sorted(evidence.present)},
            "absent": {symptom: index.symptoms.get(symptom, symptom) for symptom in sorted(evidence.absent)},
            "body_areas": sorted(evidence.body_areas),
            "red_flags": [(flag.level, flag.message) for flag in evidence.red_flags],
        },
        "conditions": conditions,
        "other": {
            "probability": probabilities[OTHER],
            "prior": other.prior,
            "likelihoods": {
                symptom: other.likelihood(symptom) if symptom in evidence.present else other.absent_likelihood(symptom)
                for symptom in sorted({*evidence.present, *evidence.absent})
            },
        },
        "entropy": entropy(probabilities),
        "questions": gains,
        "contributions": contributions[:60],
        "result": result,
    }
