"""Write a plan to the configured database with `bulk_create`, in chunks, inside one transaction."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from datetime import date

from benchmarks.synthetic.plan import slugify
from benchmarks.synthetic.specs import Plan
from benchmarks.synthetic.vocabulary import APPROACHES, BODY_AREAS, BRANDS, CATEGORIES, PRODUCT_DESCRIPTION


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    """Yield consecutive slices of at most `size` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def database_fill(plan: Plan, *, chunk_size: int = 2000) -> dict[str, float]:
    """Write the plan to the configured (empty) database with bulk_create; return seconds per part.

    Bulk inserts send no signals, so no index rebuild is requested on the way; rebuild once after.
    """
    from django.db import transaction

    from catalog.models import Brand, Category, Product
    from guides.models import (
        AnswerOption,
        Article,
        BodyArea,
        Condition,
        ConditionSymptom,
        ConditionTreatment,
        CuratedProduct,
        ProductApproach,
        ProductBodyArea,
        Question,
        Symptom,
        TreatmentApproach,
    )

    if Product.objects.exists() or Condition.objects.exists() or Question.objects.exists():
        raise RuntimeError("the database already holds products, conditions or questions; reset it first")
    seconds: dict[str, float] = {}
    mark = time.perf_counter()

    def lap(part: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        seconds[part] = now - mark
        mark = now

    with transaction.atomic():
        areas = {
            a.slug: a.pk
            for a in BodyArea.objects.bulk_create(
                BodyArea(slug=slug, name=name, position=i) for i, (slug, name) in enumerate(BODY_AREAS)
            )
        }
        approaches = {
            a.slug: a.pk
            for a in TreatmentApproach.objects.bulk_create(
                TreatmentApproach(slug=slug, name=name, description=text, has_products=flag, position=i)
                for i, (slug, name, text, flag) in enumerate(APPROACHES)
            )
        }
        categories: dict[str, int] = {}
        for parent_level in (True, False):  # parents first
            rows = [
                Category(slug=slug, name=name, parent_id=categories.get(parent), position=i)
                for i, (slug, name, parent, _approach) in enumerate(CATEGORIES)
                if (parent is None) == parent_level
            ]
            categories |= {c.slug: c.pk for c in Category.objects.bulk_create(rows)}
        brands = {b.slug: b.pk for b in Brand.objects.bulk_create(Brand(slug=slugify(n), name=n) for n in BRANDS)}
        symptoms = {
            s.slug: s.pk
            for s in Symptom.objects.bulk_create(
                (Symptom(slug=slug, name=name, body_area_id=areas.get(area)) for slug, name, area in plan.symptoms),
                batch_size=chunk_size,
            )
        }
        lap("reference rows")

        product_ids: dict[str, int] = {}
        for chunk in _chunks(plan.products, chunk_size):
            created = Product.objects.bulk_create(
                Product(
                    slug=spec.slug,
                    name=spec.name,
                    sku=spec.sku,
                    category_id=categories[spec.category],
                    brand_id=brands[spec.brand],
                    price=spec.price,
                    currency="USD",
                    stock_quantity=spec.stock,
                    is_active=spec.is_active,
                    short_description=spec.short_description,
                    description=PRODUCT_DESCRIPTION.format(
                        summary=spec.short_description, maker=spec.name.split(" ")[0]
                    ),
                )
                for spec in chunk
            )
            product_ids |= {product.slug: product.pk for product in created}
            ProductApproach.objects.bulk_create(
                ProductApproach(product_id=product_ids[spec.slug], approach_id=approaches[slug], strength=strength)
                for spec in chunk
                for slug, strength in spec.approaches
            )
            ProductBodyArea.objects.bulk_create(
                ProductBodyArea(product_id=product_ids[spec.slug], body_area_id=areas[area])
                for spec in chunk
                for area in spec.body_areas
            )
        lap("products and their links")

        conditions = {
            c.slug: c.pk
            for c in Condition.objects.bulk_create(
                (
                    Condition(slug=spec.slug, name=spec.name, summary=spec.summary, prior=spec.prior, is_published=True)
                    for spec in plan.conditions
                ),
                batch_size=chunk_size,
            )
        }
        Through = Condition.body_areas.through
        Through.objects.bulk_create(
            Through(condition_id=conditions[spec.slug], bodyarea_id=areas[area])
            for spec in plan.conditions
            for area in spec.body_areas
        )
        ConditionSymptom.objects.bulk_create(
            (
                ConditionSymptom(condition_id=conditions[spec.slug], symptom_id=symptoms[slug], likelihood=value)
                for spec in plan.conditions
                for slug, value in spec.symptoms
            ),
            batch_size=chunk_size,
        )
        ConditionTreatment.objects.bulk_create(
            (
                ConditionTreatment(
                    condition_id=conditions[spec.slug],
                    approach_id=approaches[approach],
                    phase=phase,
                    weight=weight,
                    rationale=rationale,
                )
                for spec in plan.conditions
                for approach, phase, weight, rationale in spec.treatments
            ),
            batch_size=chunk_size,
        )
        CuratedProduct.objects.bulk_create(
            CuratedProduct(
                condition_id=conditions[spec.slug],
                product_id=product_ids[c.product],
                action=c.action,
                boost=c.boost,
                phase=c.phase,
                note=c.note,
                position=c.position,
            )
            for spec in plan.conditions
            for c in spec.curations
        )
        Article.objects.bulk_create(
            (
                Article(
                    condition_id=conditions[spec.slug],
                    title=spec.name,
                    slug=spec.guide_slug,
                    seo_description=spec.summary[:160],
                    reviewed_on=date(2024, 6, 1),
                    is_published=True,
                    **dict(spec.guide_sections),
                )
                for spec in plan.conditions
            ),
            batch_size=chunk_size,
        )
        lap("conditions and guides")

        questions = {
            q.slug: q.pk
            for q in Question.objects.bulk_create(
                Question(
                    slug=q.slug, text=q.text, stage=q.stage, position=q.position, allows_multiple=q.allows_multiple
                )
                for q in plan.questions
            )
        }
        QuestionAreas = Question.body_areas.through
        QuestionAreas.objects.bulk_create(
            QuestionAreas(question_id=questions[q.slug], bodyarea_id=areas[area])
            for q in plan.questions
            for area in q.body_areas
        )
        specs = [(q, o, position) for q in plan.questions for position, o in enumerate(q.options)]
        options = AnswerOption.objects.bulk_create(
            AnswerOption(
                question_id=questions[q.slug],
                slug=o.slug,
                label=o.label,
                position=position,
                body_area_id=areas.get(o.body_area) if o.body_area else None,
                red_flag=o.red_flag,
                red_flag_message=o.message,
            )
            for q, o, position in specs
        )
        Present, Absent = AnswerOption.symptoms_present.through, AnswerOption.symptoms_absent.through
        Present.objects.bulk_create(
            Present(answeroption_id=row.pk, symptom_id=symptoms[slug])
            for row, (_q, o, _p) in zip(options, specs, strict=True)
            for slug in o.present
        )
        Absent.objects.bulk_create(
            Absent(answeroption_id=row.pk, symptom_id=symptoms[slug])
            for row, (_q, o, _p) in zip(options, specs, strict=True)
            for slug in o.absent
        )
        lap("questionnaire")
    lap("commit")
    return seconds
