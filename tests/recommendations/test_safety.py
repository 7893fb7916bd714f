"""Safety comes before selling: every red-flag rule, "not sure", and the safety step on every path to a result."""

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guides.vocabulary import NOT_SURE, SEE_DOCTOR, SELF_CARE, STAGE_SYMPTOMS, TRIAGE_ORDER, URGENT
from recommendations.engine.recommend import recommend
from recommendations.engine.red_flags import calm_option
from recommendations.index.current import index_current

pytestmark = pytest.mark.django_db

CONTENT = Path(__file__).resolve().parents[2] / "guides" / "content"
RULES_FILE = yaml.safe_load((CONTENT / "red_flags.yaml").read_text())
AGE = RULES_FILE["age_question"]
RULES = {rule["slug"]: rule for rule in RULES_FILE["rules"]}
QUESTIONS = yaml.safe_load((CONTENT / "questionnaire.yaml").read_text())["questions"]
AGE_BANDS = [str(option["slug"]) for option in next(q for q in QUESTIONS if q["slug"] == AGE)["options"]]
SAFETY_QUESTIONS = sorted(q["slug"] for q in QUESTIONS if q["stage"] == "safety" and q.get("not_sure", True))
CARE = {SEE_DOCTOR, URGENT}
ADULT = "16-to-49"


def rule_cases() -> list[tuple[str, str, bool]]:
    """(rule, age band, whether the rule counts at that age): one case per rule, and each band for age rules."""
    cases = []
    for slug, rule in RULES.items():
        if rule.get("ages"):
            cases.extend((slug, band, band in rule["ages"]) for band in AGE_BANDS)
        else:
            cases.append((slug, ADULT, True))
    return cases


def where_for(index, regions: list[str]) -> dict[str, str]:
    """Answer "where does it hurt" with the first region a rule names (the knee for a rule of anywhere)."""
    where = next(q for q in index.questions if q.stage < STAGE_SYMPTOMS and any(o.body_area for o in q.options))
    wanted = next((region for region in regions if region != "any"), "knee")
    return {where.slug: next(o.slug for o in where.options if o.body_area == wanted)}


def first_answers(clauses: list[dict]) -> dict[str, str]:
    """The answers that meet each clause of a rule (the first of any_of)."""
    answers = {}
    for clause in clauses:
        clause = clause["any_of"][0] if "any_of" in clause else clause
        answers[clause["question"]] = str(clause["answers"][0])
    return answers


def rule_answers(index, slug: str, age: str) -> dict[str, str]:
    """Where it hurts, the age, and the answers that meet the rule."""
    rule = RULES[slug]
    return {**where_for(index, rule["regions"]), AGE: age, **first_answers(rule.get("when", []))}


def calm_to_everything_else(index, answers: dict) -> dict:
    """Answer every other safety question still asked with its answer that raises no flag (its "No")."""
    answered = dict(answers)
    while (result := recommend(index, answered)).safety_pending:
        question = index.questions_by_slug[result.safety_pending[0]]
        calm = calm_option(question, index.red_flag_rules, answers=answered, body_areas=result.body_areas)
        answered[question.slug] = calm.slug
    return answered


def first_sentence(text: str) -> str:
    return " ".join(text.split()).split(". ")[0]


@pytest.fixture
def index(demo):
    return index_current()


def test_the_rule_set_covers_every_region_and_both_age_groups_and_names_its_sources():
    regions = {region for rule in RULES.values() for region in rule["regions"]}
    ages = {age for rule in RULES.values() for age in rule.get("ages", [])}
    levels = {rule["level"] for rule in RULES.values()}

    assert len(RULES) >= 40
    assert regions >= {"lower-back", "neck-shoulder", "elbow-wrist", "hip-thigh", "knee", "lower-leg"}
    assert regions >= {"foot-ankle", "chest", "head", "any"}
    assert ages >= {"under-16", "50-to-64", "65-or-over"}
    assert levels == CARE
    assert all(rule["source"].strip() and rule["reason"].strip() for rule in RULES.values())


@pytest.mark.parametrize(("slug", "age", "counts"), rule_cases(), ids=[f"{s}@{a}" for s, a, _ in rule_cases()])
def test_each_rule_met_gives_its_level_and_message_at_the_ages_it_names(index, slug, age, counts):
    rule = RULES[slug]
    answers = calm_to_everything_else(index, rule_answers(index, slug, age))

    result = recommend(index, answers)

    if not counts:
        assert first_sentence(rule["message"]) not in result.triage.message
        return
    assert first_sentence(rule["message"]) in result.triage.message
    assert result.triage.level == rule["level"]
    if rule["level"] == URGENT or rule.get("withhold_products"):
        assert result.products == ()
        assert result.conditions == ()
        assert result.next_question is None or result.next_question.stage < STAGE_SYMPTOMS
    if rule["level"] == URGENT:
        assert result.next_question is None  # the check ends with the advice


@pytest.mark.parametrize("slug", [slug for slug, rule in RULES.items() if len(rule.get("when", [])) > 1])
def test_an_injury_alone_or_a_sign_alone_is_not_the_rule(index, slug):
    """Decision rules need all their answers: the impact without the sign (or the sign without it) is not enough."""
    rule = RULES[slug]
    age = rule["ages"][0] if rule.get("ages") else ADULT
    for missing in rule["when"]:
        clause = missing["any_of"][0] if "any_of" in missing else missing
        question = index.questions_by_slug[clause["question"]]
        answers = rule_answers(index, slug, age)
        areas = recommend(index, answers).body_areas
        calm = calm_option(question, index.red_flag_rules, answers=answers, body_areas=areas)
        answers[question.slug] = calm.slug

        result = recommend(index, calm_to_everything_else(index, answers))

        assert first_sentence(rule["message"]) not in result.triage.message, (slug, question.slug)


@pytest.mark.parametrize("question", SAFETY_QUESTIONS)
def test_not_sure_on_a_safety_question_is_never_self_care(index, question):
    asked = index.questions_by_slug[question]
    regions = sorted(asked.body_areas) or ["any"]
    answers = {**where_for(index, regions), AGE: ADULT, question: NOT_SURE}

    result = recommend(index, calm_to_everything_else(index, answers))

    assert result.triage.level in CARE
    assert "rule out" in result.triage.message
    assert asked.concern in result.triage.message


@st.composite
def answers_with_a_not_sure(draw, index):
    """Where it hurts and an age, "Not sure" on one safety question, and any answers to the rest of the step."""
    question = index.questions_by_slug[draw(st.sampled_from(SAFETY_QUESTIONS))]
    where = where_for(index, [draw(st.sampled_from(sorted(question.body_areas) or ["knee", "chest", "head"]))])
    answers = {**where, AGE: draw(st.sampled_from(AGE_BANDS)), question.slug: NOT_SURE}
    for _step in range(30):
        result = recommend(index, answers)
        if not result.safety_pending:
            break
        pending = index.questions_by_slug[result.safety_pending[0]]
        answers[pending.slug] = draw(st.sampled_from([option.slug for option in pending.choices]))
    return answers


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_not_sure_anywhere_in_the_safety_step_is_never_self_care_whatever_else_is_answered(index, data):
    answers = data.draw(answers_with_a_not_sure(index))

    result = recommend(index, answers)

    assert result.triage.level in CARE
    assert result.triage.level != SELF_CARE


def test_not_sure_on_an_urgent_question_keeps_asking_the_safety_questions_that_could_be_urgent(index):
    answers = {**where_for(index, ["lower-leg"]), AGE: ADULT, "safety-calf-swollen": NOT_SURE}

    result = recommend(index, answers)

    assert result.triage.level == SEE_DOCTOR
    assert result.products == ()  # a clot cannot be ruled out: no massage tools
    if result.safety_pending:
        assert result.next_question.slug == result.safety_pending[0]


def test_no_answers_at_all_is_no_result(index):
    result = recommend(index, {})

    assert result.triage.level == "incomplete"
    assert result.products == ()
    assert result.conditions == ()
    assert result.next_question is not None


def test_age_comes_first_in_the_safety_step_and_cannot_be_not_sure(index, api_client):
    first = recommend(index, where_for(index, ["knee"]))

    assert first.next_question.slug == AGE
    assert recommend(index, {"where-does-it-hurt": NOT_SURE}).next_question.slug == AGE  # wherever it hurts
    assert first.next_question.is_safety
    assert NOT_SURE not in [option.slug for option in first.next_question.choices]
    response = api_client.post(
        "/api/v1/recommendations/", {"answers": {**where_for(index, ["knee"]), AGE: NOT_SURE}}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {f"answers.{AGE}": [f"Unknown option “{NOT_SURE}” for “{AGE}”."]}


def test_a_question_no_rule_can_still_need_is_not_asked(index):
    """Once "did it start with an injury?" is "no", nothing is asked about the bone an injury would have hurt."""
    asked = calm_to_everything_else(index, {**where_for(index, ["foot-ankle"]), AGE: ADULT, "safety-injury": "no"})

    assert "safety-ankle-bone-tender" not in asked
    assert "safety-cannot-bear-weight" not in asked
    assert recommend(index, asked).triage.level == SELF_CARE


@st.composite
def answer_sets_with_a_rule_met(draw, index):
    """Random answers to random questions, then the answers that meet one rule, at an age it counts for."""
    slug = draw(st.sampled_from(sorted(RULES)))
    rule = RULES[slug]
    answers = {}
    for question in draw(st.lists(st.sampled_from(index.questions), max_size=12, unique_by=lambda q: q.slug)):
        slugs = [o.slug for o in question.choices]
        if question.allows_multiple:
            answers[question.slug] = draw(st.lists(st.sampled_from(slugs), min_size=1, max_size=3, unique=True))
        else:
            answers[question.slug] = draw(st.sampled_from(slugs))
    age = draw(st.sampled_from(rule.get("ages") or AGE_BANDS))
    answers.update(rule_answers(index, slug, age))
    return answers, rule["level"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_answer_set_that_meets_a_rule_is_ever_below_its_level_or_sells_past_it(index, data):
    answers, level = data.draw(answer_sets_with_a_rule_met(index))

    result = recommend(index, answers)

    assert TRIAGE_ORDER[result.triage.level] >= TRIAGE_ORDER[level]
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
def test_through_the_api_a_rule_met_is_never_self_care(index, api_client, data):
    answers, level = data.draw(answer_sets_with_a_rule_met(index))

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


def test_an_urgent_answer_ends_the_check_on_the_page(client, index):
    params = {f"q-{slug}": value for slug, value in rule_answers(index, "ottawa-ankle-weight", ADULT).items()}

    page = client.get("/symptom-check/", params, follow=True)

    assert page.redirect_chain[-1][0].startswith("/symptom-check/results/")
    assert "Please get this checked urgently" in page.text
    assert 'id="products-heading"' not in page.text
    assert "What your answers point to" not in page.text
