"""Condition probabilities from evidence: naive Bayes with a "something else" alternative."""

import math
from collections import defaultdict

from recommendations.engine.policy import DEFAULT_POLICY, ScoringPolicy
from recommendations.engine.types import ConditionInfo, ConditionResult, Evidence, EvidenceItem, Source

OTHER = "__other__"


def candidate_conditions(conditions: tuple[ConditionInfo, ...], evidence: Evidence) -> list[ConditionInfo]:
    """Return the conditions felt where the shopper hurts (all of them when no area was given)."""
    if not evidence.body_areas:
        return list(conditions)
    return [c for c in conditions if not c.body_areas or c.body_areas & evidence.body_areas]


def posterior(
    conditions: list[ConditionInfo], evidence: Evidence, *, policy: ScoringPolicy = DEFAULT_POLICY
) -> dict[str, float]:
    """Return P(condition | evidence) for each candidate and for "something else" (key OTHER)."""
    logs = {OTHER: _log_score_other(evidence, policy)}
    for condition in conditions:
        logs[condition.slug] = _log_score(condition, evidence, policy)
    peak = max(logs.values())
    weights = {slug: math.exp(value - peak) for slug, value in logs.items()}
    total = sum(weights.values())
    return {slug: weight / total for slug, weight in weights.items()}


def evidence_terms(condition: ConditionInfo, evidence: Evidence, policy: ScoringPolicy) -> list[dict]:
    """Return each symptom's weighted log-likelihood term for a condition: what the score adds up."""
    terms = []
    for symptoms, present in ((evidence.present, True), (evidence.absent, False)):
        for symptom in sorted(symptoms):
            likelihood = policy.likelihood(condition.likelihoods.get(symptom))
            terms.append(
                {
                    "symptom": symptom,
                    "present": present,
                    "likelihood": likelihood,
                    "listed": symptom in condition.likelihoods,
                    "term": _term(likelihood, present=present, policy=policy),
                }
            )
    return terms


def _term(likelihood: float, *, present: bool, policy: ScoringPolicy) -> float:
    """One symptom's weighted log-likelihood: of having it when present, of not having it when absent."""
    return policy.evidence_weight * math.log(likelihood if present else 1 - likelihood)


def _log_score(condition: ConditionInfo, evidence: Evidence, policy: ScoringPolicy) -> float:
    likelihoods = condition.likelihoods
    score = sum(_term(policy.likelihood(likelihoods.get(s)), present=True, policy=policy) for s in evidence.present)
    score += sum(_term(policy.likelihood(likelihoods.get(s)), present=False, policy=policy) for s in evidence.absent)
    return policy.log_prior(condition.prior) + score


def _log_score_other(evidence: Evidence, policy: ScoringPolicy) -> float:
    rates, other = evidence.base_rates, policy.other_likelihood
    score = sum(math.log(rates.get(symptom, other)) for symptom in evidence.present)
    score += sum(math.log(1 - rates.get(symptom, other)) for symptom in evidence.absent)
    return policy.log_prior(policy.other_prior) + policy.evidence_weight * score


def evidence_items(
    condition: ConditionInfo, evidence: Evidence, *, policy: ScoringPolicy = DEFAULT_POLICY, per_side: int = 3
) -> tuple[EvidenceItem, ...]:
    """Return the answers that moved the condition most, for and against, against a generic ache."""
    by_answer: dict[Source, float] = defaultdict(float)
    rates, other = evidence.base_rates, policy.other_likelihood
    for symptom, source in evidence.present.items():
        ratio = policy.likelihood(condition.likelihoods.get(symptom)) / rates.get(symptom, other)
        by_answer[source] += math.log(ratio)
    for symptom, source in evidence.absent.items():
        ratio = (1 - policy.likelihood(condition.likelihoods.get(symptom))) / (1 - rates.get(symptom, other))
        by_answer[source] += math.log(ratio)
    ranked = sorted(by_answer.items(), key=lambda item: (-abs(item[1]), item[0].question, item[0].answer))
    supporting = [item for item in ranked if item[1] >= 0.05][:per_side]
    opposing = [item for item in ranked if item[1] <= -0.05][:per_side]
    return tuple(
        EvidenceItem(
            question=source.question,
            question_text=source.question_text,
            answer=source.answer,
            effect="for" if weight > 0 else "against",
            weight=round(weight, 3),
        )
        for source, weight in sorted(supporting + opposing, key=lambda item: -abs(item[1]))
    )


def conditions_infer(
    conditions: tuple[ConditionInfo, ...], evidence: Evidence, *, policy: ScoringPolicy = DEFAULT_POLICY
) -> tuple[tuple[ConditionResult, ...], dict[str, float]]:
    """Rank the candidate conditions by probability; also return the full posterior."""
    candidates = candidate_conditions(conditions, evidence)
    probabilities = posterior(candidates, evidence, policy=policy)
    results = [
        ConditionResult(
            slug=condition.slug,
            name=condition.name,
            probability=round(probabilities[condition.slug], 4),
            label=policy.strength_label(probabilities[condition.slug]),
            article_url=condition.article_url,
            evidence=evidence_items(condition, evidence, policy=policy),
        )
        for condition in candidates
        if probabilities[condition.slug] >= policy.min_condition_probability
    ]
    results.sort(key=lambda result: (-result.probability, result.slug))
    return tuple(results), probabilities
