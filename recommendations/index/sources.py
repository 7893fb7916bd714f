"""The knowledge base and catalogue translated into the engine's plain data, for the index builder."""

from collections import defaultdict

from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.urls import reverse

from analytics.selectors import helpfulness_scores
from catalog.images import srcset_of
from catalog.models import Product, ProductImage
from guides.models import (
    AnswerOption,
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
)
from recommendations.engine.types import (
    ConditionInfo,
    Curation,
    OptionInfo,
    ProductInfo,
    QuestionInfo,
    RedFlagRuleInfo,
    RuleClause,
    Treatment,
)


def product_infos(*, product_ids: list[int] | None = None) -> list[ProductInfo]:
    """Return active products as the engine sees them: card fields, approach strengths, body areas, fit.

    Reads plain rows (five queries whatever the catalogue's size) rather than model
    instances: the index builder calls this for every product.
    """
    products = Product.objects.available()
    if product_ids is not None:
        products = products.filter(pk__in=product_ids)
    rows = list(
        products.order_by("pk").values_list(
            "pk",
            "slug",
            "name",
            "price",
            "currency",
            "stock_quantity",
            "short_description",
            "stats__popularity",
            "family",
        )
    )
    images: dict[int, tuple[str, int | None, list[int]]] = {}
    pictures = ProductImage.objects.filter(product__in=products).order_by("-position", "-pk")
    for product_id, *picture in pictures.values_list("product_id", "image", "width", "rendition_widths"):
        images[product_id] = picture  # the last one written is the lowest position: the main image
    strengths: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for product_id, approach, strength in (
        ProductApproach.objects.filter(product__in=products)
        .order_by("pk")
        .values_list("product_id", "approach__slug", "strength")
    ):
        strengths[product_id].append((approach, strength))
    areas: dict[int, set[str]] = defaultdict(set)
    for product_id, area in ProductBodyArea.objects.filter(product__in=products).values_list(
        "product_id", "body_area__slug"
    ):
        areas[product_id].add(area)
    fits: dict[int, set[str]] = defaultdict(set)
    for product_id, condition in ProductFit.objects.filter(product__in=products).values_list(
        "product_id", "condition__slug"
    ):
        fits[product_id].add(condition)
    return [
        ProductInfo(
            id=pk,
            slug=slug,
            name=name,
            price=str(price),
            currency=currency,
            in_stock=stock > 0,
            url=reverse("product-page", kwargs={"slug": slug}),
            image_url=default_storage.url(images[pk][0]) if pk in images else None,
            image_srcset=srcset_of(*images[pk]) if pk in images else "",
            short_description=short,
            strengths=tuple(strengths.get(pk, ())),
            body_areas=frozenset(areas.get(pk, ())),
            popularity=popularity or 0.0,
            only_for=frozenset(fits.get(pk, ())),
            family=family,
        )
        for pk, slug, name, price, currency, stock, short, popularity, family in rows
    ]


def condition_infos(*, slugs: list[str] | None = None, published_only: bool = True) -> list[ConditionInfo]:
    """Return conditions as the engine sees them: prior, likelihoods, treatments, curation, guide."""
    conditions = Condition.objects.prefetch_related(
        "body_areas",
        Prefetch("symptom_links", queryset=ConditionSymptom.objects.select_related("symptom").order_by("pk")),
        Prefetch("treatments", queryset=ConditionTreatment.objects.select_related("approach").order_by("pk")),
        Prefetch("curations", queryset=CuratedProduct.objects.select_related("product").order_by("position", "pk")),
    ).select_related("article")
    if published_only:
        conditions = conditions.published()
    if slugs is not None:
        conditions = conditions.filter(slug__in=slugs)
    helpfulness = helpfulness_scores()
    rates = base_rates()
    return [
        condition_info(condition, helpfulness=helpfulness.get(condition.slug, {}), base_rates=rates)
        for condition in conditions.order_by("pk")
    ]


def condition_info(
    condition: Condition, *, helpfulness: dict[str, float] | None = None, base_rates: dict[str, float] | None = None
) -> ConditionInfo:
    """Translate one condition, with its prefetched links and shoppers' helpfulness answers, into engine data.

    A fact about the person (age) the condition does not list takes its share among all shoppers, so it
    neither helps nor hurts the condition.
    """
    article = getattr(condition, "article", None)
    links = condition.symptom_links.all()
    return ConditionInfo(
        slug=condition.slug,
        name=condition.name,
        prior=condition.prior,
        summary=condition.summary,
        body_areas=frozenset(area.slug for area in condition.body_areas.all()),
        likelihoods={**(base_rates or {}), **{link.symptom.slug: link.likelihood for link in links}},
        defining=frozenset(link.symptom.slug for link in links if link.defining),
        treatments=tuple(
            Treatment(
                approach=link.approach.slug,
                approach_name=link.approach.name,
                phase=link.phase,
                weight=link.weight,
                rationale=link.rationale,
                has_products=link.approach.has_products,
            )
            for link in condition.treatments.all()
        ),
        curations=tuple(
            Curation(
                product=link.product.slug,
                action=link.action,
                boost=link.boost,
                phase=link.phase,
                note=link.note,
                position=link.position,
            )
            for link in condition.curations.all()
        ),
        article_url=article.get_absolute_url() if article and article.is_published else None,
        helpfulness=dict(helpfulness or {}),
    )


def question_infos() -> list[QuestionInfo]:
    """Return the active questions with their options' evidence, in asking order."""
    options = AnswerOption.objects.select_related("body_area").prefetch_related("symptoms_present", "symptoms_absent")
    questions = Question.objects.active().prefetch_related(
        "body_areas", Prefetch("options", queryset=options.order_by("position", "pk"))
    )
    return [
        QuestionInfo(
            slug=question.slug,
            text=question.text,
            help_text=question.help_text,
            allows_multiple=question.allows_multiple,
            stage=question.stage,
            concern=question.concern,
            offers_not_sure=question.offers_not_sure,
            position=question.position,
            body_areas=frozenset(area.slug for area in question.body_areas.all()),
            options=tuple(
                OptionInfo(
                    slug=option.slug,
                    label=option.label,
                    present=frozenset(symptom.slug for symptom in option.symptoms_present.all()),
                    absent=frozenset(symptom.slug for symptom in option.symptoms_absent.all()),
                    body_area=option.body_area.slug if option.body_area else None,
                    red_flag=option.red_flag,
                    red_flag_message=option.red_flag_message,
                    withhold_products=option.withhold_products,
                )
                for option in question.options.all()
            ),
        )
        for question in questions
    ]


def symptom_names() -> dict[str, str]:
    """Return symptom slug -> plain-language name."""
    return dict(Symptom.objects.values_list("slug", "name"))


def base_rates() -> dict[str, float]:
    """Return the facts about the person (age) with their share among all shoppers: slug -> share."""
    return dict(Symptom.objects.filter(base_rate__isnull=False).values_list("slug", "base_rate"))


def red_flag_rule_infos() -> list[RedFlagRuleInfo]:
    """Return the active red-flag rules in their order, with the answers each needs."""
    rules = RedFlagRule.objects.active().prefetch_related("regions").order_by("position", "slug")
    return [
        RedFlagRuleInfo(
            slug=rule.slug,
            level=rule.level,
            message=rule.message,
            regions=frozenset(area.slug for area in rule.regions.all()),
            when=tuple(_clause(data) for data in rule.when),
            withhold_products=rule.withhold_products,
            watch_out=rule.watch_out,
        )
        for rule in rules
    ]


def _clause(data: dict) -> RuleClause:
    """Translate a stored clause ({question, answers} or {any_of: [...]}) into engine data."""
    if "any_of" in data:
        return RuleClause(any_of=tuple(_clause(part) for part in data["any_of"]))
    return RuleClause(question=data["question"], options=frozenset(data["answers"]))
