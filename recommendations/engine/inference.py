"""Condition probabilities from evidence: naive Bayes with a "something else" alternative."""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping

from recommendations.engine.policy import DEFAULT_POLICY, ScoringPolicy
from recommendations.engine.types import ConditionInfo, ConditionResult, Evidence, EvidenceItem, Source

OTHER = "__other__"


class SomethingElse:
    """The hypothesis that the shopper has something the knowledge base does not know, felt where they said.

    Its prior is a share of the candidates' priors (`policy.other_share`), so it weighs the same whether
    an area has two conditions or twenty. Its likelihood of each answer is that of a typical complaint
    of those areas (the candidates' prior-weighted mean) blended with a flat rate: answers that fit the
    known conditions only on average, or that contradict their defining signs, leave it ahead.
    A fact about the person (age) takes its share among all shoppers, neutral to it.
    """

    def __init__(
        self,
        conditions: Iterable[ConditionInfo],
        *,
        base_rates: Mapping[str, float] | None = None,
        policy: ScoringPolicy = DEFAULT_POLICY,
    ):
        self.conditions = [c for c in conditions if c.prior > 0]
        self.policy = policy
        self.base_rates = dict(base_rates or {})
        total = sum(c.prior for c in self.conditions)
        self.prior = policy.other_prior_for(total) if self.conditions else policy.other_prior
        self._weights = [(c.prior / total, c.likelihoods) for c in self.conditions] if total else []
        self._cache: dict[str, tuple[float, float]] = {}

    def likelihood(self, symptom: str) -> float:
        """Return P(symptom | something else), for a symptom reported present."""
        return self._chances(symptom)[0]

    def absent_likelihood(self, symptom: str) -> float:
        """Return P(no symptom | something else), for a symptom ruled out.

        Not always 1 - `likelihood`: the floor that lets an unusual sign point beyond the known
        conditions does not make its absence, as rare among them, count against something else.
        """
        return self._chances(symptom)[1]

    def _chances(self, symptom: str) -> tuple[float, float]:
        chances = self._cache.get(symptom)
        if chances is None:
            known = self.policy.likelihood
            if symptom in self.base_rates:
                rate = known(self.base_rates[symptom])
                chances = (rate, 1 - rate)
            elif not self._weights:
                rate = known(self.policy.other_likelihood)
                chances = (rate, 1 - rate)
            else:
                typical = sum(share * known(listed.get(symptom)) for share, listed in self._weights)
                chances = (known(self.policy.other_answer_likelihood(typical)), 1 - known(typical))
            self._cache[symptom] = chances
        return chances


def candidate_conditions(conditions: tuple[ConditionInfo, ...], evidence: Evidence) -> list[ConditionInfo]:
    """Return the conditions felt where the shopper hurts (all of them when no area was given)."""
    if not evidence.body_areas:
        return list(conditions)
    return [c for c in conditions if not c.body_areas or c.body_areas & evidence.body_areas]


def something_else(
    conditions: list[ConditionInfo], evidence: Evidence, *, policy: ScoringPolicy = DEFAULT_POLICY
) -> SomethingElse:
    """Return the "something else" hypothesis for these candidates."""
    return SomethingElse(conditions, base_rates=evidence.base_rates, policy=policy)


def posterior(
    conditions: list[ConditionInfo],
    evidence: Evidence,
    *,
    policy: ScoringPolicy = DEFAULT_POLICY,
    other: SomethingElse | None = None,
) -> dict[str, float]:
    """Return P(condition | evidence) for each candidate and for "something else" (key OTHER)."""
    other = other or something_else(conditions, evidence, policy=policy)
    logs = {OTHER: _log_score_other(other, evidence, policy)}
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


def _log_score_other(other: SomethingElse, evidence: Evidence, policy: ScoringPolicy) -> float:
    score = sum(math.log(other.likelihood(s)) for s in evidence.present)
    score += sum(math.log(other.absent_likelihood(s)) for s in evidence.absent)
    return policy.log_prior(other.prior) + policy.evidence_weight * score


def evidence_items(
    condition: ConditionInfo,
    evidence: Evidence,
    *,
    policy: ScoringPolicy = DEFAULT_POLICY,
    per_side: int = 3,
    other: SomethingElse | None = None,
) -> tuple[EvidenceItem, ...]:
    """Return the answers that moved the condition most, for and against, against "something else".

    A fact about the person (how old they are) is no sign of the condition: it is shown only when
    no answer about the pain moved the condition.
    """
    other = other or SomethingElse((), base_rates=evidence.base_rates, policy=policy)
    by_answer: dict[Source, float] = defaultdict(float)
    about_the_pain: set[Source] = set()
    for symptom, source in evidence.present.items():
        ratio = policy.likelihood(condition.likelihoods.get(symptom)) / other.likelihood(symptom)
        by_answer[source] += math.log(ratio)
        if symptom not in evidence.base_rates:
            about_the_pain.add(source)
    for symptom, source in evidence.absent.items():
        ratio = (1 - policy.likelihood(condition.likelihoods.get(symptom))) / other.absent_likelihood(symptom)
        by_answer[source] += math.log(ratio)
        if symptom not in evidence.base_rates:
            about_the_pain.add(source)
    ranked = sorted(by_answer.items(), key=lambda item: (-abs(item[1]), item[0].question, item[0].answer))
    ranked = [item for item in ranked if abs(item[1]) >= 0.05]
    signs = [item for item in ranked if item[0] in about_the_pain]
    ranked = signs or ranked
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


def defining_confirmed(condition: ConditionInfo, evidence: Evidence) -> bool:
    """Whether the condition's defining signs were all asked about and confirmed (never, when it lists none)."""
    return bool(condition.defining) and all(sign in evidence.present for sign in condition.defining)


def unconfirmed_capped(
    probabilities: dict[str, float],
    conditions: list[ConditionInfo],
    evidence: Evidence,
    *,
    policy: ScoringPolicy = DEFAULT_POLICY,
) -> dict[str, float]:
    """Hold a condition whose defining signs are not all confirmed below the policy's ceiling.

    Naive Bayes grows confident on answers that fit many things; until the signs that set a condition
    apart are confirmed, the excess goes to "something else" rather than to the nearest name.
    """
    ceiling = policy.unconfirmed_ceiling
    capped = dict(probabilities)
    for condition in conditions:
        excess = capped[condition.slug] - ceiling
        if excess > 0 and not defining_confirmed(condition, evidence):
            capped[condition.slug] = ceiling
            capped[OTHER] += excess
    return capped


def conditions_infer(
    conditions: tuple[ConditionInfo, ...], evidence: Evidence, *, policy: ScoringPolicy = DEFAULT_POLICY
) -> tuple[tuple[ConditionResult, ...], dict[str, float]]:
    """Rank the candidate conditions by probability; also return the full posterior.

    A condition is labelled "likely" only when its defining signs are confirmed; until then it is at
    most "possible", however high its probability.
    """
    candidates = candidate_conditions(conditions, evidence)
    other = something_else(candidates, evidence, policy=policy)
    probabilities = unconfirmed_capped(
        posterior(candidates, evidence, policy=policy, other=other), candidates, evidence, policy=policy
    )
    results = []
    for condition in candidates:
        probability = probabilities[condition.slug]
        if probability < policy.min_condition_probability:
            continue
        label = policy.strength_label(probability)
        if label == "likely" and not defining_confirmed(condition, evidence):
            label = "possible"
        results.append(
            ConditionResult(
                slug=condition.slug,
                name=condition.name,
                probability=round(probability, 4),
                label=label,
                article_url=condition.article_url,
                evidence=evidence_items(condition, evidence, policy=policy, other=other),
            )
        )
    results.sort(key=lambda result: (-result.probability, result.slug))
    return tuple(results), probabilities
