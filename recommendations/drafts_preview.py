"""What the waiting drafts would change for shoppers: the engine on the draft against what is live.

The draft is applied inside a transaction that is rolled back, and an index is
compiled from it there; the same answer sets (recent real symptom checks, and
each condition's typical answers) then run on both indexes.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from django.db import transaction

from analytics.selectors import assessments_recent
from guides.drafts import drafts_apply
from guides.history import knowledge_rows
from guides.safety import safety_changes
from guides.vocabulary import TRIAGE_ORDER
from recommendations.engine.answers import InvalidAnswers
from recommendations.engine.recommend import recommend
from recommendations.engine.types import KnowledgeIndex, Recommendation
from recommendations.engine.typical import typical_answers
from recommendations.index.build import index_build

PRODUCTS_SHOWN = 6
MOVE_POINTS = 5  # a condition "moves" when its chance changes by at least this many points out of 100
TRIAGE_WORDS = {
    "incomplete": "safety questions still to answer",
    "self_care": "self-care",
    "see_doctor": "see a doctor",
    "urgent": "urgent care",
}


@dataclass(frozen=True)
class AnswerSet:
    """Answers to try, with a name staff recognise."""

    name: str
    answers: Mapping[str, object]


@dataclass
class AnswerSetChange:
    """How one answer set's result differs between what is live and the draft."""

    name: str
    answers: list[str]
    conditions: list[str] = field(default_factory=list)
    entered: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    triage: str = ""
    broken: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.conditions or self.entered or self.left or self.triage or self.broken)


@dataclass
class DraftPreview:
    """Every answer set tried, and those whose result changes."""

    checked: int
    changes: list[AnswerSetChange]
    safety_changes: list[str] = field(default_factory=list)

    @property
    def triage_changes(self) -> list[AnswerSetChange]:
        return [change for change in self.changes if change.triage]

    @property
    def needs_safety_review(self) -> bool:
        """Whether the drafts change safety advice (rows or results): a clinical reviewer's publish, confirmed."""
        return bool(self.safety_changes or self.triage_changes)

    def summary(self) -> dict:
        """Return what to keep with the published version."""
        return {
            "checked": self.checked,
            "changed": len(self.changes),
            "triage_changes": len(self.triage_changes),
            "safety_changes": self.safety_changes,
            "examples": [asdict(change) for change in self.changes[:20]],
        }


def answer_sets_representative(index: KnowledgeIndex, *, recent: int = 50) -> list[AnswerSet]:
    """Return recent real symptom checks (distinct answers) and each condition's typical answers."""
    sets, seen = [], set()
    for created_at, answers, top in assessments_recent(limit=recent):
        key = repr(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in answers.items()))
        if key in seen:
            continue
        seen.add(key)
        about = f", which suggested {index.conditions_by_slug[top].name}" if top in index.conditions_by_slug else ""
        sets.append(AnswerSet(name=f"A shopper's check on {created_at:%d %b, %H:%M}{about}", answers=answers))
    for condition in index.conditions:
        answers = typical_answers(index, condition)
        if answers:
            sets.append(AnswerSet(name=f"Typical answers for {condition.name}", answers=answers))
    return sets


def draft_index_build() -> tuple[KnowledgeIndex, list[str]]:
    """Compile an index with every waiting draft applied, without keeping them; say what they change of safety."""
    with transaction.atomic():
        before = knowledge_rows()
        drafts_apply()
        safety = safety_changes(before, knowledge_rows())
        index, _figures = index_build()
        transaction.set_rollback(True)
    return index, safety


def answers_words(index: KnowledgeIndex, answers: Mapping[str, object]) -> list[str]:
    """Say answers as “Question — answer”, skipping any the questionnaire no longer has."""
    lines = []
    for slug, value in answers.items():
        question = index.questions_by_slug.get(slug)
        if question is None:
            continue
        chosen = value if isinstance(value, list) else [value]
        labels = [option.label for option in map(question.option, chosen) if option is not None]
        lines.append(f"{question.text} — {', '.join(labels)}")
    return lines


def _run(index: KnowledgeIndex, answers: Mapping[str, object]) -> Recommendation | None:
    try:
        return recommend(index, answers, limit=PRODUCTS_SHOWN)
    except InvalidAnswers:
        return None


def result_compare(name: str, answers: Mapping[str, object], live: KnowledgeIndex, draft: KnowledgeIndex):
    """Compare one answer set's result on the live and the draft index."""
    before, after = _run(live, answers), _run(draft, answers)
    change = AnswerSetChange(name=name, answers=answers_words(live, answers))
    if before is None:
        return change  # did not fit what is live either: nothing to compare
    if after is None:
        change.broken = "These answers no longer fit the questionnaire."
        return change
    chance_before = {c.slug: (c.name, c.probability) for c in before.conditions}
    chance_after = {c.slug: (c.name, c.probability) for c in after.conditions}
    for slug in sorted(
        set(chance_before) | set(chance_after),
        key=lambda s: -max(chance_before.get(s, ("", 0))[1], chance_after.get(s, ("", 0))[1]),
    ):
        name_of = (chance_after.get(slug) or chance_before[slug])[0]
        old = round(chance_before.get(slug, ("", 0.0))[1] * 100)
        new = round(chance_after.get(slug, ("", 0.0))[1] * 100)
        if abs(new - old) >= MOVE_POINTS:
            change.conditions.append(f"{name_of}: {old}% → {new}%")
    shown_before = {p.product.slug: p.product.name for p in before.products}
    shown_after = {p.product.slug: p.product.name for p in after.products}
    change.entered = [shown_after[s] for s in shown_after if s not in shown_before]
    change.left = [shown_before[s] for s in shown_before if s not in shown_after]
    if before.triage.level != after.triage.level:
        worse = TRIAGE_ORDER.get(after.triage.level, 0) > TRIAGE_ORDER.get(before.triage.level, 0)
        change.triage = (
            f"{TRIAGE_WORDS.get(before.triage.level, before.triage.level)} → "
            f"{TRIAGE_WORDS.get(after.triage.level, after.triage.level)}"
            f"{' (more cautious)' if worse else ' (less cautious)'}"
        )
    return change


def draft_preview(*, recent: int = 50) -> DraftPreview:
    """Run the engine on what is live and on the drafts for representative answers; return what changes."""
    live, _figures = index_build()
    draft, safety = draft_index_build()
    sets = answer_sets_representative(live, recent=recent)
    known = {s.name for s in sets}
    sets += [s for s in answer_sets_representative(draft, recent=0) if s.name not in known]
    changes = [result_compare(s.name, s.answers, live, draft) for s in sets]
    return DraftPreview(
        checked=len(sets), changes=[change for change in changes if change.changed], safety_changes=safety
    )
