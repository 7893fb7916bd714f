"""Check a shopper's raw answers against the questionnaire and turn them into evidence."""

from collections.abc import Mapping

from recommendations.engine.red_flags import question_is_serious, rules_fired, watch_outs
from recommendations.engine.types import (
    NOT_SURE,
    SEE_DOCTOR,
    URGENT,
    Evidence,
    OptionInfo,
    QuestionInfo,
    RedFlag,
    RedFlagRuleInfo,
    Source,
)

NOT_SURE_MESSAGE = (
    "You weren't sure about “{question}” We can't rule out {concern} from here, so please have it "
    "checked by a doctor soon; if it gets worse, don't wait."
)


class InvalidAnswers(ValueError):
    """Answers that do not fit the questionnaire; `errors` maps each question to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{key}: {' '.join(messages)}" for key, messages in errors.items()))
        self.errors = errors


def answers_parse(
    questions: Mapping[str, QuestionInfo], raw: Mapping[str, object], *, max_answers: int
) -> dict[str, tuple[OptionInfo, ...]]:
    """Resolve {question slug: option slug or [option slugs]} to options, or raise InvalidAnswers."""
    if len(raw) > max_answers:
        raise InvalidAnswers({"answers": [f"Send at most {max_answers} answers; got {len(raw)}."]})
    errors: dict[str, list[str]] = {}
    resolved: dict[str, tuple[OptionInfo, ...]] = {}
    for question_slug, value in raw.items():
        question = questions.get(question_slug) if isinstance(question_slug, str) else None
        if question is None:
            errors[str(question_slug)] = [f"Unknown question “{question_slug}”."]
            continue
        if isinstance(value, str):
            chosen = [value]
        elif isinstance(value, list) and value and all(isinstance(item, str) for item in value):
            chosen = value
        else:
            errors[question_slug] = ["Give an option slug, or a non-empty list of option slugs."]
            continue
        if len(chosen) > 1 and not question.allows_multiple:
            errors[question_slug] = [f"“{question_slug}” takes one answer; got {len(chosen)}."]
            continue
        if len(set(chosen)) != len(chosen):
            errors[question_slug] = ["The same option is given twice."]
            continue
        options = []
        for slug in chosen:
            option = question.option(slug)
            if option is None:
                errors.setdefault(question_slug, []).append(f"Unknown option “{slug}” for “{question_slug}”.")
            else:
                options.append(option)
        if question_slug not in errors:
            resolved[question_slug] = tuple(options)
    if errors:
        raise InvalidAnswers(errors)
    return resolved


def evidence_from(
    questions: Mapping[str, QuestionInfo],
    answers: Mapping[str, tuple[OptionInfo, ...]],
    *,
    base_rates: Mapping[str, float] | None = None,
    rules: tuple[RedFlagRuleInfo, ...] = (),
) -> Evidence:
    """Collect symptoms present and absent, body areas and red flags from resolved answers.

    `base_rates` gives facts about the person (age) their share among all shoppers, so that they
    weigh neither for nor against "something else". `rules` are the red-flag rules: each one the
    answers meet raises its flag, and "Not sure" on a safety question is never a "no".
    """
    present: dict[str, Source] = {}
    absent: dict[str, Source] = {}
    areas: set[str] = set()
    red_flags = []
    for question_slug in sorted(answers, key=lambda slug: (questions[slug].stage, questions[slug].position, slug)):
        question = questions[question_slug]
        for option in answers[question_slug]:
            source = Source(question=question.slug, question_text=question.text, answer=option.label)
            for symptom in sorted(option.present):
                present.setdefault(symptom, source)
            for symptom in sorted(option.absent):
                absent.setdefault(symptom, source)
            if option.body_area:
                areas.add(option.body_area)
            if option.red_flag:
                withhold = option.red_flag == URGENT or option.withhold_products
                red_flags.append(RedFlag(option.red_flag, option.red_flag_message, source, withhold_products=withhold))
            elif option.slug == NOT_SURE and question.is_safety:
                serious = question_is_serious(question, rules) or _serious_options(question)
                red_flags.append(_not_sure_flag(question, source, serious=serious))
    for rule in rules_fired(rules, answers, frozenset(areas)):
        withhold = rule.level == URGENT or rule.withhold_products
        red_flags.append(
            RedFlag(rule.level, rule.message, _rule_source(rule, questions, answers), withhold, rule=rule.slug)
        )
    # A symptom both reported and ruled out (across questions) counts as present.
    for symptom in present:
        absent.pop(symptom, None)
    base_rates = base_rates or {}
    return Evidence(
        answers=dict(answers),
        present=present,
        absent=absent,
        body_areas=frozenset(areas),
        red_flags=tuple(red_flags),
        base_rates={slug: base_rates[slug] for slug in (*present, *absent) if slug in base_rates},
        watch_outs=watch_outs(rules, answers, frozenset(areas)),
    )


def _serious_options(question: QuestionInfo) -> bool:
    """Whether an option of the question itself raises an urgent or product-withholding flag."""
    return any(option.red_flag == URGENT or option.withhold_products for option in question.options)


def _rule_source(
    rule: RedFlagRuleInfo, questions: Mapping[str, QuestionInfo], answers: Mapping[str, tuple[OptionInfo, ...]]
) -> Source:
    """The last answer (in asking order) that the rule read, or "where it hurts" for a rule of place alone."""
    read = [slug for slug in answers if slug in rule.questions] or [
        slug for slug in answers if any(option.body_area for option in answers[slug])
    ]
    if not read:
        return Source(question="", question_text="", answer="")
    slug = max(read, key=lambda slug: (questions[slug].stage, questions[slug].position, slug))
    return Source(
        question=slug,
        question_text=questions[slug].text,
        answer=", ".join(option.label for option in answers[slug]),
    )


def _not_sure_flag(question: QuestionInfo, source: Source, *, serious: bool) -> RedFlag:
    """A "not sure" on a safety question is never a "no": see a doctor, about what could not be ruled out."""
    concern = question.concern or "something that needs a professional's eye"
    return RedFlag(
        SEE_DOCTOR,
        NOT_SURE_MESSAGE.format(question=question.text, concern=concern),
        source,
        withhold_products=serious,
        not_sure=True,
    )
