"""Answers to evidence to condition probabilities; no database."""

import pytest

from recommendations.engine.answers import InvalidAnswers, answers_parse, evidence_from
from recommendations.engine.inference import OTHER, conditions_infer
from tests.recommendations.engine.knowledge import (
    IT_BAND,
    PLANTAR,
    QUESTIONS,
    RUNNERS_KNEE,
    RUNNERS_KNEE_ANSWERS,
)

BY_SLUG = {q.slug: q for q in QUESTIONS}
CONDITIONS = (RUNNERS_KNEE, IT_BAND, PLANTAR)


def infer(answers):
    evidence = evidence_from(BY_SLUG, answers_parse(BY_SLUG, answers, max_answers=20))
    return conditions_infer(CONDITIONS, evidence)


def probabilities(answers):
    results, _ = infer(answers)
    return {result.slug: result.probability for result in results}


def test_runners_knee_answers_make_runners_knee_likely():
    results, _ = infer(RUNNERS_KNEE_ANSWERS)

    assert results[0].slug == "runners-knee"
    assert results[0].probability > 0.8
    assert results[0].label == "likely"


def test_outer_knee_pain_downhill_points_to_it_band():
    results, _ = infer({"where-does-it-hurt": "knee", "knee-outer": "yes", "knee-worse-when": ["downhill"]})

    assert results[0].slug == "it-band-syndrome"


def test_reported_body_area_limits_the_candidates():
    assert "plantar-fasciitis" not in probabilities({"where-does-it-hurt": "knee"})
    assert set(probabilities({"where-does-it-hurt": "foot"})) <= {"plantar-fasciitis"}


def test_absent_evidence_counts_against():
    with_front = probabilities({"where-does-it-hurt": "knee", "knee-front": "yes"})
    without_front = probabilities({"where-does-it-hurt": "knee", "knee-front": "no"})

    assert without_front.get("runners-knee", 0) < with_front["runners-knee"]


def test_not_sure_gives_no_evidence():
    before = probabilities({"where-does-it-hurt": "knee"})
    after = probabilities({"where-does-it-hurt": "knee", "knee-front": "not-sure", "knee-outer": "not-sure"})

    assert after == before


def test_evidence_that_fits_nothing_leaves_probabilities_low():
    _, posterior = infer({"where-does-it-hurt": "knee", "knee-front": "no", "knee-outer": "no", "knee-sitting": "no"})

    assert posterior[OTHER] == max(posterior.values())
    assert all(p < 0.5 for slug, p in posterior.items() if slug != OTHER)


def test_something_else_keeps_its_probability_when_the_answers_fit_no_condition_well():
    # Knee pain, but not at the front, not on the outer side, and not on standing up: the shape of
    # neither knee condition. Answering more such questions must not hand the probability to one of them.
    few = {"where-does-it-hurt": "knee", "knee-front": "no"}
    more = {**few, "knee-outer": "no", "knee-sitting": "no", "knee-worse-when": "not-sure"}

    results, posterior = infer(more)

    assert posterior[OTHER] >= infer(few)[1][OTHER]
    assert all(result.label != "likely" and result.probability < 0.5 for result in results)


def test_answers_typical_of_a_condition_leave_little_to_something_else():
    _, posterior = infer(RUNNERS_KNEE_ANSWERS)

    assert posterior[OTHER] < 0.2


def test_likely_needs_the_defining_signs_confirmed_however_high_the_probability():
    # Stairs, kneeling and sitting all fit runner's knee, but the ache at the front (its defining sign) is unasked.
    unconfirmed = {"where-does-it-hurt": "knee", "knee-worse-when": ["stairs", "kneeling"], "knee-sitting": "yes"}
    not_sure = {**unconfirmed, "knee-front": "not-sure"}
    confirmed = {**unconfirmed, "knee-front": "yes"}

    for answers in (unconfirmed, not_sure):
        results, posterior = infer(answers)
        assert results[0].slug == "runners-knee"
        assert results[0].label == "possible"
        assert results[0].probability <= 0.45 + 1e-9
        assert posterior[OTHER] >= 0.4  # what the name cannot claim stays with "something else"
    results, _ = infer(confirmed)
    assert (results[0].slug, results[0].label) == ("runners-knee", "likely")
    assert results[0].probability > 0.8


def test_a_condition_that_lists_no_defining_sign_is_never_likely():
    from dataclasses import replace

    from recommendations.engine.answers import answers_parse, evidence_from

    undefined = replace(RUNNERS_KNEE, defining=frozenset())
    evidence = evidence_from(BY_SLUG, answers_parse(BY_SLUG, RUNNERS_KNEE_ANSWERS, max_answers=20))

    results, _ = conditions_infer((undefined, IT_BAND), evidence)

    assert results[0].slug == "runners-knee"
    assert results[0].label == "possible"


def test_each_condition_cites_the_answers_that_moved_it_both_ways():
    results, _ = infer({**RUNNERS_KNEE_ANSWERS, "knee-outer": "yes"})

    runners_knee = next(r for r in results if r.slug == "runners-knee")
    effects = {(item.question, item.effect) for item in runners_knee.evidence}
    assert ("knee-front", "for") in effects
    assert ("knee-outer", "against") in effects


@pytest.mark.parametrize(
    ("answers", "key", "message"),
    [
        ({"no-such-question": "yes"}, "no-such-question", "Unknown question"),
        ({"knee-front": "maybe"}, "knee-front", "Unknown option “maybe”"),
        ({"knee-front": ["yes", "no"]}, "knee-front", "takes one answer"),
        ({"knee-worse-when": ["stairs", "stairs"]}, "knee-worse-when", "same option is given twice"),
        ({"knee-front": 3}, "knee-front", "option slug"),
        ({"knee-front": []}, "knee-front", "option slug"),
    ],
)
def test_answers_that_do_not_fit_the_questionnaire_are_rejected_per_question(answers, key, message):
    with pytest.raises(InvalidAnswers) as caught:
        answers_parse(BY_SLUG, answers, max_answers=20)

    assert message in " ".join(caught.value.errors[key])


def test_too_many_answers_are_rejected():
    with pytest.raises(InvalidAnswers) as caught:
        answers_parse(BY_SLUG, {f"q{n}": "yes" for n in range(5)}, max_answers=4)

    assert "at most 4" in caught.value.errors["answers"][0]


def test_a_fact_about_the_person_moves_only_the_conditions_that_list_it():
    from dataclasses import replace

    from recommendations.engine.types import OptionInfo, QuestionInfo

    age = QuestionInfo(
        slug="age",
        text="How old are you?",
        stage=0,
        options=(
            OptionInfo(slug="young", label="Under 50", absent=frozenset({"age-fifty-plus"})),
            OptionInfo(slug="older", label="50 or over", present=frozenset({"age-fifty-plus"})),
        ),
    )
    by_slug = {**BY_SLUG, "age": age}
    rates = {"age-fifty-plus": 0.35}
    # As the index builder does: a condition that does not list the fact takes its share among all shoppers.
    wear = replace(RUNNERS_KNEE, slug="knee-wear", likelihoods={**RUNNERS_KNEE.likelihoods, "age-fifty-plus": 0.85})
    neutral = replace(IT_BAND, likelihoods={**IT_BAND.likelihoods, **rates})

    def infer_with_age(option):
        answers = {"where-does-it-hurt": "knee", "knee-outer": "yes", "age": option}
        evidence = evidence_from(by_slug, answers_parse(by_slug, answers, max_answers=20), base_rates=rates)
        return conditions_infer((wear, neutral), evidence)[1]

    unknown = infer_with_age("not-sure")
    older = infer_with_age("older")

    # Against "something else", the condition that does not list age is neither helped nor hurt by it...
    assert older["it-band-syndrome"] / older[OTHER] == pytest.approx(unknown["it-band-syndrome"] / unknown[OTHER])
    # ...while the one common from middle age on gains on both.
    assert older["knee-wear"] / older[OTHER] > 1.5 * unknown["knee-wear"] / unknown[OTHER]


def _age_knowledge():
    """The knowledge above with an age question, and a condition common from middle age on."""
    from dataclasses import replace

    from recommendations.engine.types import OptionInfo, QuestionInfo

    age = QuestionInfo(
        slug="age",
        text="How old are you?",
        stage=0,
        offers_not_sure=False,
        options=(
            OptionInfo(slug="young", label="Under 50", absent=frozenset({"age-fifty-plus"})),
            OptionInfo(slug="older", label="50 or over", present=frozenset({"age-fifty-plus"})),
        ),
    )
    wear = replace(RUNNERS_KNEE, slug="knee-wear", likelihoods={**RUNNERS_KNEE.likelihoods, "age-fifty-plus": 0.85})
    return {**BY_SLUG, "age": age}, {"age-fifty-plus": 0.35}, wear


def test_how_old_the_shopper_is_is_not_shown_as_a_sign_beside_answers_about_the_pain():
    by_slug, rates, wear = _age_knowledge()
    answers = {"where-does-it-hurt": "knee", "knee-front": "yes", "age": "older"}
    evidence = evidence_from(by_slug, answers_parse(by_slug, answers, max_answers=20), base_rates=rates)

    results, _ = conditions_infer((wear, IT_BAND), evidence)

    shown = [item.question for item in next(r for r in results if r.slug == "knee-wear").evidence]
    assert "knee-front" in shown
    assert "age" not in shown


def test_how_old_the_shopper_is_is_shown_when_it_is_all_that_moved_a_condition():
    by_slug, rates, wear = _age_knowledge()
    answers = {"where-does-it-hurt": "knee", "age": "older"}
    evidence = evidence_from(by_slug, answers_parse(by_slug, answers, max_answers=20), base_rates=rates)

    results, _ = conditions_infer((wear, IT_BAND), evidence)

    wear_result = next(r for r in results if r.slug == "knee-wear")
    assert [(item.question, item.effect) for item in wear_result.evidence] == [("age", "for")]
