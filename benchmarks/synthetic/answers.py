"""Answer sets and request bodies drawn from a plan's questionnaire, for recommend() and its API."""

from __future__ import annotations

import json
import random
from typing import Any

from benchmarks.synthetic.plan import rng_for
from benchmarks.synthetic.specs import DEFAULT_SEED, NOT_SURE, WHERE_QUESTION, Plan
from benchmarks.synthetic.vocabulary import BODY_AREAS

# Kinds of answer sets and how many of every 20 are of each kind.
ANSWER_KINDS: list[tuple[str, int]] = [
    ("empty", 1),
    ("area only", 3),
    ("area + red flags", 4),
    ("area + symptoms", 10),
    ("urgent red flag", 2),
]


def _answers(plan: Plan, kind: str, rng: random.Random) -> dict[str, Any]:
    """Draw one valid answer set of a kind."""
    if kind == "empty":
        return {}
    area = rng.choice(BODY_AREAS)[0]
    answers: dict[str, Any] = {WHERE_QUESTION: area}
    if kind == "area only":
        return answers
    safety = [question for question in plan.questions if question.stage == 20]
    for question in safety:
        answers[question.slug] = rng.choice(("no", "no", "no", NOT_SURE))
    if kind == "urgent red flag":
        urgent = [q for q in safety if any(option.red_flag == "urgent" for option in q.options)]
        answers[rng.choice(urgent).slug] = "yes"
        return answers
    if kind == "area + red flags":
        doctor = [q for q in safety if any(option.red_flag == "see_doctor" for option in q.options)]
        for question in rng.sample(doctor, rng.randint(1, 2)):
            answers[question.slug] = "yes"
        return answers
    symptom_questions = [q for q in plan.questions if q.stage == 30 and (not q.body_areas or area in q.body_areas)]
    for question in rng.sample(symptom_questions, rng.randint(2, min(5, len(symptom_questions)))):
        slugs = [option.slug for option in question.options]
        if rng.random() < 0.12:
            answers[question.slug] = NOT_SURE
        elif question.allows_multiple:
            answers[question.slug] = sorted(rng.sample(slugs, rng.randint(1, min(3, len(slugs)))))
        else:
            answers[question.slug] = rng.choice(slugs)
    return answers


def answer_sets(plan: Plan, count: int, *, seed: int = DEFAULT_SEED) -> list[tuple[str, dict[str, Any]]]:
    """Return `count` (kind, answers) pairs spread over ANSWER_KINDS in fixed proportions."""
    rng = rng_for(seed, "answers")
    cycle = [kind for kind, share in ANSWER_KINDS for _ in range(share)]
    return [(cycle[i % len(cycle)], _answers(plan, cycle[i % len(cycle)], rng)) for i in range(count)]


def body_key(body: dict[str, Any]) -> str:
    """Canonical JSON of a request body, as the result cache sees it (multiple choices sorted)."""
    answers = {k: sorted(v) if isinstance(v, list) else v for k, v in body["answers"].items()}
    return json.dumps({"answers": answers, "limit": body.get("limit", 6)}, sort_keys=True)


def request_bodies(plan: Plan, count: int, *, seed: int, seen: set[str] | None = None) -> list[str]:
    """Return `count` distinct JSON bodies for POST /api/v1/recommendations/, none of them in `seen`.

    Most ask for the default six products; some for 1..12, which widens the space of distinct bodies.
    `seen` is updated, so successive calls never repeat a body.
    """
    seen = set() if seen is None else seen
    rng = rng_for(seed, "bodies")
    cycle = [kind for kind, share in ANSWER_KINDS for _ in range(share)]
    bodies: list[str] = []
    attempts = 0
    while len(bodies) < count:
        attempts += 1
        if attempts > count * 50:
            raise RuntimeError(f"could only draw {len(bodies)} distinct bodies of {count}")
        kind = cycle[attempts % len(cycle)]
        body = {"answers": _answers(plan, kind, rng), "limit": 6 if rng.random() < 0.7 else rng.randint(1, 12)}
        key = body_key(body)
        if key in seen:
            continue
        seen.add(key)
        bodies.append(json.dumps(body, separators=(",", ":")))
    return bodies
