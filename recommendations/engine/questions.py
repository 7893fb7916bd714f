"""Choose the next question: place and safety first, then the most informative symptom question.

Before the check stops it confirms what it would name: the top condition's defining signs are asked
about, and so is the question that best separates it from the next plausible condition.
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import replace

from recommendations.engine.inference import OTHER, SomethingElse
from recommendations.engine.policy import DEFAULT_POLICY, ScoringPolicy
from recommendations.engine.red_flags import calm_option, question_needed
from recommendations.engine.types import (
    NOT_SURE_OPTION,
    STAGE_SAFETY,
    STAGE_SYMPTOMS,
    STAGE_WHERE,
    ConditionInfo,
    Evidence,
    QuestionInfo,
    RedFlagRuleInfo,
)

# Symptom questions shown together on one screen of the symptom check (and in the API's `next_questions`).
QUESTIONS_PER_SCREEN = 4

# Given assumed answers, the evidence they give and the probabilities that follow (recommend() passes one).
Foresight = Callable[[dict[str, tuple]], tuple[Evidence, dict[str, float]]]


def entropy(distribution: dict[str, float]) -> float:
    """Shannon entropy in bits."""
    return -sum(p * math.log2(p) for p in distribution.values() if p > 0)


def information_gain(
    question: QuestionInfo,
    probabilities: dict[str, float],
    conditions: dict[str, ConditionInfo],
    *,
    policy: ScoringPolicy = DEFAULT_POLICY,
    other: SomethingElse | None = None,
) -> float:
    """Return the expected drop in uncertainty (bits) about the condition from asking a question."""
    options = [option for option in question.options if option.is_informative]
    if len(options) < 2 and not (len(options) == 1 and question.allows_multiple):
        return 0.0
    if other is None:
        other = SomethingElse((conditions[slug] for slug in probabilities if slug in conditions), policy=policy)
    # P(option | condition): each option's evidence likelihood, normalised over the question's options.
    per_condition: dict[str, list[float]] = {}
    for slug in probabilities:
        condition = conditions.get(slug)
        weights = []
        for option in options:
            weight = 1.0
            if condition is None:  # "something else"
                for symptom in option.present:
                    weight *= other.likelihood(symptom)
                for symptom in option.absent:
                    weight *= other.absent_likelihood(symptom)
            else:
                listed, known = condition.likelihoods, policy.likelihood
                for symptom in option.present:
                    weight *= known(listed.get(symptom))
                for symptom in option.absent:
                    weight *= 1 - known(listed.get(symptom))
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
    other: SomethingElse | None = None,
) -> QuestionInfo | None:
    """Return the question to ask next, or None when the answers are clear enough."""
    open_questions = sorted(
        (
            question
            for question in questions
            if question.slug not in evidence.answers and question.applies_to(evidence.body_areas)
        ),
        key=lambda q: (q.position, q.slug),
    )
    early = sorted((q for q in open_questions if q.stage < STAGE_SYMPTOMS), key=lambda q: (q.stage, q.position, q.slug))
    if early:
        return early[0]
    real = sorted((p for slug, p in probabilities.items() if slug != OTHER), reverse=True)
    if not real:
        return None
    if other is None:
        other = SomethingElse((conditions[slug] for slug in probabilities if slug in conditions), policy=policy)
    runner_up = real[1] if len(real) > 1 else 0.0
    # Keep asking while no condition is confidently ahead and a question tells the candidates apart.
    if not (real[0] >= policy.confident_probability and real[0] - runner_up >= policy.clear_margin):
        # Conditions too unlikely to matter are left out of the sums, so a large knowledge base stays cheap.
        relevant = {slug: p for slug, p in probabilities.items() if p >= 1e-4}
        total = sum(relevant.values())
        relevant = {slug: p / total for slug, p in relevant.items()}
        best, best_gain = None, policy.min_information_gain
        for question in open_questions:
            gain = information_gain(question, relevant, conditions, policy=policy, other=other)
            if gain > best_gain + 1e-9:
                best, best_gain = question, gain
        if best is not None:
            return best
    return separating_question(open_questions, evidence, probabilities, conditions, policy=policy, other=other)


def separating_question(
    open_questions: list[QuestionInfo],
    evidence: Evidence,
    probabilities: dict[str, float],
    conditions: dict[str, ConditionInfo],
    *,
    policy: ScoringPolicy = DEFAULT_POLICY,
    other: SomethingElse | None = None,
) -> QuestionInfo | None:
    """Return the question to ask before stopping, or None when nothing is left to confirm or separate.

    First a question that can confirm a defining sign of the top condition not yet asked about (so it
    can be named "likely", or set aside); then, for the most probable rivals in turn, the question
    that best tells the top condition and that rival apart, when it separates them well enough. A
    rival counts even while its own defining signs are unasked: that is often why it is still low.
    """
    ranked = sorted(
        ((p, slug) for slug, p in probabilities.items() if slug != OTHER and slug in conditions),
        key=lambda item: (-item[0], item[1]),
    )
    if not ranked or not open_questions:
        return None
    top = conditions[ranked[0][1]]
    unasked = {sign for sign in top.defining if sign not in evidence.present and sign not in evidence.absent}
    if unasked:
        for question in open_questions:
            if question.stage >= STAGE_SYMPTOMS and any(option.present & unasked for option in question.options):
                return question
    symptom_questions = [q for q in open_questions if q.stage >= STAGE_SYMPTOMS]
    for probability, slug in ranked[1 : 1 + policy.rivals_considered]:
        if probability < policy.rival_probability:
            break
        # How well a question tells the two apart, whatever their odds now: at most 1 bit.
        pair = {top.slug: 0.5, slug: 0.5}
        best, best_gain = None, policy.min_separating_gain
        for question in symptom_questions:
            gain = information_gain(question, pair, conditions, policy=policy, other=other)
            if gain > best_gain + 1e-9:
                best, best_gain = question, gain
        if best is not None:
            return best
    return None


def next_questions(
    questions: tuple[QuestionInfo, ...],
    evidence: Evidence,
    probabilities: dict[str, float],
    conditions: dict[str, ConditionInfo],
    *,
    first: QuestionInfo | None,
    most: int = QUESTIONS_PER_SCREEN,
    policy: ScoringPolicy = DEFAULT_POLICY,
    foresee: Foresight | None = None,
) -> tuple[QuestionInfo, ...]:
    """Return `first` and the questions the engine would ask after it were each left unanswered.

    They are asked together on one screen; their answers may call for follow-ups, which
    `next_question` then asks on the next one. With `foresee`, a screen that would otherwise leave
    one or two questions for a last screen of their own takes them too: those the check would still
    ask (at most the policy's `last_screen_extra`) were this screen answered as the likeliest condition would.
    """
    if first is None or first.stage >= STAGE_SYMPTOMS:
        # The safety step is done: a safety question no red-flag rule still needs stays unasked.
        questions = tuple(question for question in questions if question.stage >= STAGE_SYMPTOMS)
    group: list[QuestionInfo] = []
    assumed = dict(evidence.answers)
    question = first
    while question is not None and len(group) < most:
        group.append(question)
        assumed[question.slug] = (NOT_SURE_OPTION,)
        question = next_question(
            questions, replace(evidence, answers=assumed), probabilities, conditions, policy=policy
        )
    if question is not None and foresee is not None and policy.last_screen_extra > 0:
        group.extend(last_questions(questions, evidence, probabilities, conditions, group, foresee, policy=policy))
    return tuple(group)


def likeliest_option(question: QuestionInfo, condition: ConditionInfo, policy: ScoringPolicy):
    """The answer to a question a shopper with this condition would most likely give (None if none tells)."""
    best, best_weight = None, -1.0
    for option in question.options:
        if not option.is_informative:
            continue
        weight = 1.0
        for symptom in option.present:
            weight *= policy.likelihood(condition.likelihoods.get(symptom))
        for symptom in option.absent:
            weight *= 1 - policy.likelihood(condition.likelihoods.get(symptom))
        if weight > best_weight:
            best, best_weight = option, weight
    return best


def last_questions(
    questions: tuple[QuestionInfo, ...],
    evidence: Evidence,
    probabilities: dict[str, float],
    conditions: dict[str, ConditionInfo],
    group: list[QuestionInfo],
    foresee: Foresight,
    *,
    policy: ScoringPolicy = DEFAULT_POLICY,
) -> tuple[QuestionInfo, ...]:
    """The questions the check would still ask after `group`, if at most the policy's `last_screen_extra`; else none.

    Each answer is assumed to be the one the likeliest condition now would give, and the
    probabilities are worked out again after each, as the check itself would.
    """
    ranked = [slug for slug, _p in sorted(probabilities.items(), key=lambda item: -item[1]) if slug in conditions]
    if not ranked:
        return ()
    top = conditions[ranked[0]]
    assumed = dict(evidence.answers)
    for question in group:
        option = likeliest_option(question, top, policy)
        assumed[question.slug] = (option or NOT_SURE_OPTION,)
    tail: list[QuestionInfo] = []
    while len(tail) <= policy.last_screen_extra:
        foreseen, foreseen_probabilities = foresee(assumed)
        question = next_question(questions, foreseen, foreseen_probabilities, conditions, policy=policy)
        if question is None:
            return tuple(tail)
        tail.append(question)
        option = likeliest_option(question, top, policy)
        assumed[question.slug] = (option or NOT_SURE_OPTION,)
    return ()


def pending_together(
    pending: tuple[QuestionInfo, ...],
    *,
    rules: tuple[RedFlagRuleInfo, ...] = (),
    answers: Mapping[str, object] | None = None,
    body_areas: frozenset[str] = frozenset(),
) -> tuple[QuestionInfo, ...]:
    """Return the owed where-it-hurts or safety questions asked on one screen: those of the earliest stage.

    A safety question that matters only after a worrying answer to another one on the same screen ("is the
    bone tender?" after "did you fall onto your hand?") is left for the next screen, once that answer is in:
    it is kept here only if it would still be needed were the questions before it answered the calm way.
    """
    if not pending:
        return ()
    stage = tuple(question for question in pending if question.stage == pending[0].stage)
    if pending[0].stage == STAGE_WHERE:
        # The where-it-hurts screen also asks the safety questions everyone answers whatever hurts and
        # without a "Not sure" (how old you are): asked once, early, first of the safety step.
        everyone = tuple(
            question
            for question in pending
            if question.stage == STAGE_SAFETY and not question.body_areas and not question.offers_not_sure
        )
        return (*stage, *everyone)
    if not rules or answers is None:
        return stage

    # In the checklist's order, a question is asked now unless the calm answers to those asked before it
    # already rule out every rule it could help meet: "did you hurt it?" comes first, and "is the bone
    # tender?" only on the next screen, after a "yes".
    kept: list[QuestionInfo] = []
    for question in stage:
        assumed = dict(answers)
        for earlier in kept:
            calm = calm_option(earlier, rules, answers=answers, body_areas=body_areas)
            if calm is not None:
                assumed[earlier.slug] = (calm,)
        if question_needed(question, rules, assumed, body_areas):
            kept.append(question)
    return tuple(kept) or stage


__all__ = [
    "OTHER",
    "entropy",
    "information_gain",
    "next_question",
    "next_questions",
    "pending_together",
    "separating_question",
]
