"""Which knowledge changes touch safety advice, and who may make knowledge changes live.

Publishing needs `guides.add_publication`; a change that touches safety advice
(a safety question or its options, a red flag or its message, what a "Not sure"
leaves open, a guide's "when to see a doctor") also needs
`guides.publish_safety_advice` and the ticked confirmation, and never goes live
by a plain save. Each kind of row has one rule in SAFETY_RULES: a new kind of
safety row, such as red-flag rules kept as data, is one more entry there.
"""

from collections.abc import Callable, Iterable

from guides import vocabulary
from guides.drafts import SKIPPED_FIELDS, rows_diff
from guides.models import Question, QuestionStage

PUBLISH_PERMISSION = "guides.add_publication"
SAFETY_PERMISSION = "guides.publish_safety_advice"

Row = dict | None
# A rule sees a row before and after (None when added or removed) and the ids of the safety questions.
SafetyRule = Callable[[Row, Row, set[int]], bool]

RED_FLAG_FIELDS = ("red_flag", "red_flag_message", "withhold_products")


def user_may_publish(user) -> bool:
    """Whether the user may make knowledge changes live (publish drafts, save directly)."""
    return bool(user and user.is_active and user.is_staff and user.has_perm(PUBLISH_PERMISSION))


def user_may_publish_safety(user) -> bool:
    """Whether the user may publish changes of safety advice (a clinical reviewer)."""
    return user_may_publish(user) and user.has_perm(SAFETY_PERMISSION)


def _fields(row: Row) -> dict:
    return row["fields"] if row else {}


def _changed(old: Row, new: Row, names: Iterable[str]) -> bool:
    """Whether any of the fields differ, counting an added or removed row's non-empty values as changes."""
    return any((_fields(old).get(name) or None) != (_fields(new).get(name) or None) for name in names)


def _content(row: dict) -> dict:
    return {name: value for name, value in row["fields"].items() if name not in SKIPPED_FIELDS}


def _same(old: dict, new: dict) -> bool:
    """Whether two versions of a row say the same, whatever their timestamps."""
    return _content(old) == _content(new)


def _is_safety_question(row: Row) -> bool:
    return _fields(row).get("stage") == vocabulary.STAGE_SAFETY


def question_touches_safety(old: Row, new: Row, safety_questions: set[int]) -> bool:
    """A safety question in any way (or one moved into or out of the safety step), or its “Not sure” concern."""
    return _is_safety_question(old) or _is_safety_question(new) or _changed(old, new, ["concern"])


def option_touches_safety(old: Row, new: Row, safety_questions: set[int]) -> bool:
    """A red flag, its level, message or withheld products, or any answer to a safety question."""
    if _changed(old, new, RED_FLAG_FIELDS):
        return True
    return any(_fields(row).get("question") in safety_questions for row in (old, new) if row)


def article_touches_safety(old: Row, new: Row, safety_questions: set[int]) -> bool:
    """A guide's “when to see a doctor” section."""
    return _changed(old, new, ["when_to_see_doctor"])


def red_flag_rule_touches_safety(old: Row, new: Row, safety_questions: set[int]) -> bool:
    """A red-flag rule, in any way: it is safety advice through and through."""
    return True


SAFETY_RULES: dict[str, SafetyRule] = {
    "guides.question": question_touches_safety,
    "guides.redflagrule": red_flag_rule_touches_safety,
    "guides.answeroption": option_touches_safety,
    "guides.article": article_touches_safety,
}


def _safety_question_ids(rows: list[dict]) -> set[int]:
    in_rows = {row["pk"]: row for row in rows if row["model"] == "guides.question"}
    safety = {pk for pk, row in in_rows.items() if _is_safety_question(row)}
    asked = {row["fields"].get("question") for row in rows if row["model"] == "guides.answeroption"} - set(in_rows)
    if asked:
        safety |= set(Question.objects.filter(pk__in=asked, stage=QuestionStage.SAFETY).values_list("pk", flat=True))
    return safety


def safety_changes(before: list[dict], after: list[dict]) -> list[str]:
    """Say, one sentence a line, the changes from `before` to `after` that touch safety advice."""
    old = {(row["model"], row["pk"]): row for row in before}
    new = {(row["model"], row["pk"]): row for row in after}
    safety_questions = _safety_question_ids([*before, *after])
    touched_before, touched_after = [], []
    for key in sorted(old.keys() | new.keys()):
        rule = SAFETY_RULES.get(key[0])
        was, now = old.get(key), new.get(key)
        if rule is None or (was and now and _same(was, now)):
            continue
        if rule(was, now, safety_questions):
            touched_before.extend([was] if was else [])
            touched_after.extend([now] if now else [])
    if not (touched_before or touched_after):
        return []
    return rows_diff(touched_before, touched_after)
