"""Judge red-flag rules against a shopper's answers: fired, ruled out, or still open."""

from collections.abc import Iterable, Mapping

from recommendations.engine.types import (
    NOT_SURE,
    SEE_DOCTOR,
    URGENT,
    OptionInfo,
    QuestionInfo,
    RedFlagRuleInfo,
    RuleClause,
)

MET, NOT_MET, OPEN = "met", "not met", "open"
LEVELS = (SEE_DOCTOR, URGENT)

Answers = Mapping[str, object]  # question slug -> resolved options, or raw option slug(s)


def clause_state(clause: RuleClause, answers: Answers) -> str:
    """Whether the answers meet a clause: unanswered or "Not sure" leaves it open, never "no"."""
    if clause.any_of:
        states = [clause_state(part, answers) for part in clause.any_of]
        return MET if MET in states else OPEN if OPEN in states else NOT_MET
    chosen = answers.get(clause.question)
    if chosen is None:
        return OPEN
    # Resolved options, or raw option slugs (one, or a list for multiple choice).
    slugs = {getattr(option, "slug", option) for option in (chosen if isinstance(chosen, list | tuple) else [chosen])}
    if NOT_SURE in slugs:
        return OPEN
    return MET if slugs & clause.options else NOT_MET


def rule_applies(rule: RedFlagRuleInfo, body_areas: frozenset[str]) -> bool:
    """Whether the rule counts for where it hurts (anywhere when it names no region)."""
    return not rule.regions or bool(rule.regions & body_areas)


def rule_state(rule: RedFlagRuleInfo, answers: Answers, body_areas: frozenset[str]) -> str:
    """MET when every clause is met where the rule counts; NOT_MET once one is not; else OPEN."""
    if not rule_applies(rule, body_areas):
        return NOT_MET
    states = [clause_state(clause, answers) for clause in rule.when]
    if NOT_MET in states:
        return NOT_MET
    return OPEN if OPEN in states else MET


def rules_fired(rules: Iterable[RedFlagRuleInfo], answers: Answers, body_areas: frozenset[str]) -> list:
    """Return the rules the answers meet, in rule order."""
    return [rule for rule in rules if rule_state(rule, answers, body_areas) == MET]


def watch_outs(rules: Iterable[RedFlagRuleInfo], answers: Answers, body_areas: frozenset[str]) -> tuple[str, ...]:
    """What to watch for: rules whose first answer (an injury, say) is given but whose signs are ruled out."""
    said: list[str] = []
    for rule in rules:
        if (
            rule.watch_out
            and rule.when
            and rule_state(rule, answers, body_areas) == NOT_MET
            and rule_applies(rule, body_areas)
            and clause_state(rule.when[0], answers) == MET
            and rule.watch_out not in said
        ):
            said.append(rule.watch_out)
    return tuple(said)


def question_needed(
    question: QuestionInfo, rules: Iterable[RedFlagRuleInfo], answers: Answers, body_areas: frozenset[str]
) -> bool:
    """Whether a safety question can still matter: no rule reads it, or a rule that reads it is still open.

    A question whose answers are also evidence (how old you are) is always asked.
    """
    if any(option.present or option.absent for option in question.options):
        return True
    reading = [rule for rule in rules if question.slug in rule.questions]
    return not reading or any(rule_state(rule, answers, body_areas) == OPEN for rule in reading)


def question_is_serious(question: QuestionInfo, rules: Iterable[RedFlagRuleInfo]) -> bool:
    """Whether a rule reading the question is urgent or withholds products ("Not sure" then shows none)."""
    return any(question.slug in rule.questions and (rule.level == URGENT or rule.withhold_products) for rule in rules)


def option_raises(question: QuestionInfo, option: OptionInfo, rules: Iterable[RedFlagRuleInfo]) -> bool:
    """Whether choosing the option helps meet any rule (an option's own red flag counts too)."""
    if option.red_flag:
        return True
    return any(_clause_wants(clause, question.slug, option.slug) for rule in rules for clause in rule.when)


def calm_option(
    question: QuestionInfo,
    rules: Iterable[RedFlagRuleInfo],
    *,
    answers: Mapping[str, object] | None = None,
    body_areas: frozenset[str] | None = None,
) -> OptionInfo | None:
    """Return the first option that raises no red flag (a safety question's "No").

    Given the other answers and where it hurts, only rules that can still be met count: "no injury" is calm
    for an adult even though it is a warning sign in a child. When every option could raise one, return the
    option whose rules are least urgent.
    """
    rules = tuple(rules)
    if answers is not None:
        others = {slug: value for slug, value in answers.items() if slug != question.slug}
        rules = tuple(
            rule
            for rule in rules
            if (body_areas is None or rule_applies(rule, body_areas))
            and NOT_MET not in [clause_state(clause, others) for clause in rule.when]
        )
    calm = next((option for option in question.options if not option_raises(question, option, rules)), None)
    if calm is not None or not question.options:
        return calm

    def worst(option: OptionInfo) -> int:
        levels = [
            rule.level for rule in rules for clause in rule.when if _clause_wants(clause, question.slug, option.slug)
        ]
        return max((LEVELS.index(level) for level in levels), default=0)

    return min(question.options, key=worst)


def _clause_wants(clause: RuleClause, question: str, option: str) -> bool:
    if clause.any_of:
        return any(_clause_wants(part, question, option) for part in clause.any_of)
    return clause.question == question and option in clause.options
