"""Decide whether answers call for self-care, a doctor, or urgent care — before anything is sold."""

from recommendations.engine.red_flags import question_needed
from recommendations.engine.types import (
    INCOMPLETE,
    SEE_DOCTOR,
    SELF_CARE,
    STAGE_SYMPTOMS,
    TRIAGE_ORDER,
    URGENT,
    Evidence,
    QuestionInfo,
    RedFlagRuleInfo,
    Triage,
)

SELF_CARE_MESSAGE = (
    "Nothing you told us needs urgent attention. Everyday aches like these often settle with sensible "
    "self-care. If the pain is severe, keeps getting worse, or has not improved after two weeks, "
    "see a doctor or physical therapist."
)
INCOMPLETE_MESSAGE = (
    "A few safety questions first: we show no suggestions until we know nothing you've noticed needs a doctor."
)
SEE_DOCTOR_SUFFIX = "The products below may help alongside medical advice, not instead of it."
SEE_DOCTOR_WITHHELD_SUFFIX = "We won't suggest products for this: please get it checked first."
URGENT_SUFFIX = "Please seek care now, before buying anything for this."
WATCH_OUT_PREFIX = "Watch out:"


def safety_pending(
    questions: tuple[QuestionInfo, ...], evidence: Evidence, *, rules: tuple[RedFlagRuleInfo, ...] = ()
) -> tuple[QuestionInfo, ...]:
    """Return the where-it-hurts and safety questions that apply to the shopper and are not answered yet.

    A safety question the red-flag rules read is asked only while one of those rules could still be met:
    "did you fall onto your hand?" answered "no" leaves nothing to ask about the bone it would have hurt.
    """
    return tuple(
        question
        for question in sorted(questions, key=lambda q: (q.stage, q.position, q.slug))
        if question.stage < STAGE_SYMPTOMS
        and question.slug not in evidence.answers
        and question.applies_to(evidence.body_areas)
        and question_needed(question, rules, evidence.answers, evidence.body_areas)
    )


def triage(evidence: Evidence, *, pending: tuple[QuestionInfo, ...] = ()) -> Triage:
    """Return the strongest red flag's level with its messages; incomplete while safety answers are owed."""
    watch = [WATCH_OUT_PREFIX, *evidence.watch_outs] if evidence.watch_outs else []
    if not evidence.red_flags:
        if pending:
            return Triage(level=INCOMPLETE, message=INCOMPLETE_MESSAGE)
        return Triage(level=SELF_CARE, message=" ".join([SELF_CARE_MESSAGE, *watch]))
    level = max((flag.level for flag in evidence.red_flags), key=TRIAGE_ORDER.__getitem__)
    withhold = any(flag.withhold_products for flag in evidence.red_flags)
    messages = []
    for flag in sorted(evidence.red_flags, key=lambda flag: flag.not_sure):
        if flag.level == level and flag.message not in messages:
            messages.append(flag.message)
    if level == URGENT:
        suffix = URGENT_SUFFIX
    elif withhold:
        suffix = SEE_DOCTOR_WITHHELD_SUFFIX
    elif pending:
        suffix = INCOMPLETE_MESSAGE
    else:
        suffix = SEE_DOCTOR_SUFFIX
    if level == URGENT:
        watch = []
    return Triage(
        level=level, message=" ".join([*messages, suffix, *watch]), withhold_products=withhold or level == URGENT
    )


__all__ = ["SEE_DOCTOR", "SELF_CARE", "URGENT", "safety_pending", "triage"]
