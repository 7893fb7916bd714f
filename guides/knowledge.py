"""Load the knowledge base from the content files into the database."""

from collections.abc import Callable, Hashable
from pathlib import Path

from django.db import models, transaction

from catalog.models import Product
from guides.content_entries import GuideEntry, KnowledgeContent, ProductUseEntry, QuestionEntry, RedFlagRuleEntry
from guides.content_files import CONTENT_DIR, content_read
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
    ProductFit,
    Question,
    RedFlagRule,
    Symptom,
    TreatmentApproach,
)


def _sync(
    queryset: models.QuerySet,
    key: Callable[[models.Model], Hashable],
    wanted: dict[Hashable, dict],
    build: Callable[[Hashable, dict], models.Model],
    *,
    delete_others: bool,
) -> dict[Hashable, models.Model]:
    """Make the rows of `queryset` match `wanted` (key -> field values), saving only rows that differ.

    Rows not wanted are deleted with `delete_others`, and left alone otherwise.
    """
    existing = {key(row): row for row in queryset}
    rows = {}
    for wanted_key, values in wanted.items():
        row = existing.pop(wanted_key, None)
        if row is None:
            row = build(wanted_key, values)
            row.save()
        else:
            changed = [name for name, value in values.items() if getattr(row, name) != value]
            for name in changed:
                setattr(row, name, values[name])
            if changed:
                # update_fields skips auto_now timestamps unless named.
                stamps = [field.name for field in row._meta.concrete_fields if getattr(field, "auto_now", False)]
                row.save(update_fields=[*changed, *stamps])
        rows[wanted_key] = row
    if delete_others:
        for row in existing.values():
            row.delete()
    return rows


def _by_slug(model: type[models.Model], wanted: dict[str, dict]) -> dict[str, models.Model]:
    """Create or update top-level rows by slug; rows the files no longer mention are kept."""
    return _sync(
        model.objects.filter(slug__in=wanted),
        lambda row: row.slug,
        wanted,
        lambda slug, values: model(slug=slug, **values),
        delete_others=False,
    )


def _children(queryset, key: Callable, wanted: dict, build: Callable) -> None:
    """Make a parent's child rows match `wanted`; removed children are deleted."""
    _sync(queryset, key, wanted, build, delete_others=True)


def _body_areas_in_order(condition: Condition, wanted: list) -> None:
    """Link a condition's body areas one at a time, in the file's order: the first is its main area."""
    links = Condition.body_areas.through.objects.filter(condition=condition).order_by("pk")
    if list(links.values_list("bodyarea_id", flat=True)) != [area.pk for area in wanted]:
        condition.body_areas.clear()
        for area in wanted:
            condition.body_areas.add(area)


def _write_guide(guide: GuideEntry, areas: dict, symptoms: dict, approaches: dict, products: dict) -> None:
    condition = _by_slug(
        Condition,
        {
            guide.slug: {
                "name": guide.name,
                "summary": guide.summary,
                "prior": guide.prior,
                "is_published": guide.published,
            }
        },
    )[guide.slug]
    _body_areas_in_order(condition, [areas[slug] for slug in guide.body_areas])
    _children(
        condition.symptom_links.all(),
        lambda row: row.symptom_id,
        {
            symptoms[slug].pk: {"likelihood": likelihood, "defining": slug in guide.defining}
            for slug, likelihood in guide.symptoms
        },
        lambda symptom_id, values: ConditionSymptom(condition=condition, symptom_id=symptom_id, **values),
    )
    _children(
        condition.treatments.all(),
        lambda row: (row.approach_id, row.phase),
        {
            (approaches[treatment.approach].pk, treatment.phase): {
                "weight": treatment.weight,
                "rationale": treatment.rationale,
            }
            for treatment in guide.treatments
        },
        lambda key, values: ConditionTreatment(condition=condition, approach_id=key[0], phase=key[1], **values),
    )
    _children(
        condition.curations.all(),
        lambda row: row.product_id,
        {
            products[entry.product]: {
                "action": entry.action,
                "boost": entry.boost,
                "phase": entry.phase,
                "note": entry.note,
                "position": entry.position,
            }
            for entry in guide.curation
        },
        lambda product_id, values: CuratedProduct(condition=condition, product_id=product_id, **values),
    )
    _sync(
        Article.objects.filter(condition=condition),
        lambda row: row.condition_id,
        {
            condition.pk: {
                **dict(guide.sections),
                "title": guide.title,
                "slug": guide.slug,
                "seo_title": guide.seo_title,
                "seo_description": guide.seo_description,
                "reviewed_on": guide.reviewed_on,
                "is_published": guide.published,
            }
        },
        lambda condition_id, values: Article(condition_id=condition_id, **values),
        delete_others=False,
    )


def _write_question(entry: QuestionEntry, areas: dict, symptoms: dict) -> None:
    question = _by_slug(
        Question,
        {
            entry.slug: {
                "text": entry.text,
                "help_text": entry.help_text,
                "allows_multiple": entry.allows_multiple,
                "stage": entry.stage,
                "position": entry.position,
                "concern": entry.concern,
                "offers_not_sure": entry.offers_not_sure,
                "is_active": True,
            }
        },
    )[entry.slug]
    question.body_areas.set([areas[slug] for slug in entry.body_areas])
    options = _sync(
        question.options.all(),
        lambda row: row.slug,
        {
            option.slug: {
                "label": option.label,
                "position": position,
                "body_area_id": areas[option.body_area].pk if option.body_area else None,
                "red_flag": option.red_flag,
                "red_flag_message": option.red_flag_message,
                "withhold_products": option.withhold_products,
            }
            for position, option in enumerate(entry.options)
        },
        lambda slug, values: AnswerOption(question=question, slug=slug, **values),
        delete_others=True,
    )
    for option in entry.options:
        row = options[option.slug]
        row.symptoms_present.set([symptoms[slug] for slug in option.symptoms_present])
        row.symptoms_absent.set([symptoms[slug] for slug in option.symptoms_absent])


def _write_red_flag_rules(rules: tuple[RedFlagRuleEntry, ...], age_question: str, areas: dict) -> None:
    """Store the rules in file order; the age bands are stored too as the last answer each rule needs."""
    wanted = {}
    for position, rule in enumerate(rules):
        when = [clause.as_data() for clause in rule.when]
        if rule.ages:
            when.append({"question": age_question, "answers": list(rule.ages)})
        wanted[rule.slug] = {
            "sign": rule.sign,
            "ages": list(rule.ages),
            "when": when,
            "level": rule.level,
            "withhold_products": rule.withhold_products,
            "message": rule.message,
            "watch_out": rule.watch_out,
            "source": rule.source,
            "reason": rule.reason,
            "position": position,
            "is_active": True,
        }
    rows = _by_slug(RedFlagRule, wanted)
    RedFlagRule.objects.exclude(slug__in=wanted).filter(is_active=True).update(is_active=False)
    for rule in rules:
        row = rows[rule.slug]
        if sorted(row.regions.values_list("slug", flat=True)) != sorted(rule.regions):
            row.regions.set([areas[slug] for slug in rule.regions])


def _write_product_uses(
    uses: ProductUseEntry, product_id: int, areas: dict, approaches: dict, conditions: dict
) -> None:
    _children(
        ProductApproach.objects.filter(product_id=product_id),
        lambda row: row.approach_id,
        {approaches[slug].pk: {"strength": strength} for slug, strength in uses.approaches},
        lambda approach_id, values: ProductApproach(product_id=product_id, approach_id=approach_id, **values),
    )
    _children(
        ProductBodyArea.objects.filter(product_id=product_id),
        lambda row: row.body_area_id,
        {areas[slug].pk: {} for slug in uses.body_areas},
        lambda area_id, values: ProductBodyArea(product_id=product_id, body_area_id=area_id),
    )
    _children(
        ProductFit.objects.filter(product_id=product_id),
        lambda row: row.condition_id,
        {conditions[slug]: {} for slug in uses.only_for},
        lambda condition_id, values: ProductFit(product_id=product_id, condition_id=condition_id),
    )


def _write(content: KnowledgeContent) -> None:
    areas = _by_slug(
        BodyArea,
        {area.slug: {"name": area.name, "position": position} for position, area in enumerate(content.body_areas)},
    )
    approaches = _by_slug(
        TreatmentApproach,
        {
            approach.slug: {
                "name": approach.name,
                "description": approach.description,
                "has_products": approach.has_products,
                "position": position,
            }
            for position, approach in enumerate(content.approaches)
        },
    )
    symptoms = _by_slug(
        Symptom,
        {
            symptom.slug: {
                "name": symptom.name,
                "body_area_id": areas[symptom.body_area].pk if symptom.body_area else None,
                "base_rate": symptom.base_rate,
            }
            for symptom in content.symptoms
        },
    )
    products = dict(Product.objects.values_list("slug", "pk"))
    for guide in content.guides:
        _write_guide(guide, areas, symptoms, approaches, products)
    conditions = dict(Condition.objects.filter(slug__in=[g.slug for g in content.guides]).values_list("slug", "pk"))
    for uses in content.product_uses:
        _write_product_uses(uses, products[uses.product], areas, approaches, conditions)
    for question in content.questions:
        _write_question(question, areas, symptoms)
    _write_red_flag_rules(content.red_flag_rules, content.age_question, areas)


def knowledge_load(*, root: Path = CONTENT_DIR) -> dict[str, int]:
    """Check every content file, then create or update the knowledge base from them in one transaction.

    Raises ContentError, having written nothing, when any file has a problem. Running it twice changes
    nothing; children a file no longer lists (a symptom of a condition, an option of a question) are deleted.
    """
    products = dict(Product.objects.values_list("slug", "is_active"))
    content = content_read(root=root, products=products)
    with transaction.atomic():
        _write(content)
    return {
        "body areas": len(content.body_areas),
        "treatment approaches": len(content.approaches),
        "symptoms": len(content.symptoms),
        "conditions": len(content.guides),
        "products described": len(content.product_uses),
        "questions": len(content.questions),
        "red-flag rules": len(content.red_flag_rules),
    }
