"""The symptom check as screens: where it hurts, then the safety checklist, then symptom questions in groups.

Each screen is the group of questions the engine asks together (`Recommendation.next_questions`).
Which screens a shopper has been through is not stored anywhere: it is worked out again from the
answers, by asking the engine screen after screen with only the answers given so far. So the
address alone says where the shopper is, Back goes to the screen before, and a changed answer
that calls for other questions leads to them.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from guides.vocabulary import STAGE_SAFETY, STAGE_SYMPTOMS, STAGE_WHERE
from recommendations.engine.recommend import recommend
from recommendations.engine.types import KnowledgeIndex, QuestionInfo

# What a shopper who has not reached a stage yet can expect: one screen for where it hurts, one
# safety checklist, and symptom questions on up to two screens.
SCREENS_AHEAD = {STAGE_WHERE: 4, STAGE_SAFETY: 3, STAGE_SYMPTOMS: 2}


@dataclass(frozen=True)
class CheckScreens:
    """The screens a shopper's answers have been through, and the one to show now."""

    done: tuple[tuple[QuestionInfo, ...], ...]  # each screen answered so far, in order
    current: tuple[QuestionInfo, ...]  # the screen to show now; empty when the result is due
    ended: bool  # an urgent answer ended the check

    @property
    def step(self) -> int:
        """The current screen's number, counting from 1."""
        return len(self.done) + 1

    @property
    def steps(self) -> int:
        """An honest estimate of the screens in all: those done, this one and what usually follows."""
        if not self.current:
            return len(self.done)
        stage = self.current[0].stage
        symptom_screens = sum(1 for screen in self.done if screen[0].stage >= STAGE_SYMPTOMS)
        ahead = SCREENS_AHEAD.get(stage, 1) if stage < STAGE_SYMPTOMS else (2 if symptom_screens == 0 else 1)
        return len(self.done) + ahead


def check_screens(index: KnowledgeIndex, answers: Mapping[str, object]) -> CheckScreens:
    """Replay the check with the shopper's answers, screen by screen, until one is not fully answered."""
    done: list[tuple[QuestionInfo, ...]] = []
    given: dict[str, object] = {}
    while True:
        recommendation = recommend(index, given, limit=1)
        group = () if recommendation.triage.ends_check else recommendation.next_questions
        if not group or not all(question.slug in answers for question in group):
            return CheckScreens(done=tuple(done), current=group, ended=recommendation.triage.ends_check)
        done.append(group)
        given.update({question.slug: answers[question.slug] for question in group})
