import json

import pytest

from analytics.models import Assessment
from shop.api.examples import examples_data
from tests.factories import (
    ApproachFactory,
    ArticleFactory,
    BodyAreaFactory,
    ConditionFactory,
    ConditionTreatmentFactory,
)
from tests.helpers import records_queries

pytestmark = pytest.mark.django_db

RUNNERS_KNEE = {
    "where-does-it-hurt": "knee",
    "safety-injury": "no",
    "safety-fever": "no",
    "safety-deformity": "no",
    "safety-cannot-bear-weight": "no",
    "safety-knee-locking-giving-way": "no",
    "safety-hot-swollen-joint": "no",
    "safety-general-health": "no",
    "safety-night-rest-pain": "no",
    "knee-where-exactly": "front",
    "knee-worse-with": ["stairs", "kneeling-squatting", "standing-after-sitting"],
    "knee-morning-stiffness": "no",
    "age": "16-to-49",
}


def request_queries(*, events: bool = True) -> int:
    """Queries of a recommendation request: none, or the index version check when the cache
    is not shared (with Redis the version is read from the cache), whether the products it
    shows are still in stock (when it shows any: `events`), and storing its records."""
    from shop.cache import cache_is_shared

    return (0 if cache_is_shared() else 1) + (1 if events else 0) + records_queries(assessment=True, events=events)


def post(api_client, body, **kwargs):
    return api_client.post("/api/v1/recommendations/", body, format="json", **kwargs)


def test_conditions_list_with_body_areas_and_guide_links(api_client, demo):
    response = api_client.get("/api/v1/conditions/", {"body_area": "knee"})

    rows = {row["slug"]: row for row in response.json()["results"]}
    assert set(rows) == {
        *("runners-knee", "it-band-syndrome", "patellar-tendinopathy", "knee-osteoarthritis"),
        *("osgood-schlatter", "pes-anserine-pain"),
    }
    assert rows["runners-knee"]["article_url"] == "http://testserver/guides/runners-knee/"


def test_condition_detail_has_symptoms_and_treatments_by_phase(api_client, demo):
    body = api_client.get("/api/v1/conditions/runners-knee/").json()

    assert {t["phase"] for t in body["treatments"]} == {"immediate", "long_term"}
    assert any(s["slug"] == "knee-front-dull-ache" and s["likelihood"] > 0.5 for s in body["symptoms"])


def test_unpublished_conditions_and_guides_are_hidden(api_client, rebuild_index):
    ArticleFactory(condition=ConditionFactory(slug="draft", is_published=False), slug="draft")
    rebuild_index()

    assert api_client.get("/api/v1/conditions/draft/").status_code == 404
    assert api_client.get("/api/v1/articles/draft/").status_code == 404


def test_article_detail_has_rendered_sections_and_the_disclaimer(api_client, demo):
    body = api_client.get("/api/v1/articles/runners-knee/").json()

    assert [s["name"] for s in body["sections"]][-1] == "when_to_see_doctor"
    assert body["sections"][0]["html"].startswith("<p>")
    assert "knee-cold-wrap" in body["mentioned_products"]
    assert body["disclaimer"].startswith("Not medical advice")


def test_article_recommendations_group_products_by_phase_with_reasons(api_client, demo):
    body = api_client.get("/api/v1/articles/runners-knee/recommendations/", {"limit": 3}).json()

    assert set(body["phases"]) == {"immediate", "long_term"}
    for items in body["phases"].values():
        assert 1 <= len(items) <= 3
        assert all(item["reasons"] for item in items)
    assert body["disclaimer"].startswith("Not medical advice")


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/v1/articles/runners-knee/recommendations/", {"limit": "0"}, "limit"),
        ("/api/v1/articles/runners-knee/recommendations/", {"limit": "999"}, "limit"),
        ("/api/v1/articles/runners-knee/recommendations/", {"limit": "many"}, "limit"),
        ("/api/v1/conditions/", {"body_area": "elbowz"}, "body_area"),
        ("/api/v1/articles/", {"page": "0"}, "page"),
    ],
)
def test_bad_parameters_are_400_with_a_message(api_client, demo, url, params, field):
    response = api_client.get(url, params)

    assert response.status_code == 400
    assert response.json()[field]


def test_questionnaire_lists_questions_with_not_sure_on_each(api_client, demo):
    body = api_client.get("/api/v1/questionnaire/").json()

    questions = body["questions"]
    assert questions[0]["slug"] == "where-does-it-hurt"
    assert all(q["options"][-1] == {"slug": "not-sure", "label": "Not sure"} for q in questions if q["slug"] != "age")
    age = next(q for q in questions if q["slug"] == "age")
    assert "not-sure" not in [option["slug"] for option in age["options"]]  # everyone knows how old they are
    knee = next(q for q in questions if q["slug"] == "knee-worse-with")
    assert knee["allows_multiple"] is True
    assert knee["body_areas"] == ["knee"]


def test_every_option_a_question_lists_is_accepted_and_not_sure_only_where_listed(api_client, demo):
    questions = api_client.get("/api/v1/questionnaire/").json()["questions"]
    age = next(q for q in questions if q["slug"] == "age")
    knee = next(q for q in questions if q["slug"] == "knee-where-exactly")

    for question in (age, knee):
        for option in question["options"]:
            answer = {"where-does-it-hurt": "knee", question["slug"]: option["slug"]}
            assert post(api_client, {"answers": answer}).status_code == 200, (question["slug"], option)
    refused = post(api_client, {"answers": {"age": "not-sure"}})

    assert refused.status_code == 400
    assert "not-sure" in refused.json()["answers.age"][0]


def test_runners_knee_answers_get_runners_knee_and_stretching_and_massage_tools(api_client, demo):
    response = post(api_client, {"answers": RUNNERS_KNEE, "limit": 6})

    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"triage", "conditions", "products", "next_question", "index_version"}
    assert body["triage"]["level"] == "self_care"
    assert body["conditions"][0]["slug"] == "runners-knee"
    assert body["conditions"][0]["article_url"].endswith("/guides/runners-knee/")
    reasons = {item["slug"]: " ".join(item["reasons"]) for item in body["products"]}
    assert any("stretching for lasting recovery" in text for text in reasons.values())
    assert not any("→" in text or "%" in text for text in reasons.values())  # sentences, no machine output
    assert len({item["reasons"][0] for item in body["products"]}) == len(body["products"])  # no repeated line
    assert body["match"] == "likely"
    assert body["safety_pending"] == []
    assert {item["phase"] for item in body["products"]} == {"immediate", "long_term"}
    assert all(
        set(item) >= {"slug", "name", "price", "currency", "in_stock", "url", "image", "score", "phase", "reasons"}
        for item in body["products"]
    )


def test_the_evidence_for_a_condition_is_about_the_pain_not_the_shoppers_age(api_client, demo):
    safety_only = {slug: value for slug, value in RUNNERS_KNEE.items() if not slug.startswith("knee-")}
    where_and_when = {**safety_only, "knee-where-exactly": "front", "knee-worse-with": ["stairs", "kneeling-squatting"]}
    answered = post(api_client, {"answers": where_and_when}).json()
    little = post(api_client, {"answers": safety_only}).json()

    for condition in answered["conditions"]:
        assert condition["evidence"], condition["slug"]
        assert "age" not in [item["question"] for item in condition["evidence"]], condition
    # With nothing said about the pain yet, age is all that moved a condition: it is shown, rather than nothing.
    assert any([item["question"] for item in condition["evidence"]] == ["age"] for condition in little["conditions"])


def essentials(answer: dict) -> dict:
    """What a recommendation answer tells a client, without the numbers and versions that drift."""
    return {
        "triage": answer["triage"]["level"],
        "match": answer["match"],
        "safety_pending": answer["safety_pending"],
        "conditions": [condition["slug"] for condition in answer["conditions"]],
        "next_question": (answer["next_question"] or {}).get("slug"),
        "next_questions": [question["slug"] for question in answer["next_questions"]],
    }


@pytest.mark.parametrize("example", examples_data()["recommendations_create"], ids=lambda example: example["name"])
def test_each_recommendation_example_in_the_schema_gets_the_answer_it_documents(api_client, demo, example):
    answer = post(api_client, example["body"]).json()

    got, documented = essentials(answer), essentials(example["response"])
    # The examples keep the first two items of a list of objects.
    for key in ("conditions", "next_questions"):
        got[key] = got[key][: len(documented[key])]
    assert got == documented


def test_the_recommendation_examples_do_what_their_summaries_say(api_client, demo):
    examples = {example["name"]: example for example in examples_data()["recommendations_create"]}
    start, safety, runner = (
        post(api_client, examples[name]["body"]).json() for name in ("Start a check", "Where and age", "Runner's knee")
    )

    assert start["next_question"]["slug"] == "where-does-it-hurt"
    assert {q["stage"] for q in safety["next_questions"]} == {"safety"}
    assert runner["triage"]["level"] not in ("incomplete", "urgent")
    assert runner["conditions"][0]["slug"] == "runners-knee"
    assert runner["products"]


@pytest.mark.parametrize(
    ("answer", "level"),
    [
        ({"safety-injury": "minor", "safety-deformity": "yes"}, "urgent"),
        ({"safety-injury": "minor", "safety-cannot-bear-weight": "yes"}, "urgent"),
        ({"safety-hot-swollen-joint": "yes-with-fever"}, "urgent"),
        ({"safety-hot-swollen-joint": "yes"}, "see_doctor"),
        ({"safety-knee-locking-giving-way": "yes"}, "see_doctor"),
    ],
)
def test_each_red_flag_alone_raises_triage(api_client, demo, answer, level):
    body = post(api_client, {"answers": {"where-does-it-hurt": "knee", **answer}}).json()

    assert body["triage"]["level"] == level
    assert body["products"] == []  # the other safety questions are still owed, or the check ended
    assert body["next_question"] is None or body["next_question"]["slug"] in body["safety_pending"]


def test_not_sure_everywhere_still_answers_and_asks_the_safety_questions_first(api_client, demo):
    body = post(api_client, {"answers": {"where-does-it-hurt": "not-sure", "knee-where-exactly": "not-sure"}}).json()

    assert body["triage"]["level"] == "incomplete"
    assert body["products"] == []
    assert body["conditions"] == []
    assert body["next_question"]["slug"] == body["safety_pending"][0]
    # Age first, then the first safety question for every area.
    assert body["safety_pending"][:2] == ["age", "safety-fever"]


def test_next_question_is_offered_until_the_answers_are_clear(api_client, demo):
    early = post(api_client, {"answers": {"where-does-it-hurt": "knee", "age": "16-to-49"}}).json()
    # Before it stops, the check asks what tells runner's knee from its neighbours (how it started, when it is worst).
    also = {"when-is-it-worst": "activity", "how-did-it-start": "gradually", "knee-tendon-tender": "no"}
    answers, asked = dict(RUNNERS_KNEE), []
    done = post(api_client, {"answers": answers}).json()
    while done["next_question"] and len(asked) < 6:
        asked.append(done["next_question"]["slug"])
        answers[asked[-1]] = also.get(asked[-1], "not-sure")
        done = post(api_client, {"answers": answers}).json()

    assert early["next_question"]["slug"].startswith("safety-")
    assert {"slug": "not-sure", "label": "Not sure"} in early["next_question"]["options"]
    assert done["next_question"] is None
    assert len(asked) <= 4, asked
    assert (done["conditions"][0]["slug"], done["conditions"][0]["label"]) == ("runners-knee", "likely")


@pytest.mark.parametrize(
    ("body", "path", "message"),
    [
        ({"answers": {"no-such-question": "yes"}}, ("answers.no-such-question",), "Unknown question"),
        ({"answers": {"knee-where-exactly": "elbow"}}, ("answers.knee-where-exactly",), "Unknown option"),
        (
            {"answers": {"knee-where-exactly": ["front", "outer"]}},
            ("answers.knee-where-exactly",),
            "takes one answer",
        ),
        ({"answers": {}, "limit": 0}, ("limit",), "greater than or equal to 1"),
        ({"answers": {}, "limit": 51}, ("limit",), "less than or equal to 50"),
        ({"answers": {}, "limit": "six"}, ("limit",), "whole number"),
        ({"answers": {f"q{n}": "yes" for n in range(61)}}, ("answers",), "at most 60"),
        ({"answers": "knee"}, ("answers",), "dictionary"),
        ({"answers": {}, "answer": {}}, ("answer",), "Unknown field"),
        ({}, ("answers",), "required"),
    ],
)
def test_bad_requests_are_400_with_a_message_per_field_and_write_nothing(api_client, demo, body, path, message):
    response = post(api_client, body)

    assert response.status_code == 400
    detail = response.json()
    for key in path:
        detail = detail[key]
    assert message in " ".join(detail)
    assert not Assessment.objects.exists()


def test_a_body_that_is_not_json_is_400(api_client, demo):
    response = api_client.post("/api/v1/recommendations/", "answers=knee", content_type="application/json")

    assert response.status_code == 400
    assert "not valid JSON" in response.json()["body"][0]
    assert not Assessment.objects.exists()


def test_a_form_encoded_body_is_refused(api_client, demo):
    response = api_client.post("/api/v1/recommendations/", {"answers": "x"})

    assert response.status_code == 415


def test_each_answered_check_is_stored_as_an_anonymous_assessment(api_client, demo):
    from analytics.services import events_flush

    body = post(api_client, {"answers": RUNNERS_KNEE}).json()
    events_flush()  # the periodic flush (with Redis; without it the record is stored at once)

    record = Assessment.objects.get()
    assert record.top_condition == "runners-knee"
    assert record.triage_level == "self_care"
    assert record.source == "api"
    assert record.products == [item["slug"] for item in body["products"]]
    assert record.index_version == body["index_version"]
    assert record.answers["knee-worse-with"] == sorted(RUNNERS_KNEE["knee-worse-with"])


def test_results_are_cached_per_answers_and_index_version(api_client, demo, rebuild_index, django_assert_num_queries):
    post(api_client, {"answers": RUNNERS_KNEE})
    reordered = dict(reversed(list(RUNNERS_KNEE.items())))

    with django_assert_num_queries(request_queries()):
        cached = post(api_client, {"answers": reordered}).json()
    rebuild_index()
    fresh = post(api_client, {"answers": RUNNERS_KNEE}).json()

    assert cached["index_version"] != fresh["index_version"]


@pytest.mark.parametrize("conditions", [1, 12])
def test_recommendation_query_count_is_constant(api_client, rebuild_index, django_assert_num_queries, conditions):
    knee = BodyAreaFactory(slug="knee")
    approach = ApproachFactory(slug="stretching")
    for n in range(conditions):
        condition = ConditionFactory(slug=f"c{n}", body_areas=[knee])
        ConditionTreatmentFactory(condition=condition, approach=approach)
    rebuild_index()
    post(api_client, {"answers": {}})  # the process now holds the index

    with django_assert_num_queries(request_queries(events=False)):  # no product to show
        response = post(api_client, {"answers": {}, "limit": 3})

    assert response.status_code == 200


def test_the_schema_documents_the_guides_and_recommendation_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    for path in (
        "/api/v1/conditions/",
        "/api/v1/conditions/{slug}/",
        "/api/v1/articles/",
        "/api/v1/articles/{slug}/",
        "/api/v1/articles/{slug}/recommendations/",
        "/api/v1/questionnaire/",
        "/api/v1/recommendations/",
    ):
        assert path in schema["paths"], path
    names = set(schema["components"]["schemas"])
    # Names a generated client's classes take: no doubled "Request", no bare "LevelEnum".
    assert {"RecommendationRequest", "Recommendation", "TriageLevel", "RecommendationMatch", "EvidenceEffect"} <= names
    assert not {name for name in names if "RequestRequest" in name} | ({"LevelEnum", "MatchEnum", "EffectEnum"} & names)
    request_schema = json.dumps(schema["components"]["schemas"]["RecommendationRequest"])
    assert "answers" in request_schema
    assert "limit" in request_schema


def test_a_complaint_limber_does_not_cover_gets_cant_tell_with_products_that_suit_every_candidate(api_client, demo):
    # A clicking, catching thumb (trigger thumb): no guide covers it, and no answer confirms one that does.
    from recommendations.engine.ranking import product_fits
    from recommendations.index.current import index_current

    questions = api_client.get("/api/v1/questionnaire/").json()["questions"]
    safety = {
        q["slug"]: "no"
        for q in questions
        if q["stage"] == "safety"
        and (not q["body_areas"] or "elbow-wrist" in q["body_areas"])
        and any(option["slug"] == "no" for option in q["options"])
    }
    answers = {
        "where-does-it-hurt": "elbow-wrist",
        **safety,
        "age": "50-to-64",
        "how-did-it-start": "gradually",
        "elbow-where-exactly": "hand-fingers",
        "fingers-tingling-at-night": "no",
        "thumb-pinch-turn": "no",
        "thumb-side-lifting": "no",
        "elbow-grip-twist": "no",
    }

    body = post(api_client, {"answers": answers, "limit": 6}).json()

    assert body["triage"]["level"] == "self_care"
    assert body["cannot_tell"] is True
    assert body["match"] in {"possible", "none"}
    assert all(c["label"] != "likely" and c["probability"] < 0.5 for c in body["conditions"])
    assert "physiotherapist" in body["advice"]
    index = index_current()
    candidates = [index.conditions_by_slug[c["slug"]] for c in body["conditions"] if c["probability"] >= 0.2]
    for item in body["products"]:
        product = index.products[item["slug"]]
        assert not product.only_for, item["slug"]  # "something else" is open: nothing made for one condition
        assert all(product_fits(product, condition) for condition in candidates), item["slug"]


def test_a_confirmed_condition_is_not_cant_tell(api_client, demo):
    body = post(api_client, {"answers": RUNNERS_KNEE, "limit": 6}).json()

    assert body["cannot_tell"] is False
    assert body["advice"] == ""


def test_the_schema_documents_cant_tell(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    fields = schema["components"]["schemas"]["Recommendation"]["properties"]
    assert "physiotherapist" in fields["cannot_tell"]["description"]
    assert fields["cannot_tell"]["type"] == "boolean"
    assert fields["advice"]["type"] == "string"
