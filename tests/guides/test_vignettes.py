"""The shopper vignettes speak the questionnaire's language, so a walk through them tests the engine, not typos."""

from pathlib import Path

import yaml

from guides import vocabulary
from guides.content_files import CONTENT_DIR
from guides.content_questionnaire import QUESTIONNAIRE
from tests.vignettes import all_vignettes

TRIAGE = {"self_care", "see_doctor", "urgent"}


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_every_vignette_answers_real_questions_with_real_options_and_every_safety_question_that_applies():
    questions = {q["slug"]: q for q in load(CONTENT_DIR / QUESTIONNAIRE)["questions"]}
    areas = {o["slug"]: o["body_area"] for o in questions["where-does-it-hurt"]["options"]}
    conditions = {path.stem for path in (CONTENT_DIR / "guides").glob("*.md")}
    vignettes = all_vignettes()

    problems = []
    for vignette in vignettes:
        answers, expect = vignette["answers"], vignette["expect"]
        for slug, chosen in answers.items():
            if slug not in questions:
                problems.append(f"{vignette['id']}: unknown question {slug}")
            known = questions.get(slug, {"options": []})["options"]
            options = {o["slug"] for o in known} | {vocabulary.NOT_SURE}
            for option in chosen if isinstance(chosen, list) else [chosen]:
                if option not in options:
                    problems.append(f"{vignette['id']}: {slug}={option}")
        area = areas[answers["where-does-it-hurt"]]
        for slug, question in questions.items():
            applies = not question.get("body_areas") or area in question["body_areas"]
            vouched = vignette.get("no_other_warning_signs")
            if question["stage"] == "safety" and applies and slug not in answers and not vouched:
                problems.append(f"{vignette['id']}: safety question {slug} unanswered")
        if expect["triage"] not in TRIAGE or (expect["condition"] and expect["condition"] not in conditions):
            problems.append(f"{vignette['id']}: expect {expect}")
    assert not problems
    assert len({vignette["id"] for vignette in vignettes}) == len(vignettes) >= 40


def test_the_vignettes_cover_every_condition_every_red_flag_and_complaints_no_condition_fits():
    questions = load(CONTENT_DIR / QUESTIONNAIRE)["questions"]
    vignettes = all_vignettes()
    conditions = {path.stem for path in (CONTENT_DIR / "guides").glob("*.md")}
    flags = {(q["slug"], o["slug"]) for q in questions for o in q["options"] if o.get("red_flag")}
    safety = {q["slug"] for q in questions if q["stage"] == "safety"}

    self_care = [v for v in vignettes if not v["expect"]["red_flag"]]
    answered = {(slug, option) for v in vignettes for slug, option in v["answers"].items() if isinstance(option, str)}
    assert {v["expect"]["condition"] for v in self_care} >= conditions
    assert flags <= answered
    assert {slug for slug, option in answered if option == vocabulary.NOT_SURE} >= safety
    assert len([v for v in self_care if v["expect"]["condition"] is None]) >= 5
    assert all(v["expect"]["triage"] != "self_care" for v in vignettes if v["expect"]["red_flag"])
