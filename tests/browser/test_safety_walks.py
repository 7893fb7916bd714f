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
    return "Safety check" in page.locator(".progress").inner_text()


def answer_no_or_not_sure(page) -> None:
    """Answer every question on the screen "No" (an adult's age band where there is no "No"), else "Not sure"."""
    for fieldset in page.locator("fieldset.question").all():
        no = fieldset.get_by_label("No", exact=True)
        adult = fieldset.get_by_label("16 to 49", exact=True)  # the age question has no "No"
        knee = fieldset.get_by_label("Knee", exact=True)  # where it hurts, if a guide did not preselect it
        choice = no if no.count() else adult if adult.count() else knee if knee.count() else None
        if choice is None:
            choice = fieldset.get_by_label("Not sure", exact=True)
        if not fieldset.locator("input:checked").count():
            choice.check()
    page.get_by_role("button", name="Next").click()


def test_skipping_to_results_is_impossible_before_the_safety_step(page, store):
    page.goto("/guides/runners-knee/")
    page.get_by_role("link", name="Start the symptom check").click()
    answer_no_or_not_sure(page)  # where it hurts and age come first, before the safety step

    assert in_safety_step(page)
    assert page.locator("fieldset.question").count() >= 3  # every safety question on one screen
    assert page.get_by_role("link", name="Skip the rest and see results now").count() == 0
    answer_no_or_not_sure(page)

    assert not in_safety_step(page)
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
    for _ in range(5):
        line = page.locator("fieldset.question").filter(has_text=urgent.question.text)
        if line.count():
            break
        answer_no_or_not_sure(page)

    line.get_by_label(urgent.label, exact=True).check()
    answer_no_or_not_sure(page)  # the other lines, then Next

    assert on_results(page)
    assert page.get_by_role("heading", name="Please get this checked urgently").is_visible()
    assert page.get_by_role("button", name="Next").count() == 0
    assert page.get_by_role("heading", name="Products that may help").count() == 0
    assert page.locator("article.card").count() == 0


def test_back_from_the_symptom_questions_shows_the_safety_answers_kept(page, store):
    page.goto("/symptom-check/?area=knee")
    answer_no_or_not_sure(page)
    lines = page.locator("fieldset.question").count()
    answer_no_or_not_sure(page)
    assert not in_safety_step(page)

    page.get_by_role("link", name="Back").click()

    assert in_safety_step(page)
    assert page.locator("fieldset.question input:checked").count() == lines
    page.get_by_role("button", name="Next").click()
    assert not in_safety_step(page)
    assert not on_results(page)
