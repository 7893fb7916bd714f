"""Lists that cover a condition's approaches before repeating one, with one product per family; no database."""

from recommendations.engine.policy import ScoringPolicy
from recommendations.engine.ranking import Catalogue, rank_condition
from recommendations.engine.recommend import recommend
from recommendations.engine.types import IMMEDIATE, LONG_TERM
from tests.recommendations.engine.builders import condition, curation, product, treatment
from tests.recommendations.engine.knowledge import PRODUCTS, RUNNERS_KNEE, RUNNERS_KNEE_ANSWERS, build_index

KNEE = condition(
    treatments=[
        treatment("cold-therapy", IMMEDIATE, 0.7, "Cold calms a flare-up."),
        treatment("support", IMMEDIATE, 0.5, "A support eases stairs."),
        treatment("strengthening", LONG_TERM, 0.9, "Strong hips keep the kneecap on track."),
        treatment("stretching", LONG_TERM, 0.8, "Stretching takes load off the kneecap."),
        treatment("massage", LONG_TERM, 0.6, "Rolling the thigh eases pull on the kneecap."),
    ]
)


def listed(ranking, phase):
    """The phase's list as a guide shows it: variants left out."""
    return [item.slug for item in ranking.phases[phase] if not item.variant_of]


def test_a_phase_shows_every_approach_once_before_a_second_of_any():
    catalogue = Catalogue(
        [
            product("band-set-a", strengthening=1.0),
            product("band-set-b", strengthening=1.0),
            product("band-set-c", strengthening=0.9),
            product("loop-strap", stretching=1.0),
            product("hip-strap", stretching=0.9),
            product("foam-roller", massage=1.0),
        ]
    )

    assert listed(rank_condition(KNEE, catalogue), LONG_TERM) == [
        "band-set-a",  # 0.9: strengthening
        "loop-strap",  # 0.8: stretching
        "foam-roller",  # 0.6: massage, ahead of the 0.9 second band set
        "band-set-b",
        "hip-strap",
        "band-set-c",
    ]


def test_a_pinned_product_leads_and_counts_as_its_approach():
    catalogue = Catalogue(
        [
            product("band-set", strengthening=1.0),
            product("loop-strap", stretching=1.0),
            product("long-strap", stretching=1.0),
            product("foam-roller", massage=1.0),
        ]
    )
    pinned = condition(treatments=KNEE.treatments, curations=[curation("long-strap", "pin")])

    assert listed(rank_condition(pinned, catalogue), LONG_TERM) == [
        "long-strap",
        "band-set",
        "foam-roller",
        "loop-strap",
    ]


def test_a_product_too_weak_for_its_approach_does_not_jump_ahead_of_strong_repeats():
    catalogue = Catalogue(
        [
            product("band-set-a", strengthening=1.0),
            product("band-set-b", strengthening=1.0),
            product("door-anchor", massage=0.2),  # 0.12: under 0.3 of the best (0.9)
        ]
    )

    assert listed(rank_condition(KNEE, catalogue), LONG_TERM) == ["band-set-a", "band-set-b", "door-anchor"]


def test_the_policy_sets_how_strong_a_product_must_be_to_stand_for_its_approach():
    class CoverEveryApproach(ScoringPolicy):
        approach_cover_share = 0.0

    catalogue = Catalogue(
        [
            product("band-set-a", strengthening=1.0),
            product("band-set-b", strengthening=1.0),
            product("door-anchor", massage=0.2),
        ]
    )

    ranking = rank_condition(KNEE, catalogue, policy=CoverEveryApproach())

    assert listed(ranking, LONG_TERM) == ["band-set-a", "door-anchor", "band-set-b"]


def test_one_product_per_family_is_listed_and_the_others_follow_as_its_variants():
    catalogue = Catalogue(
        [
            product("loop-strap", stretching=1.0, family="loop-strap"),
            product("loop-strap-long", stretching=1.0, family="loop-strap"),
            product("mini-bands", strengthening=1.0, family="loop-band"),
            product("loop-bands", strengthening=1.0, family="loop-band"),
            product("long-bands", strengthening=0.8),
        ]
    )

    ranking = rank_condition(KNEE, catalogue)

    assert listed(ranking, LONG_TERM) == ["loop-bands", "loop-strap", "long-bands"]
    variants = {item.slug: item.variant_of for item in ranking.phases[LONG_TERM] if item.variant_of}
    assert variants == {"mini-bands": "loop-bands", "loop-strap-long": "loop-strap"}
    assert [item.slug for item in ranking.phases[LONG_TERM]][-2:] == ["mini-bands", "loop-strap-long"]


def test_the_family_is_shown_by_a_member_in_stock_even_when_a_sold_out_one_fits_better():
    catalogue = Catalogue(
        [
            product("cold-wrap", cold_therapy=1.0, family="cold-pack", in_stock=False),
            product("cold-pack", cold_therapy=0.8, family="cold-pack"),
        ]
    )

    ranking = rank_condition(KNEE, catalogue)

    assert listed(ranking, IMMEDIATE) == ["cold-pack"]
    assert ranking.phases[IMMEDIATE][-1].variant_of == "cold-pack"


def test_recommendations_show_one_product_per_family_and_every_approach_before_a_repeat():
    products = [
        *PRODUCTS,
        product("band-set-b", strengthening=1.0, areas=("knee",), family="bands"),
        product("band-set-c", strengthening=1.0, areas=("knee",), family="bands"),
        product("band-set-d", strengthening=0.95, areas=("knee",)),
    ]
    index = build_index(conditions=(RUNNERS_KNEE,), products=products)

    result = recommend(index, RUNNERS_KNEE_ANSWERS, limit=5)

    slugs = [item.product.slug for item in result.products]
    assert not {"band-set-b", "band-set-c"} <= set(slugs)
    approaches = [item.approach for item in result.products]
    assert set(approaches[:4]) == {"cold-therapy", "massage", "stretching", "strengthening"}
