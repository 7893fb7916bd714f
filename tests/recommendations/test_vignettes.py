"""Written shopper vignettes walked through the API, one question at a time, as an app would.

Each vignette (tests/recommendations/vignettes/*.yaml, loaded by tests/vignettes.py) is a shopper's
own words plus the answers they would honestly give. The walk starts with no answers and answers
whatever `next_question` asks until the check ends; a question the vignette has no answer for gets
"Not sure" (or "No" for a safety question, where the vignette vouches for no other warning signs).
Run with `-s` to see the figures.
"""

import pytest

from guides.vocabulary import SEE_DOCTOR, SELF_CARE, URGENT
from shop.api.throttling import AnonThrottle
from tests.vignettes import all_vignettes, answer_for, vignette_sets

pytestmark = pytest.mark.django_db

VIGNETTES = all_vignettes()
CARE = (SEE_DOCTOR, URGENT)
MAX_STEPS = 40


def walk(api_client, vignette: dict) -> tuple[dict, int]:
    """Answer the questions the API asks from the vignette; return the final result and how many were asked."""
    answers: dict[str, object] = {}
    for asked in range(MAX_STEPS):
        response = api_client.post("/api/v1/recommendations/", {"answers": answers, "limit": 6}, format="json")
        assert response.status_code == 200, (vignette["id"], response.json())
        body = response.json()
        question = body["next_question"]
        if question is None:
            return body, asked
        assert question["slug"] not in answers, f"{vignette['id']}: asked {question['slug']} twice"
        answers[question["slug"]] = answer_for(vignette, question)
    raise AssertionError(f"{vignette['id']}: the check did not end after {MAX_STEPS} questions")


@pytest.fixture
def walked(api_client, demo, monkeypatch):
    # Hundreds of requests from one client in a few seconds: lift the anonymous rate limit for the walk.
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    return [(vignette, *walk(api_client, vignette)) for vignette in VIGNETTES]


def test_there_are_enough_vignettes_of_every_kind():
    assert len(VIGNETTES) >= 150
    assert sum(1 for v in VIGNETTES if v["expect"]["red_flag"]) >= 40
    # Passes once uncovered.yaml (complaints Limber does not cover, branch `unknowns`) is in the set.
    assert sum(1 for v in VIGNETTES if v["expect"]["condition"] is None and not v["expect"]["red_flag"]) >= 30


def test_vignettes_meet_the_safety_and_accuracy_bar(walked):
    flagged = [(v, body) for v, body, _ in walked if v["expect"]["red_flag"]]
    covered = [(v, body) for v, body, _ in walked if v["expect"]["condition"] and not v["expect"]["red_flag"]]
    unmatched = [(v, body) for v, body, _ in walked if v["expect"]["condition"] is None and not v["expect"]["red_flag"]]

    missed_flags = [v["id"] for v, body in flagged if body["triage"]["level"] not in (SEE_DOCTOR, URGENT)]
    misses = [
        (v["id"], [c["slug"] for c in body["conditions"][:3]])
        for v, body in covered
        if v["expect"]["condition"] not in [c["slug"] for c in body["conditions"][:3]]
    ]
    overclaimed = [
        v["id"]
        for v, body in unmatched
        if any(c["probability"] >= 0.5 or c["label"] == "likely" for c in body["conditions"])
    ]
    wrong_triage = [
        (v["id"], body["triage"]["level"]) for v, body, _ in walked if body["triage"]["level"] != v["expect"]["triage"]
    ]
    benign = [(v, body) for v, body, _ in walked if v["expect"]["triage"] == SELF_CARE and not v["expect"]["red_flag"]]
    over_triaged = [(v["id"], body["triage"]["level"]) for v, body in benign if body["triage"]["level"] in CARE]
    recall = 1 - len(missed_flags) / len(flagged)
    over_triage = len(over_triaged) / len(benign)
    top3 = 1 - len(misses) / len(covered)
    overclaim_rate = len(overclaimed) / len(unmatched)
    mean_questions = sum(asked for _v, _body, asked in walked) / len(walked)
    max_questions = max(asked for _v, _body, asked in walked)
    print(
        f"\nvignettes: {len(walked)} ({len(flagged)} red flag, {len(covered)} covered, {len(unmatched)} none fits)"
        f"\nred-flag recall: {recall:.0%}; top-3 accuracy: {top3:.0%} (misses: {misses});"
        f"\nnamed likely when none fits: {overclaim_rate:.0%} ({overclaimed});"
        f"\nover-triage of benign complaints: {over_triage:.0%} of {len(benign)} ({over_triaged});"
        f"\ntriage as expected: {1 - len(wrong_triage) / len(walked):.0%} (else: {wrong_triage});"
        f"\nquestions asked: mean {mean_questions:.1f}, max {max_questions}"
    )

    by_set = set_figures(walked)
    for name, figures in by_set.items():
        print(
            f"{name}: "
            + "; ".join(
                f"{key} {value:.0%}" if isinstance(value, float) else f"{key} {value}" for key, value in figures.items()
            )
        )

    assert missed_flags == []
    assert top3 >= 0.9, misses
    assert overclaim_rate <= 0.1, overclaimed
    assert over_triage <= 0.1, over_triaged
    assert by_set["uncovered"]["named likely or >=50% when none fits"] <= 0.1, by_set["uncovered"]


def set_figures(walked) -> dict[str, dict[str, object]]:
    """Each vignette file's own figures: how many, top-3 accuracy, named likely when none fits, questions."""
    set_of = {vignette["id"]: name for name, vignettes in vignette_sets().items() for vignette in vignettes}
    figures: dict[str, dict[str, object]] = {}
    for name in vignette_sets():
        rows = [(v, body, asked) for v, body, asked in walked if set_of[v["id"]] == name]
        covered = [(v, b) for v, b, _ in rows if v["expect"]["condition"] and not v["expect"]["red_flag"]]
        unmatched = [b for v, b, _ in rows if v["expect"]["condition"] is None and not v["expect"]["red_flag"]]
        shown: dict[str, object] = {"vignettes": len(rows)}
        if covered:
            hits = sum(v["expect"]["condition"] in [c["slug"] for c in b["conditions"][:3]] for v, b in covered)
            shown["top-3"] = hits / len(covered)
        if unmatched:
            claimed = sum(
                any(c["probability"] >= 0.5 or c["label"] == "likely" for c in b["conditions"]) for b in unmatched
            )
            shown["named likely or >=50% when none fits"] = claimed / len(unmatched)
            shown["can't tell"] = sum(b["cannot_tell"] for b in unmatched) / len(unmatched)
        asked = [n for _v, _b, n in rows]
        shown["questions"] = f"mean {sum(asked) / len(asked):.1f}, max {max(asked)}"
        figures[name] = shown
    return figures


def test_no_vignette_gets_products_before_its_safety_answers_or_after_an_urgent_one(walked):
    for vignette, body, _asked in walked:
        if body["triage"]["level"] == URGENT or body["triage"]["withhold_products"]:
            assert body["products"] == [], vignette["id"]
        assert body["safety_pending"] == [], vignette["id"]
