"""Choose the next question: place and safety first, then the most informative symptom question."""

import math
from dataclasses import replace

from recommendations.engine.inference import OTHER
from recommendations.engine.policy import DEFAULT_POLICY, ScoringPolicy
from recommendations.engine.types import NOT_SURE_OPTION, STAGE_SYMPTOMS, ConditionInfo, Evidence, QuestionInfo

# Symptom questions shown together on one screen of the symptom check (and in the API's `next_questions`).
QUESTIONS_PER_SCREEN = 4


def entropy(distribution: dict[str, float]) -> float:
    """Shannon entropy in bits."""
    return -sum(p * math.log2(p) for p in distribution.values() if p > 0)


def information_gain(
    question: QuestionInfo,
    probabilities: dict[str, float],
    conditions: dict[str, ConditionInfo],
    *,
    policy: ScoringPolicy = DEFAULT_POLICY,
) -> float:
    """Return the expected drop in uncertainty (bits) about the condition from asking a question."""
    options = [option for option in question.options if option.is_informative]
    if len(options) < 2 and not (len(options) == 1 and question.allows_multiple):
        return 0.0
    # P(option | condition): each option's evidence likelihood, normalised over the question's options.
    per_condition: dict[str, list[float]] = {}
    likelihood, other = policy.likelihood, policy.other_likelihood
    for slug in probabilities:
        condition = conditions.get(slug)
        listed = None if condition is None else condition.likelihoods  # None: "something else"
        weights = []
        for option in options:
            weight = 1.0
            for symptom in option.present:
                weight *= other if listed is None else likelihood(listed.get(symptom))
            for symptom in option.absent:
                weight *= 1 - (other if listed is None else likelihood(listed.get(symptom)))
            weights.append(weight)
        total = sum(weights) or 1.0
        per_condition[slug] = [weight / total for weight in weights]
    expected_after = 0.0
    for index in range(len(options)):
        joint = {slug: probabilities[slug] * per_condition[slug][index] for slug in probabilities}
        p_option = sum(joint.values())
        if p_option <= 0:
            continue
        expected_after += p_option * entropy({slug: value / p_option for slug, value in joint.items()})
    return max(entropy(probabilities) - expected_after, 0.0)


def next_question(
    questions: tuple[QuestionInfo, ...],
    evidence: Evidence,
    probabilities: dict[str, float],
    conditions: dict[str, ConditionInfo],
    *,
    policy: ScoringPolicy = DEFAULT_POLICY,
) -> QuestionInfo | None:
    """Return the question to ask next, or None when the answers are clear enough."""
    open_questions = [
        question
        for question in questions
        if question.slug not in evidence.answers and question.applies_to(evidence.body_areas)
    ]
    early = sorted((q for q in open_questions if q.stage < STAGE_SYMPTOMS), key=lambda q: (q.stage, q.position, q.slug))
    if early:
        return early[0]
    real = sorted((p for slug, p in probabilities.items() if slug != OTHER), reverse=True)
    if not real:
        return None
    runner_up = real[1] if len(real) > 1 else 0.0
    # Stop once one condition is confidently ahead; keep asking while two are close and a question separates them.
    if real[0] >= policy.confident_probability and real[0] - runner_up >= policy.clear_margin:
        return None
    # Conditions too unlikely to matter are left out of the sums, so a large knowledge base stays cheap.
    relevant = {slug: p for slug, p in probabilities.items() if p >= 1e-4}
    total = sum(relevant.values())
    relevant = {slug: p / total for slug, p in relevant.items()}
    best, best_gain = None, policy.min_information_gain
    for question in sorted(open_questions, key=lambda q: (q.position, q.slug)):
        gain = information_gain(question, relevant, conditions, policy=policy)
        if gain > best_gain + 1e-9:
            best, best_gain = question, gain
    return best


def next_questions(
    questions: tuple[QuestionInfo, ...],
    evidence: Evidence,
    probabilities: dict[str, float],
    conditions: dict[str, ConditionInfo],
    *,
    first: QuestionInfo | None,
    most: int = QUESTIONS_PER_SCREEN,
    policy: ScoringPolicy = DEFAULT_POLICY,
) -> tuple[QuestionInfo, ...]:
    """Return `first` and the questions the engine would ask after it were each left unanswered.

    They are asked together on one screen; their answers may call for follow-ups, which
    `next_question` then asks on the next one.
    """
    group: list[QuestionInfo] = []
    assumed = dict(evidence.answers)
    question = first
    while question is not None and len(group) < most:
        group.append(question)
        assumed[question.slug] = (NOT_SURE_OPTION,)
        question = next_question(
            questions, replace(evidence, answers=assumed), probabilities, conditions, policy=policy
        )
    return tuple(group)


def pending_together(pending: tuple[QuestionInfo, ...]) -> tuple[QuestionInfo, ...]:
    """Return the owed where-it-hurts or safety questions asked on one screen: all those of the earliest stage."""
    return tuple(question for question in pending if question.stage == pending[0].stage) if pending else ()


__all__ = ["OTHER", "entropy", "information_gain", "next_question", "next_questions", "pending_together"]
