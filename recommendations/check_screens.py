"""The symptom check as screens: where it hurts, then the safety checklist, then symptom questions in groups.

Each screen is the group of questions the engine asks together (`Recommendation.next_questions`).
Which screens a shopper has been through is not stored anywhere: it is worked out again from the
answers, by asking the engine screen after screen with only the answers given so far. So the
address alone says where the shopper is, Back goes to the screen before, and a changed answer
that calls for other questions leads to them.

How many screens are still to come is foreseen the way the engine foresees a last screen: this
screen and each one after it answered as the likeliest condition would answer (a safety line
answered the calm way), until the engine has nothing more to ask.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from guides.vocabulary import STAGE_SYMPTOMS, STAGE_WHERE
from recommendations.engine.policy import DEFAULT_POLICY
from recommendations.engine.questions import likeliest_option
from recommendations.engine.recommend import recommend
from recommendations.engine.red_flags import calm_option
from recommendations.engine.types import NOT_SURE, KnowledgeIndex, QuestionInfo, Recommendation

# Screens foreseen after the current one, at most: a guard, far above what the check ever asks.
SCREENS_FORESEEN_MOST = 8


@dataclass(frozen=True)
class CheckScreens:
    """The screens a shopper's answers have been through, and the one to show now."""

    done: tuple[tuple[QuestionInfo, ...], ...]  # each screen answered so far, in order
    current: tuple[QuestionInfo, ...]  # the screen to show now; empty when the result is due
    ended: bool  # an urgent answer ended the check
    foreseen: tuple[int, ...] = ()  # for each screen, done and current: the screens in all foreseen there

    @property
    def step(self) -> int:
        """The current screen's number, counting from 1."""
        return len(self.done) + 1

    def total_shown(self, step: int) -> int | None:
        """The "of up to M" for a screen: the screens in all foreseen on the first one, or None once exceeded.

        The number never grows: the first screen foresees the most any place would take, and a later
        screen keeps it while its own foresight stays within it. Once that foresight needs more, the
        page says a few more questions follow instead of naming a number.
        """
        shown = None
        for number, total in enumerate(self.foreseen[:step], start=1):
            if shown is None:
                shown = max(total, number)
            elif total > shown:
                return None
        return shown


def check_screens(index: KnowledgeIndex, answers: Mapping[str, object]) -> CheckScreens:
    """Replay the check with the shopper's answers, screen by screen, until one is not fully answered."""
    done: list[tuple[QuestionInfo, ...]] = []
    foreseen: list[int] = []
    given: dict[str, object] = {}
    while True:
        recommendation = recommend(index, given, limit=1)
        group = () if recommendation.triage.ends_check else recommendation.next_questions
        complete = bool(group) and all(question.slug in answers for question in group)
        if group:
            # As it was foreseen when this screen was shown: with what was chosen on it, if it is the current one.
            seen = given if complete else {**given, **answers}
            foreseen.append(len(done) + 1 + screens_foreseen(index, seen, recommendation))
        if not complete:
            return CheckScreens(
                done=tuple(done), current=group, ended=recommendation.triage.ends_check, foreseen=tuple(foreseen)
            )
        done.append(group)
        given.update({question.slug: answers[question.slug] for question in group})


def screens_foreseen(index: KnowledgeIndex, answers: Mapping[str, object], recommendation: Recommendation) -> int:
    """Return how many screens would follow the current one, were each answered as the likeliest condition would.

    `recommendation` is the engine's answer that set the current screen; answers already chosen on it
    are kept. On the where-it-hurts screen (even with a place preselected from a guide), the most any
    place would take: the same figure whatever is chosen on it, so it is the same when Back shows it.
    """
    group = recommendation.next_questions
    where = next((question for question in group if question.stage == STAGE_WHERE), None)
    if where is not None:
        return _screens_foreseen_anywhere(index, where)
    return _screens_after(index, answers, recommendation)


def _screens_after(index: KnowledgeIndex, answers: Mapping[str, object], recommendation: Recommendation) -> int:
    """Return the screens that would follow the current one, each answered the foreseen way."""
    group = recommendation.next_questions
    assumed = dict(answers)
    ahead = 0
    while group and ahead < SCREENS_FORESEEN_MOST:
        for question in group:
            assumed.setdefault(question.slug, _likely_answer(index, question, recommendation))
        recommendation = recommend(index, assumed, limit=1)
        group = () if recommendation.triage.ends_check else recommendation.next_questions
        ahead += bool(group)
    return ahead


_ANYWHERE: dict[str, int] = {}  # index version -> screens after the first, the most any place would take


def _screens_foreseen_anywhere(index: KnowledgeIndex, where: QuestionInfo) -> int:
    """Return the most screens that would follow the first, over every place a shopper may choose."""
    known = _ANYWHERE.get(index.version)
    if known is None:
        first = recommend(index, {}, limit=1)
        known = max((_screens_after(index, {where.slug: option.slug}, first) for option in where.options), default=0)
        _ANYWHERE.clear()  # one index at a time (another thread may clear it too: this one returns its own figure)
        _ANYWHERE[index.version] = known
    return known


def _likely_answer(index: KnowledgeIndex, question: QuestionInfo, recommendation: Recommendation) -> str:
    """The answer foreseen for a question: the calm one on a safety line, else the likeliest condition's."""
    option = None
    if question.stage < STAGE_SYMPTOMS:
        option = calm_option(question, index.red_flag_rules)
    elif recommendation.conditions:
        top = index.conditions_by_slug.get(recommendation.conditions[0].slug)
        option = likeliest_option(question, top, DEFAULT_POLICY) if top is not None else None
    if option is not None:
        return option.slug
    return NOT_SURE if question.offers_not_sure else question.options[0].slug
