"""The symptom check as a shopper walks it, without JavaScript."""

import re
from urllib.parse import urlencode

import pytest

from analytics.models import Assessment
from analytics.services import events_flush

pytestmark = pytest.mark.django_db

RUNNERS_KNEE_ANSWERS = {
    "age": "16-to-49",
    "knee-where-exactly": "front",
    "knee-worse-with": ["stairs", "kneeling-squatting", "standing-after-sitting"],
}


def screen_questions(html: str) -> list[str]:
    return re.search(r'name="screen" value="([^"]*)"', html).group(1).split(",")


def hidden_fields(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<input type="hidden" name="([\w-]+)" value="([^"]*)">', html)


def hidden_answers(html: str) -> list[tuple[str, str]]:
    return [(name, value) for name, value in hidden_fields(html) if name.startswith("q-")]


def checked(html: str) -> dict[str, list[str]]:
    """The answers preselected on a page's form, as a browser would send them untouched."""
    chosen: dict[str, list[str]] = {}
    for slug, value in re.findall(r'name="q-([\w-]+)" value="([\w-]+)" checked', html):
        chosen.setdefault(slug, []).append(value)
    return chosen


def step_of(html: str) -> tuple[int, int | None]:
    """The screen's "Step N of up to M", or "Step N — a few more questions" (no total: None)."""
    found = re.search(r"Step (\d+)(?: of up to (\d+)| — a few more questions)", html)
    return int(found.group(1)), int(found.group(2)) if found.group(2) else None


def submit(client, html: str, answers: dict[str, list[str]], *, button: str = ""):
    """Submit the form on this page with these answers to its questions, as a browser would.

    `button`: the name of the submit button pressed ("back"), if not Next.
    """
    data = [*hidden_fields(html), *((f"q-{slug}", value) for slug, values in answers.items() for value in values)]
    if button:
        data.append((button, "1"))
    return client.get(f"/symptom-check/?{urlencode(data)}", follow=True)


def answer_screen(client, html: str, choose):
    """Answer every question on this screen with choose(question_slug)."""
    return submit(client, html, {slug: choose(slug) for slug in screen_questions(html)})


def walk(client, choose, start="/symptom-check/?area=knee"):
    """Answer each screen with choose(question_slug) until the results page; return it and the screens seen."""
    page = client.get(start, follow=True)
    for seen in range(1, 12):
        if "<h1>Your results</h1>" in page.text:
            return page, seen
        page = answer_screen(client, page.text, choose)
    raise AssertionError("the symptom check never finished")


def runners_knee_shopper(question: str) -> list[str]:
    if question in RUNNERS_KNEE_ANSWERS:
        value = RUNNERS_KNEE_ANSWERS[question]
        return value if isinstance(value, list) else [value]
    if question == "where-does-it-hurt":
        return ["knee"]
    if question == "age":
        return ["16-to-49"]
    if question.startswith("safety-"):
        return ["no"]
    return ["not-sure"]


def test_a_runners_knee_shopper_walks_the_form_to_results_with_products_and_reasons(client, demo):
    results, screens = walk(client, runners_knee_shopper)

    assert screens <= 5
    html = results.text
    assert html.index("Self-care is a reasonable start") < html.index("What your answers point to")
    conditions = html.split('id="conditions-heading"')[1].split("</section>")[0]
    assert re.search(r'<h3><a href="([^"]+)">', conditions).group(1) == "/guides/runners-knee/"  # listed first
    assert "Likely" in conditions
    assert "/guides/runners-knee/" in conditions
    products = html.split('id="products-heading"')[1]
    assert "stretching for lasting recovery" in products
    assert "→" not in products
    assert "%" not in conditions
    assert "?ref=symptom_check&amp;c=runners-knee" in products
    assert "Start again" in html
    assert "Not medical advice." in html
    events_flush()
    assert Assessment.objects.get().top_condition == "runners-knee"


def test_the_result_gives_answers_about_the_pain_as_reasons_not_the_shoppers_age(client, demo):
    results, _screens = walk(client, runners_knee_shopper)

    conditions = results.text.split('id="conditions-heading"')[1].split("</section>")[0]
    assert "Fits: Where exactly around the knee is the pain?" in conditions
    assert "How old are you?" not in conditions


def test_the_first_screen_asks_where_and_age_together_without_a_safety_label(client, demo):
    page = client.get("/symptom-check/?area=knee", follow=True)

    assert "q-where-does-it-hurt=knee" in page.redirect_chain[0][0]
    assert screen_questions(page.text) == ["where-does-it-hurt", "age"]
    assert 'name="q-where-does-it-hurt" value="knee" checked' in page.text  # preselected from the guide
    assert "safety check" not in page.text.lower()
    assert 'name="q-age" value="not-sure"' not in page.text  # everyone knows their age
    assert step_of(page.text)[0] == 1
    assert step_of(page.text)[1] >= 3  # where, safety, symptoms at least


def test_every_safety_question_that_applies_is_on_one_screen(client, demo):
    first = client.get("/symptom-check/?area=knee", follow=True)

    safety = answer_screen(client, first.text, runners_knee_shopper)

    questions = screen_questions(safety.text)
    assert len(questions) >= 3
    assert all(slug.startswith("safety-") for slug in questions)
    assert step_of(safety.text) == (2, step_of(first.text)[1])
    assert "Safety check" in safety.text
    for slug in questions:  # each line: a calm "no" and "Not sure" among its answers
        assert {"no", "not-sure"} <= set(re.findall(rf'name="q-{slug}" value="([\w-]+)"', safety.text))


def test_a_missing_line_re_renders_naming_it_with_the_other_answers_kept(client, demo):
    first = client.get("/symptom-check/?area=knee", follow=True)
    safety = answer_screen(client, first.text, runners_knee_shopper)
    questions = screen_questions(safety.text)
    skipped = questions[1]

    again = submit(client, safety.text, {slug: ["no"] for slug in questions if slug != skipped})

    assert again.status_code == 400
    assert screen_questions(again.text) == questions
    summary = again.text.split('id="error-summary"')[1].split("</div>")[0]
    assert "autofocus" in again.text.split('id="error-summary"')[1].split(">")[0]  # focus moves to the summary
    assert f'href="#question-{skipped}"' in summary
    assert summary.count("<li>") == 1
    assert f'id="question-{skipped}" aria-describedby="error-{skipped}"' in again.text
    assert f'id="error-{skipped}"' in again.text
    for slug in questions:
        if slug != skipped:
            assert f'name="q-{slug}" value="no" checked' in again.text
    assert "<title>Error:" in again.text


def test_back_keeps_the_answers_and_next_returns_with_them_preselected(client, demo):
    first = client.get("/symptom-check/?area=knee", follow=True)
    safety = answer_screen(client, first.text, runners_knee_shopper)
    symptoms = answer_screen(client, safety.text, runners_knee_shopper)
    assert step_of(symptoms.text)[0] == 3

    assert '<button type="submit" name="back" value="1"' in symptoms.text  # Back sends this screen's form
    back = submit(client, symptoms.text, checked(symptoms.text), button="back")

    assert screen_questions(back.text) == screen_questions(safety.text)
    assert step_of(back.text)[0] == 2
    assert all(f'name="q-{slug}" value="no" checked' in back.text for slug in screen_questions(back.text))
    assert ("q-where-does-it-hurt", "knee") in hidden_answers(back.text)
    onward = submit(client, back.text, checked(back.text))  # Next with nothing changed
    assert screen_questions(onward.text) == screen_questions(symptoms.text)
    assert step_of(onward.text)[0] == 3


def test_back_keeps_what_was_chosen_on_this_screen_without_asking_for_the_rest(client, demo):
    first = client.get("/symptom-check/?area=knee", follow=True)
    safety = answer_screen(client, first.text, runners_knee_shopper)
    symptoms = answer_screen(client, safety.text, runners_knee_shopper)
    questions = screen_questions(symptoms.text)
    picked, unanswered = questions[0], questions[1]
    choice = re.search(rf'name="q-{picked}" value="([\w-]+)"', symptoms.text).group(1)

    back = submit(client, symptoms.text, {picked: [choice]}, button="back")

    assert back.status_code == 200
    assert screen_questions(back.text) == screen_questions(safety.text)
    assert "error-summary" not in back.text
    onward = submit(client, back.text, checked(back.text))  # Next again: the choice is still there
    assert screen_questions(onward.text) == questions
    assert checked(onward.text).get(picked) == [choice]
    assert unanswered not in checked(onward.text)
    assert "error-summary" not in onward.text


def test_the_step_count_never_goes_down_and_ends_at_the_result(client, demo):
    page = client.get("/symptom-check/?area=knee", follow=True)
    steps = []
    while "<h1>Your results</h1>" not in page.text:
        steps.append(step_of(page.text))
        page = answer_screen(client, page.text, runners_knee_shopper)

    numbers = [number for number, _total in steps]
    assert numbers == list(range(1, len(steps) + 1))
    assert all(number <= total for number, total in steps)
    assert len({total for _number, total in steps}) == 1  # the number never grows


@pytest.mark.parametrize("area", ["neck-shoulder", "foot-ankle", "hip-thigh"])
def test_choosing_the_second_answer_everywhere_never_makes_the_step_total_grow(client, demo, area):
    def second_option(html):
        return lambda slug: re.findall(rf'name="q-{re.escape(slug)}" value="([\w-]+)"', html)[1:2]

    page = client.get(f"/symptom-check/?area={area}", follow=True)
    steps = []
    for _ in range(12):
        if "<h1>Your results</h1>" in page.text or "urgently" in page.text:
            break
        steps.append(step_of(page.text))
        page = answer_screen(client, page.text, second_option(page.text))

    totals = [total for _number, total in steps]
    assert all(total is None or number <= total for number, total in steps)
    named = [total for total in totals if total is not None]
    assert named == sorted(named, reverse=True)  # never grows
    assert None not in totals or all(total is None for total in totals[totals.index(None) :])


def test_change_one_answer_from_the_result_and_come_straight_back(client, demo):
    results, _screens = walk(client, runners_knee_shopper)
    change = re.search(
        r'<dt>Where exactly around the knee is the pain\?</dt><dd>[^<]*<a href="([^"]+)" class="change">',
        results.text,
    )

    edit = client.get(change.group(1).replace("&amp;", "&"))  # one click
    assert screen_questions(edit.text) == ["knee-where-exactly"]
    assert 'name="q-knee-where-exactly" value="front" checked' in edit.text
    changed = submit(client, edit.text, {"knee-where-exactly": ["below-kneecap"]})  # one submit

    assert "<h1>Your results</h1>" in changed.text
    assert "<dd>Just below the kneecap" in changed.text
    assert ("q-knee-worse-with", "stairs") not in hidden_answers(changed.text)  # the result page has no form
    assert "knee-worse-with=stairs" in changed.redirect_chain[-1][0]  # every other answer kept


def test_changing_where_it_hurts_asks_the_new_areas_safety_questions(client, demo):
    results, _screens = walk(client, runners_knee_shopper)
    change = re.search(r'<dt>Where does it hurt most\?</dt><dd>[^<]*<a href="([^"]+)" class="change">', results.text)
    edit = client.get(change.group(1).replace("&amp;", "&"))

    moved = submit(client, edit.text, {"where-does-it-hurt": ["foot-ankle"]})

    assert "<h1>Your results</h1>" not in moved.text
    assert "Safety check" in moved.text
    assert "q-knee-where-exactly" not in moved.text  # knee answers no longer apply


def test_an_urgent_answer_leads_with_advice_and_shows_no_products(client, demo):
    def urgent(question):
        injured = {"safety-injury": ["minor"], "safety-cannot-bear-weight": ["yes"]}
        return injured.get(question) or runners_knee_shopper(question)

    html = walk(client, urgent)[0].text

    assert "Please get this checked urgently" in html
    assert 'id="products-heading"' not in html


def test_a_link_with_answers_that_no_longer_fit_explains_and_offers_a_restart(client, demo):
    page = client.get("/symptom-check/results/?q-knee-where-exactly=kneecap-moon")

    assert page.status_code == 400
    assert "Unknown option “kneecap-moon”" in page.text
    assert "Start the symptom check again" in page.text


def test_staff_try_the_engine_and_see_every_number(staff_client, demo):
    response = staff_client.get(
        "/admin/guides/question/try/",
        {
            "q-where-does-it-hurt": "knee",
            "q-knee-where-exactly": "front",
            "q-knee-worse-with": ["stairs", "kneeling-squatting"],
            "limit": "4",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "log prior" in html
    assert "Information gain (bits)" in html
    assert "Product contributions" in html
    assert "Runner&#x27;s knee" in html
    assert "knee-front-dull-ache" in html


HOUSEMAIDS_KNEE = {
    "where-does-it-hurt": "knee",  # asked again on the first screen with age, the knee already chosen
    "age": "50-to-64",
    "how-did-it-start": "gradually",
    "knee-where-exactly": "front",
    "knee-worse-with": ["kneeling-squatting"],
    "knee-tendon-tender": "no",
    "knee-run-same-point": "do-not-run",
    "knee-morning-stiffness": "no",
    "knee-grinding": "no",
    "knee-bump": "no",
    "knee-inner-tender-spot": "no",
}


def test_a_shopper_whose_complaint_no_guide_confirms_is_told_we_cant_tell_and_to_see_a_physiotherapist(client, demo):
    # A squashy swelling on the kneecap after days of kneeling: the front of the knee, but not on stairs.
    def shopper(question: str) -> list[str]:
        if question in HOUSEMAIDS_KNEE:
            value = HOUSEMAIDS_KNEE[question]
            return value if isinstance(value, list) else [value]
        return ["no"] if question.startswith("safety-") else ["not-sure"]

    html = walk(client, shopper)[0].text

    conditions = html.split('id="conditions-heading"')[1].split("</section>")[0]
    assert conditions.startswith(">We can't tell which it is</h2>")
    assert "physiotherapist" in conditions
    assert "Likely" not in conditions
    assert "Runner" in conditions  # the candidates are still listed, as possibilities
