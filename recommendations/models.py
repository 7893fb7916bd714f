"""The knowledge base: body areas, conditions, guides, symptoms, treatments and curation."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from catalog.models import Product

UNIT_INTERVAL = [MinValueValidator(0.0), MaxValueValidator(1.0)]
PRODUCT_MENTION = re.compile(r"\[\[product:([a-z0-9_-]+)\]\]")


def unit_interval_constraint(field: str, name: str, *, open_below: bool = False) -> models.CheckConstraint:
    """Keep a float field within 0..1 (or 0 exclusive..1) in the database."""
    low = Q(**{f"{field}__gt": 0}) if open_below else Q(**{f"{field}__gte": 0})
    return models.CheckConstraint(condition=low & Q(**{f"{field}__lte": 1}), name=name)


class Phase(models.TextChoices):
    """When in recovery a treatment helps."""

    IMMEDIATE = "immediate", "Immediate relief"
    LONG_TERM = "long_term", "Long-term healing"


class BodyArea(models.Model):
    """A part of the body shoppers point to: knee, foot and ankle, lower back ..."""

    name = models.CharField(max_length=60, unique=True, help_text="Shown to shoppers, e.g. “Knee”.")
    slug = models.SlugField(max_length=60, unique=True, help_text="Public identifier used in URLs and the API.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")

    class Meta:
        ordering = ["position", "name", "pk"]

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
        "prevalence prior",
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
        constraints = [unit_interval_constraint("prior", "condition_prior_in_0_1", open_below=True)]

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
    slug = models.SlugField(max_length=150, unique=True, help_text="The guide's address: /guides/<slug>/.")
    seo_title = models.CharField(
        "SEO title", max_length=70, blank=True, help_text="Title for search engines; the page title when empty."
    )
    seo_description = models.CharField(
        "SEO description", max_length=160, blank=True, help_text="Search result snippet, up to 160 characters."
    )
    overview = models.TextField(help_text="What the condition is. Markdown; [[product:slug]] shows a product card.")
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

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("recommendations:guide-detail", kwargs={"slug": self.slug})

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

    class Meta:
        ordering = ["name", "pk"]

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


class ProductApproach(models.Model):
    """How well a product serves a treatment approach."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="approach_links")
    approach = models.ForeignKey(TreatmentApproach, on_delete=models.CASCADE, related_name="product_links")
    strength = models.FloatField(
        validators=UNIT_INTERVAL, help_text="0 to 1: 1 when the product is made for this approach."
    )

    class Meta:
        ordering = ["product", "-strength", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "approach"], name="product_approach_unique"),
            unit_interval_constraint("strength", "product_approach_strength_in_0_1"),
        ]

    def __str__(self):
        return f"{self.product} – {self.approach} ({self.strength:.0%})"

    def clean(self):
        if self.approach_id and not self.approach.has_products:
            raise ValidationError({"approach": f"“{self.approach}” is advice only; no product can serve it."})


class ProductBodyArea(models.Model):
    """A body area a product is made for."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="body_area_links")
    body_area = models.ForeignKey(BodyArea, on_delete=models.CASCADE, related_name="product_links")

    class Meta:
        ordering = ["product", "body_area", "pk"]
        constraints = [models.UniqueConstraint(fields=["product", "body_area"], name="product_body_area_unique")]
        verbose_name = "product body area"

    def __str__(self):
        return f"{self.product} – {self.body_area}"


class CurationAction(models.TextChoices):
    PIN = "pin", "Pin to the top"
    BOOST = "boost", "Boost"
    EXCLUDE = "exclude", "Never show"


class CuratedProduct(models.Model):
    """A staff decision about one product for one condition."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="curations")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="curations")
    action = models.CharField(max_length=10, choices=CurationAction.choices, help_text="What to do with the product.")
    boost = models.FloatField(
        default=0.0, validators=UNIT_INTERVAL, help_text="For a boost: added to the product's score, 0 to 1."
    )
    phase = models.CharField(
        max_length=20,
        choices=Phase.choices,
        blank=True,
        help_text="For a pin or boost: the phase to show it under; its best-matching phase when empty.",
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="Shown to shoppers as the reason, e.g. “Our physio's pick for stairs”."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order among pinned products.")

    class Meta:
        ordering = ["condition", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["condition", "product"], name="curated_product_unique"),
            unit_interval_constraint("boost", "curated_product_boost_in_0_1"),
        ]
        verbose_name = "curated product"

    def __str__(self):
        return f"{self.get_action_display()}: {self.product} for {self.condition}"

    def clean(self):
        if self.action == CurationAction.BOOST and not self.boost:
            raise ValidationError({"boost": "A boost needs an amount above 0."})
        if self.action == CurationAction.EXCLUDE and self.boost:
            raise ValidationError({"boost": "An excluded product is never shown; leave the boost at 0."})


class QuestionStage(models.IntegerChoices):
    """Where a question sits in the symptom check: place first, safety next, then symptoms."""

    WHERE = 10, "Where it hurts"
    SAFETY = 20, "Safety check"
    SYMPTOMS = 30, "Symptoms"


class QuestionQuerySet(models.QuerySet):
    def active(self):
        """Questions shoppers are asked."""
        return self.filter(is_active=True)


class Question(models.Model):
    """A question of the symptom check."""

    slug = models.SlugField(max_length=80, unique=True, help_text="Identifier API clients send answers under.")
    text = models.CharField(max_length=200, help_text="The question as shoppers read it.")
    help_text = models.CharField(max_length=300, blank=True, help_text="Optional hint shown under the question.")
    allows_multiple = models.BooleanField(
        "multiple choice", default=False, help_text="Tick if shoppers may choose several options."
    )
    stage = models.PositiveSmallIntegerField(
        choices=QuestionStage.choices,
        default=QuestionStage.SYMPTOMS,
        help_text="Where-it-hurts and safety questions come first, in position order; "
        "symptom questions are chosen by how much they tell apart.",
    )
    body_areas = models.ManyToManyField(
        BodyArea,
        blank=True,
        related_name="questions",
        help_text="Ask only when the shopper reports one of these areas; leave empty to ask everyone.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within the stage.")
    is_active = models.BooleanField("active", default=True, help_text="Inactive questions are never asked.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["stage", "position", "slug", "pk"]

    def __str__(self):
        return self.text


class RedFlag(models.TextChoices):
    """How urgently an answer calls for a professional."""

    NONE = "", "None"
    SEE_DOCTOR = "see_doctor", "See a doctor"
    URGENT = "urgent", "Urgent care"


class AnswerOption(models.Model):
    """One answer to a question, and the evidence it gives."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    slug = models.SlugField(max_length=80, help_text="Identifier API clients send; unique within the question.")
    label = models.CharField(max_length=200, help_text="The answer as shoppers read it.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order among the question's options.")
    body_area = models.ForeignKey(
        BodyArea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answer_options",
        help_text="The body area this answer reports, if any.",
    )
    symptoms_present = models.ManyToManyField(
        Symptom, blank=True, related_name="present_in_options", help_text="Symptoms this answer says the shopper has."
    )
    symptoms_absent = models.ManyToManyField(
        Symptom, blank=True, related_name="absent_in_options", help_text="Symptoms this answer rules out."
    )
    red_flag = models.CharField(
        max_length=20,
        choices=RedFlag.choices,
        blank=True,
        default=RedFlag.NONE,
        help_text="Set when this answer needs a professional rather than a purchase.",
    )
    red_flag_message = models.CharField(
        max_length=300, blank=True, help_text="What to tell the shopper when the red flag is raised."
    )

    class Meta:
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "slug"], name="answer_option_slug_unique_per_question"),
            models.CheckConstraint(
                condition=Q(red_flag="") | ~Q(red_flag_message=""), name="answer_option_red_flag_has_message"
            ),
            models.CheckConstraint(condition=~Q(slug="not-sure"), name="answer_option_not_sure_reserved"),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        errors = {}
        if self.red_flag and not self.red_flag_message.strip():
            errors["red_flag_message"] = "Write the message shoppers see when this red flag is raised."
        if self.slug == "not-sure":
            errors["slug"] = "“not-sure” is reserved: every question offers “Not sure” by itself."
        if errors:
            raise ValidationError(errors)


class IndexState(models.Model):
    """The one row that counts requested index rebuilds; bumped in the same transaction as each edit."""

    requested_generation = models.BigIntegerField(
        default=0, help_text="Incremented by every change to what the recommendation index is built from."
    )
    build_count = models.BigIntegerField(default=0, help_text="How many indexes have been built and published.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "index state"

    def __str__(self):
        return f"Index generation {self.requested_generation}"


class IndexSnapshot(models.Model):
    """A compiled recommendation index, as built from one generation of the knowledge base."""

    version = models.CharField(max_length=64, unique=True, help_text="Identifier web processes cache the index by.")
    generation = models.BigIntegerField(help_text="The requested generation this snapshot includes.")
    built_at = models.DateTimeField(auto_now_add=True)
    build_seconds = models.FloatField(default=0, help_text="How long compiling took.")
    product_count = models.PositiveIntegerField(default=0, help_text="Active products scanned.")
    condition_count = models.PositiveIntegerField(default=0, help_text="Published conditions ranked.")
    size_bytes = models.PositiveIntegerField(default=0, help_text="Size of the stored payload.")
    payload = models.BinaryField(help_text="The compressed, pickled index; written and read only by Limber.")

    class Meta:
        ordering = ["-pk"]
        get_latest_by = "pk"

    def __str__(self):
        return f"Index {self.version}"


class Assessment(models.Model):
    """One anonymous symptom check: what was answered and what Limber suggested."""

    uid = models.UUIDField(unique=True, help_text="Identifier of the record, so a retried write keeps one row.")
    created_at = models.DateTimeField(db_index=True, help_text="When the shopper got the result.")
    source = models.CharField(max_length=20, help_text="Where it came from: page or api.")
    answers = models.JSONField(help_text="Question slug → option slug(s), as sent.")
    body_areas = models.JSONField(default=list, help_text="Body areas the answers reported.")
    triage_level = models.CharField(max_length=20, db_index=True, help_text="self_care, see_doctor or urgent.")
    top_condition = models.CharField(max_length=100, blank=True, db_index=True, help_text="Most probable condition.")
    conditions = models.JSONField(default=list, help_text="Conditions shown, with their probabilities.")
    products = models.JSONField(default=list, help_text="Product slugs recommended, in order.")
    index_version = models.CharField(max_length=64, help_text="Index the result was computed from.")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.top_condition or 'no clear condition'} ({self.triage_level})"


class EventKind(models.TextChoices):
    IMPRESSION = "impression", "Shown in recommendations"
    CLICK = "click", "Clicked from recommendations"
    VIEW = "view", "Product page viewed"
    ORDER = "order", "Ordered"


class ShopperEvent(models.Model):
    """One thing a shopper did with a product; written in batches, aggregated by a periodic task."""

    kind = models.CharField(max_length=12, choices=EventKind.choices, db_index=True)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="shopper_events")
    condition = models.CharField(
        max_length=100, blank=True, help_text="Slug of the condition the recommendation was for, if any."
    )
    source = models.CharField(max_length=20, blank=True, help_text="symptom_check, guide, api or product_page.")
    visitor = models.CharField(max_length=32, blank=True, db_index=True, help_text="Anonymous visitor id.")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["visitor", "kind", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.product_id}"


class ClickThrough:
    """Clicks per impression for statistics rows."""

    @property
    def click_through(self) -> float | None:
        """Clicks per impression, or None before the first impression."""
        return self.clicks / self.impressions if self.impressions else None


class ProductStats(ClickThrough, models.Model):
    """What shoppers did with a product, aggregated from events."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="stats", primary_key=True)
    impressions = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    views = models.PositiveIntegerField(default=0)
    orders = models.PositiveIntegerField(default=0)
    popularity = models.FloatField(
        default=0.0, validators=UNIT_INTERVAL, help_text="0 to 1, from recent views, clicks and orders; a small prior."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-popularity", "product_id"]
        verbose_name = "product statistics"
        verbose_name_plural = "product statistics"
        constraints = [unit_interval_constraint("popularity", "product_stats_popularity_in_0_1")]

    def __str__(self):
        return f"Statistics of {self.product}"


class ConditionStats(ClickThrough, models.Model):
    """Recommendations shown and clicked for a condition, aggregated from events."""

    condition = models.OneToOneField(Condition, on_delete=models.CASCADE, related_name="stats", primary_key=True)
    impressions = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    assessments = models.PositiveIntegerField(default=0, help_text="Symptom checks where it came out on top.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-impressions", "condition_id"]
        verbose_name = "condition statistics"
        verbose_name_plural = "condition statistics"

    def __str__(self):
        return f"Statistics of {self.condition}"


class ProductPair(models.Model):
    """How many visitors viewed both products: the "viewed together" signal."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="pairs")
    other = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    visitors = models.PositiveIntegerField(default=0, help_text="Visitors who viewed both.")

    class Meta:
        ordering = ["product", "-visitors", "other"]
        constraints = [
            models.UniqueConstraint(fields=["product", "other"], name="product_pair_unique"),
            models.CheckConstraint(condition=~Q(product=models.F("other")), name="product_pair_distinct"),
        ]

    def __str__(self):
        return f"{self.product_id} + {self.other_id}: {self.visitors}"
