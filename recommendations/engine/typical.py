"""The answers a shopper with a condition would typically give: test answers for previews and coverage."""

from recommendations.engine.red_flags import calm_option
from recommendations.engine.types import (
    STAGE_SYMPTOMS,
    STAGE_WHERE,
    ConditionInfo,
    KnowledgeIndex,
    OptionInfo,
    QuestionInfo,
)

TYPICAL = 0.5  # an option is typical when the symptoms it reports are, on balance, at least this likely


def _option_fit(condition: ConditionInfo, option: OptionInfo) -> float:
    likely = condition.likelihoods
    return sum(likely.get(s, 0.0) for s in option.present) - sum(likely.get(s, 0.0) for s in option.absent)


def _symptom_answer(question: QuestionInfo, condition: ConditionInfo) -> object | None:
    fits = sorted(((_option_fit(condition, o), o.slug) for o in question.options), key=lambda f: (-f[0], f[1]))
    if question.allows_multiple:
        chosen = [slug for fit, slug in fits if fit >= TYPICAL]
        return chosen or None
    return fits[0][1] if fits and fits[0][0] >= TYPICAL else None


def _likeliest(question: QuestionInfo, likelihoods: dict[str, float]) -> object:
    """Answer a question about the person (age) with the option most people with these likelihoods would give."""

    def chance(option: OptionInfo) -> float:
        value = 1.0
        for symptom in option.present:
            value *= likelihoods.get(symptom, 0.0)
        for symptom in option.absent:
            value *= 1 - likelihoods.get(symptom, 0.0)
        return value

    best = max(question.options, key=chance)  # the first of equals: options are listed in order
    return [best.slug] if question.allows_multiple else best.slug


def _about_the_person(question: QuestionInfo) -> bool:
    """Whether an early question asks about the shopper (age): its answers are facts, not places or warning signs."""
    return (
        question.stage < STAGE_SYMPTOMS
        and not any(option.body_area for option in question.options)
        and any(option.present for option in question.options)
    )


def typical_answers(index: KnowledgeIndex, condition: ConditionInfo, *, area: str | None = None) -> dict[str, object]:
    """Answer each question as a shopper with the condition would: where it is felt, no red flags, its symptoms."""
    answers: dict[str, object] = {}
    reported: frozenset[str] = frozenset()
    wanted = {area} if area else condition.body_areas
    for question in index.questions:
        if _about_the_person(question):
            answers[question.slug] = _likeliest(question, condition.likelihoods)
            continue
        if question.stage == STAGE_WHERE:
            options = [o for o in question.options if o.body_area in wanted]
            if options:
                first = min(options, key=lambda o: o.slug)
                answers[question.slug] = [first.slug] if question.allows_multiple else first.slug
                reported = frozenset({first.body_area})
            continue
        if not question.applies_to(reported):
            continue
        if question.is_safety:
            calm = calm_option(question, index.red_flag_rules, answers=answers, body_areas=reported)
            if calm is not None:
                answers[question.slug] = [calm.slug] if question.allows_multiple else calm.slug
            continue
        answer = _symptom_answer(question, condition)
        if answer is not None:
            answers[question.slug] = answer
    return answers


def calm_answers(index: KnowledgeIndex, *, area_option: tuple[str, str]) -> dict[str, object]:
    """Answer where it hurts with one option and every safety question that applies with its calm answer."""
    question_slug, option_slug = area_option
    where = index.questions_by_slug[question_slug]
    option = where.option(option_slug)
    answers: dict[str, object] = {question_slug: [option_slug] if where.allows_multiple else option_slug}
    reported = frozenset({option.body_area}) if option and option.body_area else frozenset()
    for question in index.questions:
        if _about_the_person(question):
            answers[question.slug] = _likeliest(question, index.base_rates)
        elif question.is_safety and question.applies_to(reported):
            calm = calm_option(question, index.red_flag_rules, answers=answers, body_areas=reported)
            if calm is not None:
                answers[question.slug] = [calm.slug] if question.allows_multiple else calm.slug
    return answers
