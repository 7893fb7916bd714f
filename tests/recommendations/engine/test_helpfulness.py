"""Shoppers' "did it help?" answers as a small, bounded prior in ranking; no database."""

from dataclasses import replace

import pytest

from recommendations.engine.policy import ScoringPolicy
from recommendations.engine.ranking import Catalogue, rank_condition
from recommendations.engine.recommend import recommend
from recommendations.engine.types import LONG_TERM
from tests.recommendations.engine.builders import condition, curation, product, treatment
from tests.recommendations.engine.knowledge import RUNNERS_KNEE, RUNNERS_KNEE_ANSWERS, build_index

CAP = ScoringPolicy.helpfulness_weight
KNEE = condition(treatments=[treatment("stretching", LONG_TERM, 1.0, "Stretching takes load off the kneecap.")])


def ranked(knee, *products):
    return {item.slug: item for item in rank_condition(knee, Catalogue(products)).phases[LONG_TERM]}


def order(knee, *products):
    return [item.slug for item in rank_condition(knee, Catalogue(products)).phases[LONG_TERM]]


def test_a_product_shoppers_say_helped_passes_a_slightly_stronger_match():
    products = [product("strap", stretching=1.0), product("band", stretching=0.97)]

    assert order(KNEE, *products) == ["strap", "band"]
    assert order(replace(KNEE, helpfulness={"band": 1.0}), *products) == ["band", "strap"]


@pytest.mark.parametrize("said", [1.0, -1.0, 25.0, -25.0])
def test_the_prior_moves_a_score_by_no_more_than_its_cap(said):
    products = [product("strap", stretching=0.6)]

    before = ranked(KNEE, *products)["strap"].score
    after = ranked(replace(KNEE, helpfulness={"strap": said}), *products)["strap"].score

    assert after != before
    assert abs(after - before) <= CAP + 1e-9


def test_no_amount_of_praise_passes_a_clearly_better_match():
    products = [product("strap", stretching=1.0), product("band", stretching=0.85)]

    assert order(replace(KNEE, helpfulness={"band": 1.0, "strap": -1.0}), *products) == ["strap", "band"]


def test_praise_never_lifts_a_product_above_a_pinned_one_nor_reorders_pins():
    pins = [curation("weak-band", "pin", position=1), curation("old-band", "pin", position=2)]
    knee = replace(KNEE, curations=tuple(pins), helpfulness={"strap": 1.0, "old-band": 1.0, "weak-band": -1.0})
    products = [
        product("strap", stretching=1.0),
        product("weak-band", stretching=0.1),
        product("old-band", stretching=0.1),
    ]

    items = ranked(knee, *products)

    assert order(knee, *products) == ["weak-band", "old-band", "strap"]
    assert items["weak-band"].score == ranked(replace(knee, helpfulness={}), *products)["weak-band"].score


def test_praise_never_brings_back_an_excluded_inactive_or_unrelated_product():
    knee = replace(
        KNEE,
        curations=(curation("brace", "exclude"),),
        helpfulness={"brace": 1.0, "old-strap": 1.0, "ball": 1.0},
    )
    products = [
        product("strap", stretching=0.5),
        product("brace", stretching=1.0),
        product("old-strap", stretching=1.0, active=False),
        product("ball", massage=1.0),  # serves no approach of the condition
    ]

    assert order(knee, *products) == ["strap"]


def test_an_out_of_stock_product_stays_below_every_in_stock_one_however_praised():
    knee = replace(KNEE, helpfulness={"sold-out": 1.0, "meh": -1.0})
    products = [product("sold-out", stretching=1.0, in_stock=False), product("meh", stretching=0.2)]

    assert order(knee, *products) == ["meh", "sold-out"]


def test_many_no_answers_lower_a_product_but_never_drop_it_from_the_list():
    knee = replace(KNEE, helpfulness={"tiny": -1.0})
    products = [product("tiny", stretching=0.01), product("strap", stretching=0.5)]

    assert order(knee, *products) == ["strap", "tiny"]
    assert ranked(knee, *products)["tiny"].score > 0


def test_praise_never_outweighs_the_safety_questions():
    praised = replace(RUNNERS_KNEE, helpfulness=dict.fromkeys(("cold-pack", "loop-strap", "band-set"), 1.0))
    index = build_index(conditions=(praised,))

    urgent = recommend(index, {**RUNNERS_KNEE_ANSWERS, "fall-with-deformity": "yes"})
    unanswered = recommend(index, {key: value for key, value in RUNNERS_KNEE_ANSWERS.items() if key != "pain-at-night"})

    assert (urgent.triage.level, urgent.products) == ("urgent", ())
    assert (unanswered.products, unanswered.safety_pending) == ((), ("pain-at-night",))
