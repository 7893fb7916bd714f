"""The symptom check's safety step in a real browser: it cannot be skipped, and urgent answers end the check."""

import pytest

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


def walk(page, answers: dict[str, str], *, screens: int = 12) -> None:
    """Answer each screen: for a question whose text starts with a key, that label; the rest "No", an adult age
    or "Not sure"; then Next, until the results."""
    for _ in range(screens):
        if on_results(page):
            return
        for fieldset in page.locator("fieldset.question").all():
            text = fieldset.locator(".question-text").inner_text()
            label = next((label for start, label in answers.items() if text.startswith(start)), None)
            if label is not None:
                fieldset.get_by_label(label, exact=True).check()
        answer_no_or_not_sure(page)
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


def test_back_from_the_symptom_questions_shows_the_safety_answers_kept(page, store):
    page.goto("/symptom-check/?area=knee")
    answer_no_or_not_sure(page)
    lines = page.locator("fieldset.question").count()
    answer_no_or_not_sure(page)
    assert not in_safety_step(page)

    page.get_by_role("button", name="Back").click()

    assert in_safety_step(page)
    assert page.locator("fieldset.question input:checked").count() == lines
    page.get_by_role("button", name="Next").click()
    assert not in_safety_step(page)
    assert not on_results(page)
