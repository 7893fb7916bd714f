"""The symptom check as a shopper walks it, without JavaScript."""

import re

import pytest

from analytics.models import Assessment
from analytics.services import events_flush

pytestmark = pytest.mark.django_db

RUNNERS_KNEE_ANSWERS = {
    "age": "16-to-49",
    "knee-where-exactly": "front",
    "knee-worse-with": ["stairs", "kneeling-squatting", "standing-after-sitting"],
}


def current_question(html: str) -> str:
    return re.search(r'name="step" value="([\w-]+)"', html).group(1)


def hidden_answers(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<input type="hidden" name="(q-[\w-]+)" value="([\w-]+)">', html)


def answer(client, html: str, *values: str):
    """Submit the step form on this page with the chosen option(s), as a browser would."""
    question = current_question(html)
    data = [*hidden_answers(html), ("step", question), *((f"q-{question}", value) for value in values)]
    query = "&".join(f"{key}={value}" for key, value in data)
    return client.get(f"/symptom-check/?{query}", follow=True)


def walk(client, choose):
    """Answer each question the engine asks with choose(question_slug) until the results page."""
    page = client.get("/symptom-check/?area=knee", follow=True)
    for _ in range(30):
        if "Your results" in page.text:
            return page
        page = answer(client, page.text, *choose(current_question(page.text)))
    raise AssertionError("the symptom check never finished")


def runners_knee_shopper(question: str) -> list[str]:
    if question in RUNNERS_KNEE_ANSWERS:
        value = RUNNERS_KNEE_ANSWERS[question]
        return value if isinstance(value, list) else [value]
    if question.startswith("safety-"):
        return ["no"]
    return ["not-sure"]


def test_a_runners_knee_shopper_walks_the_form_to_results_with_products_and_reasons(client, demo):
    results = walk(client, runners_knee_shopper)

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


def test_a_guide_preselects_the_body_area(client, demo):
    page = client.get("/symptom-check/?area=knee", follow=True)

    assert "q-where-does-it-hurt=knee" in page.redirect_chain[0][0]
    assert current_question(page.text) == "age"  # where it hurts is answered; the next early question is asked


def test_submitting_without_an_answer_re_renders_with_the_problem_named(client, demo):
    page = client.get("/symptom-check/?area=knee", follow=True)

    again = answer(client, page.text)  # nothing chosen

    assert again.status_code == 400
    assert "Please choose an answer, or “Not sure”." in again.text
    assert current_question(again.text) == current_question(page.text)


def test_back_keeps_the_earlier_answers_and_shows_the_last_one_chosen(client, demo):
    page = client.get("/symptom-check/?area=knee", follow=True)
    first = current_question(page.text)
    second_page = answer(client, page.text, "16-to-49")

    back_url = re.search(r'href="(\?[^"]+)">Back</a>', second_page.text).group(1).replace("&amp;", "&")
    back = client.get(f"/symptom-check/{back_url}")

    assert current_question(back.text) == first
    assert f'name="q-{first}" value="16-to-49" checked' in back.text
    assert ("q-where-does-it-hurt", "knee") in hidden_answers(back.text)


def test_an_urgent_answer_leads_with_advice_and_shows_no_products(client, demo):
    def urgent(question):
        injured = {"safety-injury": ["minor"], "safety-cannot-bear-weight": ["yes"]}
        return injured.get(question) or runners_knee_shopper(question)

    html = walk(client, urgent).text

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
