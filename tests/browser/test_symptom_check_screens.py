"""The symptom check in screens, in a real Chromium on a desktop and on a phone, checked by axe-core.

A runner with a dull ache at the front of the knee reaches a result in five screens or fewer
(the result counted), and changes one answer from the result with one click and one submit.
"""

import pytest

from tests.browser.focus import focused_id

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
RUNNER = {
    "Knee": True,
    "16 to 49": True,
    "At the front, around or behind the kneecap": True,
    "Going up or down stairs": True,
    "Gradually, building up over days or weeks": True,
    "During or after activity such as running, sport or long walks": True,
}


@pytest.fixture
def store(transactional_db, demo):
    """The demo store, committed so the live server sees it."""


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def tab(request, browser, live_server, store):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=request.param)
    yield context.new_page()
    context.close()


def on_results(page) -> bool:
    return page.get_by_role("heading", name="Your results", level=1).count() > 0


def answer_screen(page, answers: dict) -> None:
    """Answer each question on the screen (a fieldset) from `answers`, else "No", else "Not sure"; then Next."""
    for fieldset in page.locator("fieldset.question").all():
        for label, _chosen in answers.items():
            option = fieldset.get_by_label(label, exact=True)
            if option.count():
                option.check()
                break
        else:
            fallback = fieldset.get_by_label("No", exact=True)
            (fallback if fallback.count() else fieldset.get_by_label("Not sure", exact=True)).check()
    page.get_by_role("button", name="Next").click()


def assert_accessible(axe, page, where: str) -> None:
    violations = axe(page)
    assert violations == [], f"{where}: {violations}"


def test_a_runners_knee_check_takes_five_screens_or_fewer_and_one_answer_changes_from_the_result(tab, axe):
    tab.goto("/guides/runners-knee/")
    tab.get_by_role("link", name="Start the symptom check").click()

    screens, steps = 0, []
    while not on_results(tab):
        screens += 1
        assert screens <= 4, "still asking after four screens"
        steps.append(tab.locator(".progress .step").inner_text())
        assert_accessible(axe, tab, f"screen {screens}")
        if screens == 2:  # the safety checklist: every line shows yes / no / not sure
            assert tab.get_by_role("heading").filter(has_text="Safety check").count() == 0  # a label, not a heading
            assert tab.locator("fieldset.question").count() >= 3
        answer_screen(tab, RUNNER)
    screens += 1  # the result

    assert screens <= 5
    assert steps[0].startswith("Step 1 of up to ")
    assert [step.split(" of ")[0] for step in steps] == [f"Step {n}" for n in range(1, len(steps) + 1)]
    assert len({step.split(" of ")[1] for step in steps}) == 1  # the total never grows
    assert tab.get_by_role("heading", name="Self-care is a reasonable start").is_visible()
    assert tab.get_by_role("link", name="Runner's knee", exact=True).first.is_visible()
    assert_accessible(axe, tab, "result")

    tab.get_by_role("link", name="Change your answer to “Where exactly around the knee is the pain?”").click()
    assert_accessible(axe, tab, "change one answer")
    assert tab.get_by_label("At the front, around or behind the kneecap").is_checked()
    tab.get_by_label("Just below the kneecap").check()
    tab.get_by_role("button", name="Save and see results").click()

    assert on_results(tab)
    answer = tab.locator(".answers .answer").filter(has_text="Where exactly around the knee is the pain?")
    assert "Just below the kneecap" in answer.inner_text()
    stairs = tab.locator(".answers .answer").filter(has_text="What makes the knee pain worse?")
    assert "Going up or down stairs" in stairs.inner_text()  # the other answers are kept


def test_a_missing_safety_line_is_named_and_the_summary_has_focus(tab, axe):
    tab.goto("/symptom-check/?area=knee")
    answer_screen(tab, RUNNER)
    lines = tab.locator("fieldset.question")
    first_line = lines.first.locator("legend").inner_text()
    for index in range(1, lines.count()):
        lines.nth(index).get_by_label("No", exact=True).check()
    tab.get_by_role("button", name="Next").click()

    summary = tab.locator("#error-summary")
    assert summary.is_visible()
    assert focused_id(tab) == "error-summary"
    assert summary.get_by_role("link", name=first_line).count() == 1
    assert tab.locator("fieldset.question").nth(1).get_by_label("No", exact=True).is_checked()  # kept
    assert_accessible(axe, tab, "safety checklist with a line missing")
