"""The symptom check's safety step in a real browser: it cannot be skipped, and urgent answers end the check."""

import pytest
from django.db.models import Q

from guides.models import AnswerOption, RedFlag

pytestmark = pytest.mark.browser


@pytest.fixture
def store(transactional_db, demo):
    """The demo store, committed so the live server sees it."""


def on_results(page) -> bool:
    return page.get_by_role("heading", name="Your results").count() > 0


def in_safety_step(page) -> bool:
    return "safety check" in page.locator("legend").inner_text()


def answer_no_or_not_sure(page) -> None:
    no = page.get_by_label("No", exact=True)
    adult = page.get_by_label("16 to 49", exact=True)  # the age question has no "No"
    (no if no.count() else adult if adult.count() else page.get_by_label("Not sure", exact=True)).check()
    page.get_by_role("button", name="Next").click()


def test_skipping_to_results_is_impossible_before_the_safety_step(page, store):
    page.goto("/guides/runners-knee/")
    page.get_by_role("link", name="Start the symptom check").click()
    answer_no_or_not_sure(page)  # how old you are comes first, before the safety step

    safety_questions = 0
    while in_safety_step(page):
        safety_questions += 1
        assert page.get_by_role("link", name="Skip the rest and see results now").count() == 0
        answer_no_or_not_sure(page)

    assert safety_questions >= 3
    assert page.get_by_role("link", name="Skip the rest and see results now").is_visible()
    page.goto("/symptom-check/results/")
    assert page.get_by_role("heading", name="A few safety questions first").is_visible()
    assert page.get_by_role("heading", name="Products that may help").count() == 0


def test_an_urgent_answer_stops_the_check_with_advice_first_and_nothing_to_buy(page, store):
    urgent = (
        AnswerOption.objects.filter(red_flag=RedFlag.URGENT)
        .filter(Q(question__body_areas__slug="knee") | Q(question__body_areas__isnull=True))
        .select_related("question")
        .first()
    )
    page.goto("/symptom-check/?area=knee")
    for _ in range(20):
        if page.locator("legend .question-text").inner_text() == urgent.question.text:
            break
        answer_no_or_not_sure(page)

    page.get_by_label(urgent.label, exact=True).check()
    page.get_by_role("button", name="Next").click()

    assert on_results(page)
    assert page.get_by_role("heading", name="Please get this checked urgently").is_visible()
    assert page.get_by_role("button", name="Next").count() == 0
    assert page.get_by_role("heading", name="Products that may help").count() == 0
    assert page.locator("article.card").count() == 0


def test_change_answers_on_a_result_goes_back_to_the_questions(page, store):
    page.goto("/symptom-check/?area=knee")
    for _ in range(30):
        if on_results(page):
            break
        answer_no_or_not_sure(page)
    assert on_results(page)

    page.get_by_role("link", name="Change answers").click()

    assert not on_results(page)
    assert page.locator("legend .question-text").inner_text() == "Where does it hurt most?"
    assert page.get_by_label("Knee", exact=True).is_checked()
    page.get_by_role("button", name="Next").click()
    assert not on_results(page)  # on to the next answered question, still preselected
    assert page.locator("legend .question-text").inner_text() != "Where does it hurt most?"
    assert page.locator("input:checked").count() == 1
