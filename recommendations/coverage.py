"""Where the knowledge base leaves shoppers without an in-stock product, or staff work undone.

Each gap is one line in plain words with a link to the admin page that fixes it;
the staff page and `manage.py coverage_report` list the same lines.
"""

from dataclasses import dataclass

from django.urls import reverse

from catalog.models import Product
from guides.models import PRODUCT_MENTION, Article, BodyArea, Condition, CurationAction, Question
from guides.vocabulary import PHASE_LABELS, PHASES, STAGE_SYMPTOMS, STAGE_WHERE
from recommendations.engine.ranking import product_fits
from recommendations.engine.recommend import recommend
from recommendations.engine.types import MATCH_NOT_COVERED, MATCH_PENDING, ConditionInfo, KnowledgeIndex, ProductInfo
from recommendations.engine.typical import calm_answers
from recommendations.index.build import index_build
from recommendations.index.sources import product_infos

SECTIONS = {
    "phases": "Conditions with no in-stock product for a phase",
    "paths": "Answers that lead to no in-stock product",
    "guides": "Conditions without a published guide or “when to see a doctor”",
    "fit": "Products picked or shown for a condition their purpose does not fit",
    "questions": "Questions no condition uses",
    "products": "Active products no condition recommends",
}


@dataclass(frozen=True)
class CoverageGap:
    """One gap: which section, what is wrong, and where to fix it."""

    section: str
    text: str
    fix_url: str
    fix_label: str


def _condition_url(pk: int) -> str:
    return reverse("admin:guides_condition_change", args=[pk])


def phase_gaps(index: KnowledgeIndex, ids: dict[str, int]) -> list[CoverageGap]:
    """Return each published condition × phase with no in-stock product matched to it, and what shoppers get."""
    gaps = []
    for condition in index.conditions:
        ranking = index.rankings[condition.slug]
        for phase in PHASES:
            items = ranking.phases.get(phase, ())
            if any(item.in_stock and not item.fallback for item in items):
                continue
            stand_ins = [index.products[item.slug].name for item in items if item.fallback and item.in_stock]
            if not any(t.phase == phase and t.has_products for t in condition.treatments):
                why = "no treatment with products is set for it"
            elif any(not item.fallback for item in items):
                why = "every product matched to it is out of stock"
            else:
                why = "no product serves its treatments"
            shown = (
                f"Shoppers get, labelled as stand-ins: {', '.join(stand_ins[:3])}."
                if stand_ins
                else "Shoppers see nothing in stock here."
            )
            gaps.append(
                CoverageGap(
                    "phases",
                    f"{condition.name} — {PHASE_LABELS[phase].lower()}: {why}. {shown}",
                    _condition_url(ids[condition.slug]),
                    "Edit the condition's treatments or staff picks",
                )
            )
    return gaps


def _in_stock_count(index: KnowledgeIndex, answers: dict) -> int | None:
    result = recommend(index, answers)
    if result.triage.withhold_products or result.match in (MATCH_PENDING, MATCH_NOT_COVERED):
        return None  # advice only, by design
    return sum(1 for item in result.products if item.product.in_stock)


def path_gaps(index: KnowledgeIndex) -> list[CoverageGap]:
    """Return answer paths (a body area, then one answer to each symptom question) with no in-stock product."""
    areas = dict(BodyArea.objects.values_list("slug", "pk"))
    gaps = []
    for question in index.questions:
        if question.stage != STAGE_WHERE:
            continue
        for option in question.options:
            if not option.body_area:
                continue
            base = calm_answers(index, area_option=(question.slug, option.slug))
            paths = [(f"“{option.label}”", base)]
            for follow in index.questions:
                if follow.stage == STAGE_SYMPTOMS and follow.applies_to(frozenset({option.body_area})):
                    for answer in follow.options:
                        chosen = [answer.slug] if follow.allows_multiple else answer.slug
                        paths.append(
                            (
                                f"“{option.label}”, then “{follow.text}” — “{answer.label}”",
                                {**base, follow.slug: chosen},
                            )
                        )
            url = (
                reverse("admin:guides_condition_changelist")
                + f"?body_areas__id__exact={areas.get(option.body_area, '')}"
            )
            for words, answers in paths:
                if _in_stock_count(index, answers) == 0:
                    gaps.append(
                        CoverageGap(
                            "paths", f"{words}: no in-stock product is suggested.", url, "Conditions felt there"
                        )
                    )
    return gaps


def guide_gaps() -> list[CoverageGap]:
    """Return published conditions without a published guide, or whose guide lacks “when to see a doctor”."""
    gaps = []
    for condition in Condition.objects.published().select_related("article").order_by("name"):
        article = getattr(condition, "article", None)
        if article is None:
            url = reverse("admin:guides_article_add") + f"?condition={condition.pk}"
            gaps.append(CoverageGap("guides", f"{condition.name} has no guide.", url, "Write the guide"))
            continue
        url = reverse("admin:guides_article_change", args=[article.pk])
        if not article.is_published:
            gaps.append(CoverageGap("guides", f"{condition.name}: its guide is not published.", url, "Open the guide"))
        if not article.when_to_see_doctor.strip():
            gaps.append(
                CoverageGap(
                    "guides", f"{condition.name}: the guide has no “when to see a doctor”.", url, "Open the guide"
                )
            )
    return gaps


def _misfit(product: ProductInfo, condition: ConditionInfo, index: KnowledgeIndex, areas: dict[str, str]) -> str:
    """Say why a product's purpose does not fit a condition; empty when it fits."""
    if product_fits(product, condition):
        return ""
    if product.only_for and condition.slug not in product.only_for:
        names = index.conditions_by_slug
        made_for = sorted(names[slug].name if slug in names else slug for slug in product.only_for)
        return f"it is made only for {', '.join(made_for)}"
    where = ", ".join(sorted(areas.get(area, area).lower() for area in product.body_areas))
    return f"it is made for the {where}, not where {condition.name.lower()} is felt"


def fit_gaps(index: KnowledgeIndex, ids: dict[str, int]) -> list[CoverageGap]:
    """Return staff picks (pins, boosts) and guide mentions of products whose purpose does not fit the condition.

    Shoppers never get such a pick in a recommendation (ranking leaves it out); a guide still shows a mentioned card.
    """
    fields = [name for name, _label in Article.SECTIONS]
    articles = Article.objects.filter(condition__slug__in=index.conditions_by_slug).order_by("title")
    mentions = [
        (pk, slug, list(dict.fromkeys(PRODUCT_MENTION.findall("\n".join(texts)))))
        for pk, slug, *texts in articles.values_list("pk", "condition__slug", *fields)
    ]
    picks = [
        (condition, c)
        for condition in index.conditions
        for c in condition.curations
        if c.action != CurationAction.EXCLUDE
    ]
    wanted = {c.product for _condition, c in picks} | {slug for _pk, _condition, slugs in mentions for slug in slugs}
    wanted_ids = list(Product.objects.filter(slug__in=wanted).values_list("pk", flat=True))
    products = {product.slug: product for product in product_infos(product_ids=wanted_ids)}
    areas = dict(BodyArea.objects.values_list("slug", "name"))
    gaps = []
    for condition, curation in picks:
        product = products.get(curation.product)
        why = _misfit(product, condition, index, areas) if product else ""
        if why:
            done = "pinned" if curation.action == CurationAction.PIN else "moved up"
            gaps.append(
                CoverageGap(
                    "fit",
                    f"{product.name} is {done} for {condition.name}, but {why}; shoppers never get it there.",
                    _condition_url(ids[condition.slug]),
                    "Edit the condition's staff picks",
                )
            )
    for pk, slug, mentioned in mentions:
        condition = index.conditions_by_slug[slug]
        for product in filter(None, map(products.get, mentioned)):
            why = _misfit(product, condition, index, areas)
            if why:
                gaps.append(
                    CoverageGap(
                        "fit",
                        f"The {condition.name} guide shows {product.name}, but {why}.",
                        reverse("admin:guides_article_change", args=[pk]),
                        "Open the guide",
                    )
                )
    return gaps


def question_gaps(index: KnowledgeIndex) -> list[CoverageGap]:
    """Return active symptom questions whose answers touch no symptom any published condition lists."""
    used = {symptom for condition in index.conditions for symptom in condition.likelihoods}
    ids = dict(Question.objects.values_list("slug", "pk"))
    gaps = []
    for question in index.questions:
        if question.stage != STAGE_SYMPTOMS:
            continue
        touched = {s for option in question.options for s in option.present | option.absent}
        if not touched & used:
            gaps.append(
                CoverageGap(
                    "questions",
                    f"“{question.text}”: no published condition lists any symptom its answers report.",
                    reverse("admin:guides_question_change", args=[ids[question.slug]]),
                    "Edit the question",
                )
            )
    return gaps


def product_gaps(index: KnowledgeIndex) -> list[CoverageGap]:
    """Return active products that no condition's list includes on their merits."""
    ranked = set(index.conditions_by_product)
    gaps = []
    for pk, name in Product.objects.available().exclude(slug__in=ranked).order_by("name").values_list("pk", "name"):
        gaps.append(
            CoverageGap(
                "products",
                f"{name} is never recommended: no condition's treatments match what it is for.",
                reverse("admin:catalog_product_change", args=[pk]),
                "Say what it is for",
            )
        )
    return gaps


def coverage_report(*, index: KnowledgeIndex | None = None) -> list[CoverageGap]:
    """Return every coverage gap of the knowledge base and catalogue as they stand, section by section."""
    index = index or index_build()[0]
    ids = dict(Condition.objects.values_list("slug", "pk"))
    return [
        *phase_gaps(index, ids),
        *path_gaps(index),
        *guide_gaps(),
        *fit_gaps(index, ids),
        *question_gaps(index),
        *product_gaps(index),
    ]


def coverage_sections(gaps: list[CoverageGap]) -> list[tuple[str, list[CoverageGap]]]:
    """Group gaps under their section titles, in report order, every section listed."""
    return [(title, [gap for gap in gaps if gap.section == key]) for key, title in SECTIONS.items()]
