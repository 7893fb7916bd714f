"""Safety comes before selling: every red flag, "not sure", and the safety step on every path to a result."""

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guides.vocabulary import NOT_SURE, SEE_DOCTOR, SELF_CARE, STAGE_SYMPTOMS, URGENT
from recommendations.engine.recommend import recommend
from recommendations.index.current import index_current

pytestmark = pytest.mark.django_db

QUESTIONNAIRE = Path(__file__).resolve().parents[2] / "guides" / "content" / "questionnaire.yaml"
CARE = {SEE_DOCTOR, URGENT}


def red_flag_table() -> list[tuple[str, str, str]]:
    """Every (question, option, level) that raises a red flag in the demo questionnaire, read from its file."""
    questions = yaml.safe_load(QUESTIONNAIRE.read_text())["questions"]
    return [
        (question["slug"], str(option["slug"]), option["red_flag"])
        for question in questions
        for option in question["options"]
        if option.get("red_flag")
    ]


RED_FLAGS = red_flag_table()
SAFETY_QUESTIONS = sorted(
    q["slug"] for q in yaml.safe_load(QUESTIONNAIRE.read_text())["questions"] if q["stage"] == "safety"
)
RED_FLAG_QUESTIONS = sorted({question for question, _option, _level in RED_FLAGS} & set(SAFETY_QUESTIONS))


def where_for(index, question) -> dict[str, str]:
    """Answer "where does it hurt" with an area the question is asked for."""
    where = next(q for q in index.questions if q.stage < STAGE_SYMPTOMS and any(o.body_area for o in q.options))
    option = next(
        (o for o in where.options if o.body_area and (not question.body_areas or o.body_area in question.body_areas)),
        where.options[0],
    )
    return {where.slug: option.slug}


def no_to_everything_else(index, answers: dict) -> dict:
    """Answer every other safety question that applies with its first option that raises no flag."""
    answered = dict(answers)
    while (result := recommend(index, answered)).safety_pending:
        question = index.questions_by_slug[result.safety_pending[0]]
        answered[question.slug] = next(o.slug for o in question.options if not o.red_flag)
    return answered


def test_the_demo_questionnaire_has_a_red_flag_table_to_test():
    levels = {level for _question, _option, level in RED_FLAGS}

    assert len(RED_FLAG_QUESTIONS) >= 6
    assert levels == CARE


@pytest.mark.parametrize(("question", "option", "level"), RED_FLAGS, ids=[f"{q}={o}" for q, o, _ in RED_FLAGS])
def test_each_red_flag_yes_gives_its_level_and_never_sells_when_urgent(demo, question, option, level):
    index = index_current()
    asked = index.questions_by_slug[question]
    answers = no_to_everything_else(index, {**where_for(index, asked), question: option})

    result = recommend(index, answers)

    assert result.triage.level == level
    chosen = asked.option(option)
    assert chosen.red_flag_message.split(".")[0] in result.triage.message
    if level == URGENT or chosen.withhold_products:
        assert result.products == ()
        assert result.next_question is None  # the check ends with the advice
        assert result.conditions == ()


@pytest.mark.parametrize("question", RED_FLAG_QUESTIONS)
def test_not_sure_on_a_red_flag_question_is_never_self_care(demo, question):
    index = index_current()
    asked = index.questions_by_slug[question]
    answers = no_to_everything_else(index, {**where_for(index, asked), question: NOT_SURE})

    result = recommend(index, answers)

    assert result.triage.level in CARE
    assert "rule out" in result.triage.message
    if asked.concern:
        assert asked.concern in result.triage.message


def test_not_sure_on_an_urgent_question_keeps_asking_the_safety_questions_that_could_be_urgent(demo):
    index = index_current()
    question = next(q for q, _o, level in RED_FLAGS if level == URGENT and q in RED_FLAG_QUESTIONS)
    asked = index.questions_by_slug[question]

    result = recommend(index, {**where_for(index, asked), question: NOT_SURE})

    assert result.triage.level == SEE_DOCTOR
    assert result.products == ()
    if result.safety_pending:
        assert result.next_question.slug == result.safety_pending[0]


def test_no_answers_at_all_is_no_result(demo):
    result = recommend(index_current(), {})

    assert result.triage.level == "incomplete"
    assert result.products == ()
    assert result.conditions == ()
    assert result.next_question is not None


@st.composite
def answer_sets_with_a_red_flag(draw, index):
    """Random answers to random questions, with at least one red-flag "yes" among them."""
    question_slug, option_slug, level = draw(st.sampled_from(RED_FLAGS))
    answers = {}
    for question in draw(st.lists(st.sampled_from(index.questions), max_size=12, unique_by=lambda q: q.slug)):
        slugs = [o.slug for o in question.options] + [NOT_SURE]
        if question.allows_multiple:
            answers[question.slug] = draw(st.lists(st.sampled_from(slugs), min_size=1, max_size=3, unique=True))
        else:
            answers[question.slug] = draw(st.sampled_from(slugs))
    answers[question_slug] = option_slug
    return answers, level


@pytest.fixture
def index(demo):
    return index_current()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_answer_set_with_a_red_flag_yes_is_ever_self_care_or_sells_past_the_rules(index, data):
    answers, level = data.draw(answer_sets_with_a_red_flag(index))

    result = recommend(index, answers)

    assert result.triage.level in CARE
    assert result.triage.level != SELF_CARE
    if URGENT in {level, result.triage.level}:
        assert result.next_question is None  # urgent ends the check at once
    if URGENT in {level, result.triage.level} or result.triage.withhold_products:
        assert result.products == ()
    if result.next_question is not None and result.triage.withhold_products:
        assert result.next_question.stage < STAGE_SYMPTOMS  # only the rest of the safety step is still asked
    if result.safety_pending:
        assert result.products == ()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_through_the_api_a_red_flag_yes_is_never_self_care(index, api_client, data):
    answers, level = data.draw(answer_sets_with_a_red_flag(index))

    body = api_client.post("/api/v1/recommendations/", {"answers": answers}, format="json").json()

    assert body["triage"]["level"] in CARE
    if level == URGENT:
        assert body["next_question"] is None
    if level == URGENT or body["triage"]["withhold_products"]:
        assert body["products"] == []


@pytest.mark.parametrize("answers", [{}, {"where-does-it-hurt": "knee"}])
def test_the_api_owes_no_result_before_the_safety_step_and_says_what_is_owed(api_client, demo, answers):
    body = api_client.post("/api/v1/recommendations/", {"answers": answers}, format="json").json()

    assert body["triage"]["level"] == "incomplete"
    assert body["products"] == []
    assert body["conditions"] == []
    assert body["safety_pending"]
    assert body["next_question"]["slug"] == body["safety_pending"][0]


def test_the_results_page_with_no_answers_asks_for_the_safety_step_and_sells_nothing(client, demo):
    page = client.get("/symptom-check/results/")

    assert "A few safety questions first" in page.text
    assert "Nothing you told us needs urgent attention" not in page.text
    assert 'id="products-heading"' not in page.text
    assert "Answer the safety questions" in page.text


def test_skip_is_not_offered_during_the_safety_step(client, demo):
    first = client.get("/symptom-check/?area=knee", follow=True)
    page = client.get("/symptom-check/?q-where-does-it-hurt=knee&q-age=16-to-49", follow=True)

    assert "Skip the rest" not in first.text
    assert "Safety check" in page.text
    assert "Skip the rest" not in page.text


def test_an_urgent_answer_ends_the_check_on_the_page(client, demo):
    index = index_current()
    question, option = next((q, o) for q, o, level in RED_FLAGS if level == URGENT)
    asked = index.questions_by_slug[question]
    params = {f"q-{slug}": value for slug, value in {**where_for(index, asked), question: option}.items()}

    page = client.get("/symptom-check/", params, follow=True)

    assert page.redirect_chain[-1][0].startswith("/symptom-check/results/")
    assert "Please get this checked urgently" in page.text
    assert 'id="products-heading"' not in page.text
    assert "What your answers point to" not in page.text
