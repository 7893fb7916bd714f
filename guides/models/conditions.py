"""Body areas, conditions and their guides, symptoms and the treatments that help."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from catalog.models import Product
from guides import vocabulary
from shop.constraints import slug_unique_ignoring_case

UNIT_INTERVAL = [MinValueValidator(0.0), MaxValueValidator(1.0)]
PRODUCT_MENTION = re.compile(r"\[\[product:([a-z0-9_-]+)\]\]")


def unit_interval_constraint(field: str, name: str, *, open_below: bool = False) -> models.CheckConstraint:
    """Keep a float field within 0..1 (or 0 exclusive..1) in the database."""
    low = Q(**{f"{field}__gt": 0}) if open_below else Q(**{f"{field}__gte": 0})
    return models.CheckConstraint(condition=low & Q(**{f"{field}__lte": 1}), name=name)


class Phase(models.TextChoices):
    """When in recovery a treatment helps."""

    IMMEDIATE = vocabulary.IMMEDIATE, vocabulary.PHASE_LABELS[vocabulary.IMMEDIATE]
    LONG_TERM = vocabulary.LONG_TERM, vocabulary.PHASE_LABELS[vocabulary.LONG_TERM]


class BodyArea(models.Model):
    """A part of the body shoppers point to: knee, foot and ankle, lower back ..."""

    name = models.CharField(max_length=60, unique=True, help_text="Shown to shoppers, e.g. “Knee”.")
    slug = models.SlugField(max_length=60, unique=True, help_text="Public identifier used in URLs and the API.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")

    class Meta:
        ordering = ["position", "name", "pk"]
        constraints = [slug_unique_ignoring_case("body_area")]

    def __str__(self):
        return self.name


class ConditionQuerySet(models.QuerySet):
    def published(self):
        """Conditions shoppers may see."""
        return self.filter(is_published=True)


class Condition(models.Model):
    """Something that makes a body area hurt, such as runner's knee."""

    name = models.CharField(max_length=100, unique=True, help_text="Plain name, e.g. “Runner's knee”.")
    slug = models.SlugField(max_length=100, unique=True, help_text="Public identifier used in URLs and the API.")
    summary = models.CharField(max_length=300, help_text="One or two sentences shown on cards and in results.")
    body_areas = models.ManyToManyField(
        BodyArea, related_name="conditions", help_text="Where the condition is felt; used to narrow the symptom check."
    )
    prior = models.FloatField(
        "how common",
        default=0.1,
        validators=UNIT_INTERVAL,
        help_text="How common the condition is among shoppers before any answers, above 0 and at most 1.",
    )
    is_published = models.BooleanField(
        "published", default=False, help_text="Unpublished conditions are hidden from shoppers and the engine."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            slug_unique_ignoring_case("condition"),
            unit_interval_constraint("prior", "condition_prior_in_0_1", open_below=True),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.prior is not None and self.prior <= 0:
            raise ValidationError({"prior": "The prior must be above 0: a condition no one has cannot be suggested."})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Guides shoppers may read: published, about a published condition."""
        return self.filter(is_published=True, condition__is_published=True)


class Article(models.Model):
    """The guide to a condition, in the sections shoppers look for."""

    SECTIONS = [
        ("overview", "What it is"),
        ("causes", "Causes"),
        ("symptoms", "Symptoms"),
        ("immediate_relief", "Immediate relief"),
        ("long_term_healing", "Long-term healing"),
        ("when_to_see_doctor", "When to see a doctor"),
    ]

    condition = models.OneToOneField(
        Condition, on_delete=models.CASCADE, related_name="article", help_text="The condition this guide explains."
    )
    title = models.CharField(max_length=150, help_text="Page heading, e.g. “Runner's knee”.")
    slug = models.SlugField(
        max_length=150,
        unique=True,
        help_text="The last part of the guide's address, e.g. runners-knee for /guides/runners-knee/.",
    )
    seo_title = models.CharField(
        "SEO title", max_length=70, blank=True, help_text="Title for search engines; the page title when empty."
    )
    seo_description = models.CharField(
        "SEO description", max_length=160, blank=True, help_text="Search result snippet, up to 160 characters."
    )
    overview = models.TextField(
        help_text="What the condition is. Markdown; [[product:foam-roller]] shows the card of the product "
        "whose web address ends in foam-roller."
    )
    causes = models.TextField(help_text="What brings it on. Markdown.")
    symptoms = models.TextField(help_text="How it feels. Markdown.")
    immediate_relief = models.TextField(help_text="What helps in the first days. Markdown.")
    long_term_healing = models.TextField(help_text="What helps it heal and stay away. Markdown.")
    when_to_see_doctor = models.TextField(help_text="Signs that need a professional. Markdown.")
    is_published = models.BooleanField("published", default=False, help_text="Unpublished guides are staff-only.")
    reviewed_on = models.DateField(null=True, blank=True, help_text="When the guide was last reviewed for accuracy.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [slug_unique_ignoring_case("article")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guide-page", kwargs={"slug": self.slug})

    def mentioned_product_slugs(self) -> list[str]:
        """Return the product slugs mentioned in any section, in order of appearance."""
        seen: dict[str, None] = {}
        for field, _label in self.SECTIONS:
            for slug in PRODUCT_MENTION.findall(getattr(self, field) or ""):
                seen.setdefault(slug, None)
        return list(seen)

    def clean(self):
        errors = {}
        mentioned = self.mentioned_product_slugs()
        known = set(Product.objects.available().filter(slug__in=mentioned).values_list("slug", flat=True))
        for field, label in self.SECTIONS:
            unknown = [slug for slug in PRODUCT_MENTION.findall(getattr(self, field) or "") if slug not in known]
            if unknown:
                errors[field] = (
                    f"{label} mentions {', '.join(f'“{slug}”' for slug in unknown)}, "
                    "which is not an active product. Check the slug or activate the product."
                )
        if errors:
            raise ValidationError(errors)


class Symptom(models.Model):
    """Something a shopper notices: dull pain at the front of the knee, pain on stairs ..."""

    name = models.CharField(max_length=150, unique=True, help_text="Plain-language description shoppers recognise.")
    slug = models.SlugField(max_length=100, unique=True, help_text="Identifier used by questions and the API.")
    body_area = models.ForeignKey(
        BodyArea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="symptoms",
        help_text="Where it is felt, if one place.",
    )
    base_rate = models.FloatField(
        null=True,
        blank=True,
        validators=UNIT_INTERVAL,
        help_text=(
            "For facts about the person rather than the complaint (such as age): the share of all shoppers it is "
            "true of, 0 to 1. A condition that does not list it is then neither helped nor hurt by it. "
            "Leave empty for symptoms."
        ),
    )

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            slug_unique_ignoring_case("symptom"),
            models.CheckConstraint(
                condition=Q(base_rate__isnull=True) | Q(base_rate__gte=0.0, base_rate__lte=1.0),
                name="symptom_base_rate_in_0_1",
            ),
        ]

    def __str__(self):
        return self.name


class ConditionSymptom(models.Model):
    """How likely a shopper with the condition is to notice the symptom."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="symptom_links")
    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="condition_links")
    likelihood = models.FloatField(
        validators=UNIT_INTERVAL,
        help_text="Share of people with the condition who have this symptom, 0 to 1 (0.8 = most do).",
    )
    defining = models.BooleanField(
        default=False,
        help_text=(
            "A sign that sets this condition apart: Limber calls the condition “likely” only once every defining "
            "sign has been asked about and confirmed."
        ),
    )

    class Meta:
        ordering = ["condition", "-likelihood", "symptom", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["condition", "symptom"], name="condition_symptom_unique"),
            unit_interval_constraint("likelihood", "condition_symptom_likelihood_in_0_1"),
        ]

    def __str__(self):
        return f"{self.condition} – {self.symptom} ({self.likelihood:.0%})"


class TreatmentApproach(models.Model):
    """A way of helping: stretching, massage, cold, heat, support, strengthening, rest, physical therapy."""

    name = models.CharField(max_length=80, unique=True, help_text="Shown to shoppers, e.g. “Stretching”.")
    slug = models.SlugField(max_length=80, unique=True, help_text="Identifier used in the API.")
    description = models.CharField(max_length=300, blank=True, help_text="One line on what the approach does.")
    has_products = models.BooleanField(
        default=True, help_text="Untick for advice-only approaches such as physical therapy: no product serves them."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")

    class Meta:
        ordering = ["position", "name", "pk"]
        verbose_name = "treatment approach"
        verbose_name_plural = "treatment approaches"
        constraints = [slug_unique_ignoring_case("treatment_approach")]

    def __str__(self):
        return self.name


class ConditionTreatment(models.Model):
    """An approach that helps a condition in one phase, with how much and why."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="treatments")
    approach = models.ForeignKey(TreatmentApproach, on_delete=models.PROTECT, related_name="condition_links")
    phase = models.CharField(max_length=20, choices=Phase.choices, help_text="When in recovery this helps.")
    weight = models.FloatField(
        validators=UNIT_INTERVAL, help_text="How much this approach helps in this phase, 0 to 1 (1 = a mainstay)."
    )
    rationale = models.CharField(
        max_length=200, help_text="One line shown to shoppers: why this approach helps this condition."
    )

    class Meta:
        ordering = ["condition", "phase", "-weight", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["condition", "approach", "phase"], name="condition_treatment_unique"),
            unit_interval_constraint("weight", "condition_treatment_weight_in_0_1"),
        ]

    def __str__(self):
        return f"{self.condition} – {self.approach} ({self.get_phase_display()})"
