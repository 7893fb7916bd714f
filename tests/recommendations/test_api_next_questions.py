"""`next_questions`: the API's grouped form of the symptom check, and the walk-through in docs/api-symptom-check.md."""

import itertools
import json
import re
from pathlib import Path

import pytest

from tests.helpers import shows

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "api-symptom-check.md"


def post(api_client, body):
    return api_client.post("/api/v1/recommendations/", body, format="json")


def documented_exchanges() -> list[tuple[dict, dict]]:
    """Each request of the walk-through with the (abridged) response documented after it."""
    blocks = re.findall(r"```json (request|response)\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    pairs = []
    for (kind, text), (next_kind, next_text) in itertools.pairwise(blocks):
        if kind == "request" and next_kind == "response":
            pairs.append((json.loads(text), json.loads(next_text)))
    return pairs


def test_the_documented_walk_through_is_what_the_api_answers(api_client, demo):
    exchanges = documented_exchanges()

    assert len(exchanges) >= 3
    for request, documented in exchanges:
        response = post(api_client, request)
        assert response.status_code == 200, (request, response.json())
        assert shows(response.json(), documented), (request, json.dumps(response.json(), indent=1)[:3000])


def test_next_questions_start_with_where_it_hurts_and_age_together(api_client, demo):
    body = post(api_client, {"answers": {}}).json()

    assert [question["slug"] for question in body["next_questions"]] == ["where-does-it-hurt", "age"]
    assert body["next_questions"][0] == body["next_question"]


def test_every_safety_question_that_applies_comes_as_one_checklist(api_client, demo):
    body = post(api_client, {"answers": {"where-does-it-hurt": "knee", "age": "16-to-49"}}).json()

    slugs = [question["slug"] for question in body["next_questions"]]
    # Every owed safety question is on the checklist, except a follow-up that matters only after a
    # worrying answer to another one on it: that one comes on the next screen.
    assert slugs == [slug for slug in body["safety_pending"] if slug in slugs]
    assert len(slugs) >= 3
    assert {question["stage"] for question in body["next_questions"]} == {"safety"}
    assert all("knee" in q["body_areas"] or not q["body_areas"] for q in body["next_questions"])


def test_symptom_questions_come_a_few_at_a_time_and_end_with_the_check(api_client, demo):
    owed = post(api_client, {"answers": {"where-does-it-hurt": "knee"}}).json()["safety_pending"]
    safe = {"where-does-it-hurt": "knee", "age": "16-to-49", **{slug: "no" for slug in owed if slug != "age"}}
    asked = post(api_client, {"answers": safe}).json()
    slugs = [question["slug"] for question in asked["next_questions"]]
    answered = {**safe, "knee-where-exactly": "front", "knee-worse-with": ["stairs", "kneeling-squatting"]}
    answered |= {slug: "not-sure" for slug in slugs if slug not in answered}
    done = post(api_client, {"answers": answered}).json()

    assert 2 <= len(slugs) <= 4
    assert slugs[0] == asked["next_question"]["slug"]
    assert len(set(slugs)) == len(slugs)
    assert {question["stage"] for question in asked["next_questions"]} == {"symptoms"}
    assert done["conditions"][0]["slug"] == "runners-knee"
    assert done["next_questions"] == [] or done["next_questions"][0] == done["next_question"]
    assert not set(slugs) & {question["slug"] for question in done["next_questions"]}


def test_an_urgent_answer_leaves_nothing_to_ask(api_client, demo):
    answers = {"where-does-it-hurt": "knee", "safety-injury": "hard-impact", "safety-deformity": "yes"}
    body = post(api_client, {"answers": answers}).json()

    assert body["triage"]["level"] == "urgent"
    assert body["next_question"] is None
    assert body["next_questions"] == []


def test_the_schema_documents_next_questions(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    recommendation = schema["components"]["schemas"]["Recommendation"]
    assert "next_questions" in recommendation["required"]
    field = recommendation["properties"]["next_questions"]
    assert field["type"] == "array"
    assert field["items"]["$ref"].endswith("/Question")
    assert "safety" in field["description"]
