"""A plan as the engine's frozen objects and a `KnowledgeIndex`, with no database and no Django."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from benchmarks.synthetic.specs import Plan
from benchmarks.synthetic.vocabulary import APPROACH_NAMES, APPROACHES

if TYPE_CHECKING:
    from recommendations.engine.types import ConditionInfo, KnowledgeIndex, ProductInfo, QuestionInfo


FAMILY_SIZE = 3


def product_families(plan: Plan) -> dict[str, str]:
    """Put about a third of the products in families of three: sizes and packs of the same thing.

    Members share a shelf, approaches and body areas, so they rank near one another, as the
    demo catalogue's loop straps and band sets do.
    """
    alike: dict[tuple, list[str]] = {}
    for spec in plan.products:
        key = (spec.category, tuple(sorted(name for name, _ in spec.approaches)), tuple(sorted(spec.body_areas)))
        alike.setdefault(key, []).append(spec.slug)
    families: dict[str, str] = {}
    for number, slugs in enumerate(alike.values()):
        for position, slug in enumerate(slugs):
            group = position // FAMILY_SIZE
            if group % 3 == 0 and len(slugs[group * FAMILY_SIZE : (group + 1) * FAMILY_SIZE]) > 1:
                families[slug] = f"family-{number}-{group}"
    return families


def engine_products(plan: Plan) -> list[ProductInfo]:
    """Active products as `recommendations.index.sources.product_infos` would return them (`product_families`)."""
    from recommendations.engine.types import ProductInfo

    families = product_families(plan)

    return [
        ProductInfo(
            id=number,
            slug=spec.slug,
            name=spec.name,
            price=str(spec.price),
            currency="USD",
            in_stock=spec.stock > 0,
            url=f"/products/{spec.slug}/",
            short_description=spec.short_description,
            strengths=spec.approaches,
            body_areas=frozenset(spec.body_areas),
            family=families.get(spec.slug, ""),
        )
        for number, spec in enumerate(plan.products, start=1)
        if spec.is_active
    ]


def engine_conditions(plan: Plan) -> tuple[ConditionInfo, ...]:
    """Conditions as `recommendations.index.sources.condition_infos` would return them."""
    from recommendations.engine.types import ConditionInfo, Curation, Treatment

    has_products = {slug: flag for slug, _name, _description, flag in APPROACHES}
    return tuple(
        ConditionInfo(
            slug=spec.slug,
            name=spec.name,
            prior=spec.prior,
            summary=spec.summary,
            body_areas=frozenset(spec.body_areas),
            likelihoods=dict(spec.symptoms),
            treatments=tuple(
                Treatment(approach, APPROACH_NAMES[approach], phase, weight, rationale, has_products[approach])
                for approach, phase, weight, rationale in spec.treatments
            ),
            curations=tuple(
                Curation(c.product, c.action, c.boost, c.phase, c.note, c.position)
                for c in sorted(spec.curations, key=lambda c: c.position)
            ),
            article_url=f"/guides/{spec.guide_slug}/",
            # As in the guides: the sign that sets the condition apart, here its most likely symptom.
            defining=frozenset({max(spec.symptoms, key=lambda s: (s[1], s[0]))[0]} if spec.symptoms else ()),
        )
        for spec in plan.conditions
    )


def engine_questions(plan: Plan) -> tuple[QuestionInfo, ...]:
    """Questions as `recommendations.index.sources.question_infos` would return them, in asking order."""
    from recommendations.engine.types import OptionInfo, QuestionInfo

    ordered = sorted(plan.questions, key=lambda q: (q.stage, q.position, q.slug))
    return tuple(
        QuestionInfo(
            slug=q.slug,
            text=q.text,
            allows_multiple=q.allows_multiple,
            stage=q.stage,
            position=q.position,
            body_areas=frozenset(q.body_areas),
            options=tuple(
                OptionInfo(
                    slug=o.slug,
                    label=o.label,
                    present=frozenset(o.present),
                    absent=frozenset(o.absent),
                    body_area=o.body_area,
                    red_flag=o.red_flag,
                    red_flag_message=o.message,
                )
                for o in q.options
            ),
        )
        for q in ordered
    )


def engine_index(plan: Plan, *, policy=None) -> tuple[KnowledgeIndex, dict[str, float]]:
    """Compile the plan as `recommendations.index.build.index_build` does, minus the queries.

    Return the index and the seconds spent ranking: a fresh `Catalogue` and `rank_condition()`
    for every condition (whatever the catalogue prepares for ranking, it prepares in that time),
    with the given scoring policy (the default one when None).
    """
    from recommendations.engine.policy import DEFAULT_POLICY
    from recommendations.engine.ranking import Catalogue, rank_condition
    from recommendations.engine.types import KnowledgeIndex

    policy = policy or DEFAULT_POLICY
    products, conditions, questions = engine_products(plan), engine_conditions(plan), engine_questions(plan)
    started = time.perf_counter()
    catalogue = Catalogue(products)
    rankings = {condition.slug: rank_condition(condition, catalogue, policy=policy) for condition in conditions}
    seconds = time.perf_counter() - started
    needed = sorted({item.slug for ranking in rankings.values() for items in ranking.phases.values() for item in items})
    index = KnowledgeIndex(
        version=f"synthetic-{plan.seed}-{len(plan.products)}x{len(plan.conditions)}",
        conditions=conditions,
        questions=questions,
        rankings=rankings,
        products={slug: catalogue.products[slug] for slug in needed},
        symptoms={slug: name for slug, name, _area in plan.symptoms},
    )
    return index, {"rank_s": seconds}
