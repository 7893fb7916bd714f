"""Load the demo knowledge base: body areas, approaches, conditions with guides, questionnaire."""

from collections.abc import Callable
from datetime import date
from operator import attrgetter

from django.db import transaction

from catalog.models import Product
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
    QuestionStage,
    Symptom,
    TreatmentApproach,
)
from recommendations import demo_content as content

STAGES = {"where": QuestionStage.WHERE, "safety": QuestionStage.SAFETY, "symptoms": QuestionStage.SYMPTOMS}


def _sync_children(queryset, key: Callable, wanted: dict, build: Callable) -> None:
    """Make a parent's child rows match `wanted` (key -> field values): update, create, delete the rest."""
    existing = {key(row): row for row in queryset}
    for key, defaults in wanted.items():
        row = existing.pop(key, None)
        if row is None:
            build(key, defaults).save()
            continue
        changed = [name for name, value in defaults.items() if getattr(row, name) != value]
        for name in changed:
            setattr(row, name, defaults[name])
        if changed:
            row.save(update_fields=changed)
    for row in existing.values():
        row.delete()


@transaction.atomic
def knowledge_demo_load() -> dict[str, int]:
    """Create or update the demo knowledge base; running it twice changes nothing."""
    areas = {}
    for position, (slug, name) in enumerate(content.BODY_AREAS):
        areas[slug], _ = BodyArea.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})
    approaches = {}
    for position, (slug, name, description, has_products) in enumerate(content.APPROACHES):
        approaches[slug], _ = TreatmentApproach.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "has_products": has_products, "position": position},
        )
    symptoms = {}
    for slug, name, area in content.SYMPTOMS:
        symptoms[slug], _ = Symptom.objects.update_or_create(
            slug=slug, defaults={"name": name, "body_area": areas.get(area) if area else None}
        )
    products = {product.slug: product for product in Product.objects.all()}

    for data in content.CONDITIONS:
        condition, _ = Condition.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "summary": data["summary"],
                "prior": data["prior"],
                "is_published": True,
            },
        )
        condition.body_areas.set([areas[slug] for slug in data["body_areas"]])
        _sync_children(
            condition.symptom_links.all(),
            attrgetter("symptom_id"),
            {symptoms[slug].pk: {"likelihood": value} for slug, value in data["symptoms"].items()},
            lambda key, defaults, c=condition: ConditionSymptom(condition=c, symptom_id=key, **defaults),
        )
        _sync_children(
            condition.treatments.all(),
            lambda row: (row.approach_id, row.phase),
            {
                (approaches[slug].pk, phase): {"weight": weight, "rationale": rationale}
                for slug, phase, weight, rationale in data["treatments"]
            },
            lambda key, defaults, c=condition: ConditionTreatment(
                condition=c, approach_id=key[0], phase=key[1], **defaults
            ),
        )
        _sync_children(
            condition.curations.all(),
            attrgetter("product_id"),
            {
                products[slug].pk: {"action": action, "boost": boost, "phase": phase, "note": note, "position": index}
                for index, (slug, action, boost, phase, note) in enumerate(data["curations"])
            },
            lambda key, defaults, c=condition: CuratedProduct(condition=c, product_id=key, **defaults),
        )
        guide = data["guide"]
        Article.objects.update_or_create(
            condition=condition,
            defaults={
                **{name: guide[name] for name, _label in Article.SECTIONS},
                "title": guide["title"],
                "slug": guide["slug"],
                "seo_title": guide["seo_title"],
                "seo_description": guide["seo_description"],
                "reviewed_on": date.fromisoformat(guide["reviewed_on"]),
                "is_published": True,
            },
        )

    for slug, uses in content.PRODUCT_USES.items():
        product = products.get(slug)
        if product is None:
            continue
        _sync_children(
            product.approach_links.all(),
            attrgetter("approach_id"),
            {approaches[name].pk: {"strength": value} for name, value in uses["approaches"].items()},
            lambda key, defaults, p=product: ProductApproach(product=p, approach_id=key, **defaults),
        )
        _sync_children(
            product.body_area_links.all(),
            attrgetter("body_area_id"),
            {areas[name].pk: {} for name in uses["body_areas"]},
            lambda key, defaults, p=product: ProductBodyArea(product=p, body_area_id=key),
        )

    for data in content.QUESTIONS:
        question, _ = Question.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "text": data["text"],
                "help_text": data["help_text"],
                "allows_multiple": data["multiple"],
                "stage": STAGES[data["stage"]],
                "position": data["position"],
                "is_active": True,
            },
        )
        question.body_areas.set([areas[slug] for slug in data["body_areas"]])
        for position, option_data in enumerate(data["options"]):
            option, _ = AnswerOption.objects.update_or_create(
                question=question,
                slug=option_data["slug"],
                defaults={
                    "label": option_data["label"],
                    "position": position,
                    "body_area": areas[option_data["body_area"]] if option_data["body_area"] else None,
                    "red_flag": option_data["red_flag"],
                    "red_flag_message": option_data["message"],
                },
            )
            option.symptoms_present.set([symptoms[slug] for slug in option_data["present"]])
            option.symptoms_absent.set([symptoms[slug] for slug in option_data["absent"]])
        question.options.exclude(slug__in=[option["slug"] for option in data["options"]]).delete()

    return {
        "body areas": len(areas),
        "conditions": len(content.CONDITIONS),
        "symptoms": len(symptoms),
        "questions": len(content.QUESTIONS),
    }
