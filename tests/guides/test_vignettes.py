"""The shopper vignettes speak the questionnaire's language, so a walk through them tests the engine, not typos."""

from pathlib import Path

import yaml

from guides import vocabulary
from guides.content_files import CONTENT_DIR
from guides.content_questionnaire import QUESTIONNAIRE
from guides.content_red_flags import RED_FLAGS
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


def meets(answers: dict, clause: dict) -> bool:
    """Whether a vignette's answers meet one clause of a red-flag rule."""
    if "any_of" in clause:
        return any(meets(answers, part) for part in clause["any_of"])
    chosen = answers.get(clause["question"])
    return any(
        str(option) in map(str, clause["answers"]) for option in (chosen if isinstance(chosen, list) else [chosen])
    )


def test_the_vignettes_cover_every_condition_every_red_flag_rule_and_complaints_no_condition_fits():
    questions = load(CONTENT_DIR / QUESTIONNAIRE)["questions"]
    rules = load(CONTENT_DIR / RED_FLAGS)
    areas = {o["slug"]: o["body_area"] for q in questions for o in q["options"] if o.get("body_area")}
    vignettes = all_vignettes()
    conditions = {path.stem for path in (CONTENT_DIR / "guides").glob("*.md")}

    self_care = [v for v in vignettes if not v["expect"]["red_flag"]]
    met = {
        rule["slug"]
        for rule in rules["rules"]
        for v in vignettes
        if (rule["regions"] == ["any"] or areas[v["answers"]["where-does-it-hurt"]] in rule["regions"])
        and (not rule.get("ages") or v["answers"].get(rules["age_question"]) in rule["ages"])
        and all(meets(v["answers"], clause) for clause in rule.get("when", []))
    }
    answered = {(slug, option) for v in vignettes for slug, option in v["answers"].items() if isinstance(option, str)}
    assert {v["expect"]["condition"] for v in self_care} >= conditions
    assert met == {rule["slug"] for rule in rules["rules"]}
    assert {slug for slug, option in answered if option == vocabulary.NOT_SURE} >= {
        "safety-injury",
        "safety-neck-injury",
        "safety-deformity",
        "safety-cannot-bear-weight",
        "safety-calf-swollen",
        "safety-cauda-equina",
        "safety-chest-heart-type",
        "safety-head-sudden-severe",
    }
    assert len([v for v in self_care if v["expect"]["condition"] is None]) >= 5
    assert all(v["expect"]["triage"] != "self_care" for v in vignettes if v["expect"]["red_flag"])
