"""Red flags to triage levels; no database."""

import pytest

from recommendations.engine.answers import answers_parse, evidence_from
from recommendations.engine.triage import triage
from tests.recommendations.engine.knowledge import QUESTIONS

BY_SLUG = {q.slug: q for q in QUESTIONS}


def level_of(answers):
    return triage(evidence_from(BY_SLUG, answers_parse(BY_SLUG, answers, max_answers=20)))


def test_no_red_flag_is_self_care():
    result = level_of({"fall-with-deformity": "no", "pain-at-night": "no"})

    assert result.level == "self_care"


@pytest.mark.parametrize(
    ("answers", "level", "message"),
    [
        ({"fall-with-deformity": "yes"}, "urgent", "urgent care today"),
        ({"pain-at-night": "yes"}, "see_doctor", "Pain at rest"),
    ],
)
def test_each_red_flag_alone_raises_triage_with_its_message(answers, level, message):
    result = level_of(answers)

    assert result.level == level
    assert message in result.message


def test_the_strongest_red_flag_wins():
    result = level_of({"fall-with-deformity": "yes", "pain-at-night": "yes"})

    assert result.level == "urgent"
    assert "urgent care today" in result.message
    assert "Pain at rest" not in result.message
