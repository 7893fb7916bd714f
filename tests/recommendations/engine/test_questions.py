"""Which question comes next, and what is asked before the check stops; no database."""

from recommendations.engine.policy import ScoringPolicy
from recommendations.engine.recommend import recommend
from tests.recommendations.engine.knowledge import build_thigh_index

INDEX = build_thigh_index()
THIGH = {"where-does-it-hurt": "thigh"}


class NoMoreGain(ScoringPolicy):
    """Expected information gain never asks: only what the check confirms before stopping is left."""

    min_information_gain = 10.0


class NoSeparating(NoMoreGain):
    min_separating_gain = 2.0  # more than a question can tell two conditions apart by


def test_before_stopping_the_top_conditions_unconfirmed_defining_sign_is_asked():
    result = recommend(INDEX, {**THIGH, "front-thigh": "yes"}, policy=NoMoreGain())

    assert result.conditions[0].slug == "hip-flexor-strain"
    assert result.next_question.slug == "knee-lift"  # its other defining sign


def test_before_stopping_the_question_that_separates_the_top_condition_from_its_rival_is_asked():
    # Front of the thigh, hurting as the knee lifts: a strain, on the face of it, and it is named likely.
    # A day or two after new exercise it would be soreness instead, still "less likely" only because unasked.
    answers = {**THIGH, "front-thigh": "yes", "knee-lift": "yes"}

    result = recommend(INDEX, answers, policy=NoMoreGain())

    assert [(c.slug, c.label) for c in result.conditions[:2]] == [
        ("hip-flexor-strain", "likely"),
        ("muscle-soreness", "less likely"),
    ]
    assert result.next_question.slug == "new-exercise"
    assert recommend(INDEX, answers, policy=NoSeparating()).next_question is None


def test_the_separating_answer_changes_the_result_and_then_the_check_stops():
    after_new_exercise = {**THIGH, "front-thigh": "yes", "knee-lift": "yes", "new-exercise": "yes"}
    strain = {**THIGH, "front-thigh": "yes", "knee-lift": "yes", "new-exercise": "no", "whole-muscles": "no"}

    soreness = recommend(INDEX, after_new_exercise)
    settled = recommend(INDEX, strain)

    assert soreness.conditions[0].slug == "muscle-soreness"
    assert soreness.cannot_tell  # its spread over whole muscles is still to ask
    assert settled.next_question is None
    assert (settled.conditions[0].slug, settled.conditions[0].label) == ("hip-flexor-strain", "likely")
