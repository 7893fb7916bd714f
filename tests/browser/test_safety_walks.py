"""The symptom check's safety step in a real browser: it cannot be skipped, and urgent answers end the check."""

import pytest

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
    answer_no_or_not_sure(page)  # how old you are comes first in the safety step

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


def question_text(page) -> str:
    return page.locator("legend .question-text").inner_text()


def walk(page, answers: dict[str, str], *, steps: int = 40) -> None:
    """Answer each question: the label given for its text (by its start), else "No", an adult age or "Not sure"."""
    for _ in range(steps):
        if on_results(page):
            return
        text = question_text(page)
        label = next((label for start, label in answers.items() if text.startswith(start)), None)
        if label is None:
            answer_no_or_not_sure(page)
        else:
            page.get_by_label(label, exact=True).check()
            page.get_by_role("button", name="Next").click()
    raise AssertionError("the check did not end")


def test_an_urgent_answer_stops_the_check_with_advice_first_and_nothing_to_buy(page, store):
    page.goto("/symptom-check/?area=knee")
    walk(
        page,
        {
            "Did the pain start with an injury?": "Yes, a minor one, such as a knock, a twist or a fall on the level",
            "Since the injury, are you unable to take four steps": "Yes",
        },
    )

    assert on_results(page)
    assert page.get_by_role("heading", name="Please get this checked urgently").is_visible()
    assert "needs an X-ray" in page.locator("#triage-heading + p").inner_text()
    assert page.get_by_role("button", name="Next").count() == 0
    assert page.get_by_role("heading", name="Products that may help").count() == 0
    assert page.locator("article.card").count() == 0


def test_a_teenager_with_a_limp_and_knee_pain_gets_advice_and_no_products(page, store):
    page.goto("/symptom-check/?area=knee")
    walk(
        page,
        {
            "How old are you?": "Under 16",
            "Did the pain start with an injury?": "No",
            "Is there a limp that no injury explains": "Yes",
        },
    )

    assert page.get_by_role("heading", name="We suggest seeing a doctor").is_visible()
    advice = page.locator("#triage-heading + p").inner_text()
    assert "A limp in a child or teenager should be checked by a doctor" in advice
    assert "Knee pain without a clear injury in a child or teenager" in advice
    assert page.get_by_role("heading", name="Products that may help").count() == 0
    assert page.locator("article.card").count() == 0


def test_a_low_speed_shunt_with_a_stiff_neck_and_no_warning_signs_gets_self_care_with_watch_outs(page, store):
    page.goto("/symptom-check/?area=neck-shoulder")
    walk(
        page,
        {
            "Did the neck or shoulder pain start with an accident": (
                "Yes, a low-speed rear-end shunt in a car, sitting still or moving slowly"
            ),
            "Did the neck pain start after a road accident": "Yes",
            "Where do you feel it most?": "Across the neck and the tops of the shoulders",
        },
    )

    assert page.get_by_role("heading", name="Self-care is a reasonable start").is_visible()
    advice = page.locator("#triage-heading + p").inner_text()
    assert "Watch out:" in advice
    assert "numbness, tingling or weakness in your arms" in advice
    assert page.get_by_role("heading", name="Products that may help").is_visible()
    assert page.get_by_role("link", name="Whiplash").count() >= 1


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
