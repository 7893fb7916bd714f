"""The questions asked together on one screen (`Recommendation.next_questions`); no database."""

from recommendations.engine.answers import answers_parse, evidence_from
from recommendations.engine.inference import conditions_infer
from recommendations.engine.policy import DEFAULT_POLICY
from recommendations.engine.questions import QUESTIONS_PER_SCREEN, information_gain
from recommendations.engine.recommend import recommend
from tests.recommendations.engine.knowledge import NO_RED_FLAGS, build_index

INDEX = build_index()
SAFE_KNEE = {"where-does-it-hurt": "knee", **NO_RED_FLAGS}


def slugs(questions) -> list[str]:
    return [question.slug for question in questions]


def test_where_it_hurts_comes_alone_then_every_safety_question_together():
    assert slugs(recommend(INDEX, {}).next_questions) == ["where-does-it-hurt"]
    safety = recommend(INDEX, {"where-does-it-hurt": "knee"})
    assert slugs(safety.next_questions) == ["fall-with-deformity", "pain-at-night"]
    assert safety.next_questions[0] == safety.next_question


def test_an_answered_safety_line_leaves_the_others_on_the_screen():
    result = recommend(INDEX, {"where-does-it-hurt": "knee", "fall-with-deformity": "no"})

    assert slugs(result.next_questions) == ["pain-at-night"]


def test_symptom_questions_come_most_informative_first_a_few_at_a_time():
    result = recommend(INDEX, SAFE_KNEE)

    parsed = answers_parse(INDEX.questions_by_slug, SAFE_KNEE, max_answers=20)
    _, posterior = conditions_infer(INDEX.conditions, evidence_from(INDEX.questions_by_slug, parsed))
    open_knee = [q for q in INDEX.questions if q.stage == 30 and "knee" in q.body_areas]
    gains = {q.slug: information_gain(q, posterior, INDEX.conditions_by_slug) for q in open_knee}
    informative = sorted(
        (slug for slug, gain in gains.items() if gain > DEFAULT_POLICY.min_information_gain),
        key=gains.get,
        reverse=True,
    )

    assert result.next_questions[0] == result.next_question
    assert 2 <= len(result.next_questions) <= QUESTIONS_PER_SCREEN
    assert slugs(result.next_questions) == informative[:QUESTIONS_PER_SCREEN]
    assert "heel-morning" not in slugs(result.next_questions)  # another body area's question


def test_answers_to_a_screen_leave_only_new_questions_and_none_once_the_answer_is_clear():
    first = recommend(INDEX, SAFE_KNEE)
    answered = {**SAFE_KNEE, "knee-front": "yes", "knee-worse-when": ["stairs", "kneeling"], "knee-sitting": "yes"}

    after = recommend(INDEX, answered)

    assert not set(slugs(after.next_questions)) & set(answered)
    assert slugs(first.next_questions) != slugs(after.next_questions)
    assert after.next_question is None
    assert after.next_questions == ()


def test_an_urgent_answer_leaves_nothing_to_ask():
    result = recommend(INDEX, {"where-does-it-hurt": "knee", "fall-with-deformity": "yes"})

    assert result.triage.level == "urgent"
    assert result.next_questions == ()
