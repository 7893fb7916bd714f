"""Condition ranking rules; no database."""

import pytest

from recommendations.engine.policy import ScoringPolicy
from recommendations.engine.ranking import Catalogue, product_fits, rank_condition
from recommendations.engine.types import IMMEDIATE, LONG_TERM
from tests.recommendations.engine.builders import condition, curation, product, treatment

KNEE = condition(
    treatments=[
        treatment("cold-therapy", IMMEDIATE, 0.7, "Cold calms a flare-up."),
        treatment("massage", IMMEDIATE, 0.5, "Massage eases tight thighs."),
        treatment("stretching", LONG_TERM, 0.9, "Stretching takes load off the kneecap."),
        treatment("physical-therapy", LONG_TERM, 0.8, "A therapist plans exercises.", has_products=False),
    ]
)


def slugs(ranking, phase):
    return [item.slug for item in ranking.phases[phase]]


def test_products_land_in_the_phase_their_approaches_serve():
    catalogue = Catalogue([product("cold-pack", cold_therapy=1.0), product("strap", stretching=1.0)])

    ranking = rank_condition(KNEE, catalogue)

    assert slugs(ranking, IMMEDIATE) == ["cold-pack"]
    assert slugs(ranking, LONG_TERM) == ["strap"]


def test_higher_weight_times_strength_ranks_first():
    catalogue = Catalogue([product("roller", massage=1.0), product("cold-pack", cold_therapy=1.0)])

    ranking = rank_condition(KNEE, catalogue)

    assert slugs(ranking, IMMEDIATE) == ["cold-pack", "roller"]  # 0.7 x 1.0 beats 0.5 x 1.0


def test_every_product_carries_a_reason_in_words_naming_the_approach_and_when():
    catalogue = Catalogue([product("strap", stretching=1.0)])

    [item] = rank_condition(KNEE, catalogue).phases[LONG_TERM]

    assert item.reasons == ("Stretching takes load off the kneecap — stretching for lasting recovery.",)


def test_pinned_product_leads_its_phase_with_the_curators_note():
    catalogue = Catalogue([product("strap", stretching=1.0), product("band", stretching=0.2)])
    pinned = condition(treatments=KNEE.treatments, curations=[curation("band", "pin", note="Our physio's pick.")])

    [first, second] = rank_condition(pinned, catalogue).phases[LONG_TERM]

    assert (first.slug, first.pinned) == ("band", True)
    assert first.reasons[-1] == "Our physio's pick."
    assert second.slug == "strap"


def test_excluded_product_never_appears_even_in_the_fallback():
    catalogue = Catalogue([product("brace", stretching=1.0), product("strap", stretching=0.5)])
    excluding = condition(treatments=KNEE.treatments, curations=[curation("brace", "exclude")])

    ranking = rank_condition(excluding, catalogue)

    assert "brace" not in slugs(ranking, LONG_TERM)
    assert "brace" not in slugs(ranking, IMMEDIATE)  # the fallback for the empty phase skips it too
    assert "brace" in ranking.excluded


def test_boost_lifts_a_product_above_a_stronger_match():
    catalogue = Catalogue([product("strap", stretching=1.0), product("band", stretching=0.5)])
    boosted = condition(treatments=KNEE.treatments, curations=[curation("band", "boost", boost=0.6)])

    assert slugs(rank_condition(boosted, catalogue), LONG_TERM) == ["band", "strap"]


def test_inactive_products_never_appear():
    catalogue = Catalogue([product("strap", stretching=1.0, active=False), product("band", stretching=0.3)])

    assert slugs(rank_condition(KNEE, catalogue), LONG_TERM) == ["band"]


def test_out_of_stock_sinks_below_every_in_stock_product_even_when_pinned():
    catalogue = Catalogue(
        [
            product("best", stretching=1.0, in_stock=False),
            product("weak", stretching=0.1),
            product("pin", stretching=0.2, in_stock=False),
        ]
    )
    pinned = condition(treatments=KNEE.treatments, curations=[curation("pin", "pin")])

    assert slugs(rank_condition(pinned, catalogue), LONG_TERM) == ["weak", "pin", "best"]


def test_a_product_made_for_another_body_area_is_left_out_and_a_general_one_kept():
    catalogue = Catalogue(
        [
            product("neck-strap", stretching=1.0, areas=("neck",)),
            product("knee-strap", stretching=0.8),
            product("any-strap", stretching=0.9, areas=()),
        ]
    )

    assert slugs(rank_condition(KNEE, catalogue), LONG_TERM) == ["knee-strap", "any-strap"]  # 0.72 vs 0.9 x 0.85


def test_ties_are_broken_by_slug_whatever_the_input_order():
    products = [product(slug, stretching=0.5) for slug in ("c-strap", "a-strap", "b-strap")]

    forward = slugs(rank_condition(KNEE, Catalogue(products)), LONG_TERM)
    backward = slugs(rank_condition(KNEE, Catalogue(reversed(products))), LONG_TERM)

    assert forward == backward == ["a-strap", "b-strap", "c-strap"]


def test_a_phase_nothing_serves_falls_back_to_body_area_products_labelled_as_such():
    catalogue = Catalogue(
        [
            product("strap", stretching=1.0),
            product("knee-sleeve", support=1.0),
            product("elbow-band", strengthening=1.0, areas=("elbow",)),
        ]
    )

    ranking = rank_condition(KNEE, catalogue)

    [fallback] = ranking.phases[IMMEDIATE]  # the strap already shows under long-term healing
    assert fallback.slug == "knee-sleeve"
    assert fallback.fallback
    assert "general pick" in fallback.reasons[0]


def test_advice_only_approaches_score_no_product():
    advice_only = condition(treatments=[treatment("physical-therapy", LONG_TERM, 1.0, has_products=False)])
    catalogue = Catalogue([product("strap", stretching=1.0, physical_therapy=1.0)])

    [item] = rank_condition(advice_only, catalogue).phases[LONG_TERM]

    assert item.fallback


def test_depth_limits_each_phase():
    catalogue = Catalogue([product(f"strap-{n:02d}", stretching=n / 100) for n in range(1, 30)])

    ranking = rank_condition(KNEE, catalogue, depth=5)

    assert slugs(ranking, LONG_TERM) == ["strap-29", "strap-28", "strap-27", "strap-26", "strap-25"]


def test_the_policy_can_change_one_rule():
    class IgnoreBodyAreas(ScoringPolicy):
        def body_area_factor(self, product_areas, condition_areas):
            return 1.0

    catalogue = Catalogue(
        [product("neck-strap", stretching=1.0, areas=("neck",)), product("knee-strap", stretching=0.8)]
    )

    assert slugs(rank_condition(KNEE, catalogue, policy=IgnoreBodyAreas()), LONG_TERM)[0] == "neck-strap"


def test_popularity_breaks_near_ties_but_never_lifts_unsafe_products():
    catalogue = Catalogue(
        [
            product("quiet-strap", stretching=0.80),
            product("popular-strap", stretching=0.79, popularity=1.0),
            product("popular-but-empty", stretching=0.9, popularity=1.0, in_stock=False),
            product("popular-but-excluded", stretching=1.0, popularity=1.0),
            product("popular-but-irrelevant", heat=1.0, popularity=1.0),
            product("popular-but-retired", stretching=1.0, popularity=1.0, active=False),
        ]
    )
    curated = condition(treatments=KNEE.treatments, curations=[curation("popular-but-excluded", "exclude")])

    ranking = rank_condition(curated, catalogue)

    assert slugs(ranking, LONG_TERM) == ["popular-strap", "quiet-strap", "popular-but-empty"]
    assert all(item.fallback for item in ranking.phases[IMMEDIATE])  # heat only ever shows as a labelled general pick


def test_a_phase_whose_picks_are_all_out_of_stock_leads_with_labelled_in_stock_stand_ins():
    catalogue = Catalogue(
        [
            product("cold-pack", in_stock=False, cold_therapy=1.0),
            product("strap", stretching=1.0),
            product("knee-sleeve", support=1.0),
            product("neck-pillow", areas=("neck-shoulder",), support=1.0),
        ]
    )

    column = rank_condition(KNEE, catalogue).phases[IMMEDIATE]

    assert [(item.slug, item.in_stock, item.instead) for item in column] == [
        ("knee-sleeve", True, True),
        ("cold-pack", False, False),
    ]
    assert column[0].reasons[0].startswith("In stock now instead: made for where runner's knee is felt")


# ---------------------------------------------------------------------------- product fit

FOOT = ("foot-ankle",)
HEEL = condition(
    "plantar-fasciitis",
    "Plantar fasciitis",
    areas=FOOT,
    treatments=[treatment("support", IMMEDIATE, 0.7), treatment("stretching", LONG_TERM, 0.9)],
)
FOREFOOT = condition(
    "metatarsalgia",
    "Metatarsalgia",
    areas=FOOT,
    treatments=[treatment("support", IMMEDIATE, 0.8), treatment("stretching", LONG_TERM, 0.6)],
)
NIGHT_SPLINT = product("night-splint", areas=FOOT, only_for=("plantar-fasciitis",), stretching=0.6, support=0.5)


def test_a_product_made_only_for_some_conditions_is_ranked_for_them_and_never_for_a_neighbour():
    catalogue = Catalogue([NIGHT_SPLINT, product("insoles", areas=FOOT, support=0.9)])

    heel, forefoot = rank_condition(HEEL, catalogue), rank_condition(FOREFOOT, catalogue)

    assert "night-splint" in slugs(heel, IMMEDIATE) + slugs(heel, LONG_TERM)
    assert "night-splint" not in slugs(forefoot, IMMEDIATE) + slugs(forefoot, LONG_TERM)
    assert slugs(forefoot, IMMEDIATE) == ["insoles"]


@pytest.mark.parametrize(
    "pick", [curation("night-splint", "pin", phase=LONG_TERM), curation("night-splint", "boost", boost=1.0)]
)
def test_a_staff_pin_or_boost_cannot_recommend_a_product_where_it_does_not_fit(pick):
    catalogue = Catalogue([NIGHT_SPLINT, product("calf-stretcher", areas=FOOT, stretching=1.0)])
    picked = condition(FOREFOOT.slug, FOREFOOT.name, areas=FOOT, treatments=FOREFOOT.treatments, curations=[pick])

    ranking = rank_condition(picked, catalogue)

    assert slugs(ranking, LONG_TERM) == ["calf-stretcher"]
    assert "night-splint" not in slugs(ranking, IMMEDIATE)


def test_a_pinned_product_made_for_another_body_area_is_left_out():
    catalogue = Catalogue([product("elbow-strap", areas=("elbow-wrist",), support=0.9)])
    pinned = condition(
        FOREFOOT.slug,
        FOREFOOT.name,
        areas=FOOT,
        treatments=FOREFOOT.treatments,
        curations=[curation("elbow-strap", "pin", phase=IMMEDIATE)],
    )

    ranking = rank_condition(pinned, catalogue)

    assert slugs(ranking, IMMEDIATE) == slugs(ranking, LONG_TERM) == []


def test_a_fallback_never_offers_a_product_that_does_not_fit():
    advice_only = condition(
        FOREFOOT.slug,
        FOREFOOT.name,
        areas=FOOT,
        treatments=[treatment("physical-therapy", LONG_TERM, 0.8, has_products=False)],
    )
    catalogue = Catalogue([NIGHT_SPLINT, product("foot-roller", areas=FOOT, massage=0.9)])

    ranking = rank_condition(advice_only, catalogue)

    assert [(item.slug, item.fallback) for item in ranking.phases[LONG_TERM]] == [("foot-roller", True)]


def test_product_fits_needs_the_condition_among_those_it_is_made_for_and_a_shared_body_area():
    general = product("cold-pack", areas=(), cold_therapy=1.0)
    elbow = product("elbow-strap", areas=("elbow-wrist",), only_for=("tennis-elbow",), support=0.9)
    wrist = condition("de-quervains", "De Quervain's", areas=("elbow-wrist",))

    assert product_fits(NIGHT_SPLINT, HEEL)
    assert not product_fits(NIGHT_SPLINT, FOREFOOT)
    assert product_fits(general, FOREFOOT)
    assert not product_fits(elbow, wrist)
    assert not product_fits(elbow, condition("tennis-elbow", "Tennis elbow", areas=FOOT))
