"""Shopper events, symptom-check records, "did it help?" answers and the statistics aggregated from them."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from catalog.models import Product
from guides import vocabulary
from guides.models import UNIT_INTERVAL, Condition, unit_interval_constraint

# What staff read for the codes an assessment keeps (the API and the engine keep the codes).
TRIAGE_LABELS = {
    vocabulary.INCOMPLETE: "Safety questions not finished",
    vocabulary.SELF_CARE: "Self-care",
    vocabulary.SEE_DOCTOR: "See a doctor",
    vocabulary.URGENT: "Urgent care",
}
SOURCE_LABELS = {"page": "Symptom check page", "api": "API"}


def condition_label(record: models.Model, slug: str) -> str:
    """Return the name staff know a condition a record keeps by slug ("Runner's knee"), or the slug if it is gone.

    The admin annotates its rows with `condition_name`; elsewhere the name is looked up.
    """
    if not slug:
        return ""
    name = getattr(record, "condition_name", None)
    if name is None:
        name = Condition.objects.filter(slug=slug).values_list("name", flat=True).first()
    return name or slug


class Assessment(models.Model):
    """One anonymous symptom check: what was answered and what Limber suggested."""

    uid = models.UUIDField(unique=True, help_text="Identifier of the record, so a retried write keeps one row.")
    created_at = models.DateTimeField(db_index=True, help_text="When the shopper got the result.")
    source = models.CharField(
        max_length=20, help_text="Where it was made: the symptom check page, or another app through the API."
    )
    answers = models.JSONField(
        help_text="The answers as sent: each question's identifier with the identifiers of the options chosen."
    )
    body_areas = models.JSONField(default=list, help_text="Body areas the answers reported.")
    triage_level = models.CharField(
        max_length=20, db_index=True, help_text="The safety advice given: self-care, see a doctor, or urgent care."
    )
    top_condition = models.CharField(
        max_length=100, blank=True, db_index=True, help_text="The most likely condition, if one stood out."
    )
    conditions = models.JSONField(default=list, help_text="The conditions shown, each with how likely it seemed.")
    products = models.JSONField(default=list, help_text="The products recommended, in the order shown.")
    index_version = models.CharField(
        max_length=64, help_text="Version of the recommendation data the result was worked out from."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        condition = condition_label(self, self.top_condition) or "no clear condition"
        return f"{self.created_at:%Y-%m-%d %H:%M} {condition} ({self.triage_label})"

    @property
    def triage_label(self) -> str:
        """The safety advice the shopper got, in staff's words."""
        return TRIAGE_LABELS.get(self.triage_level, self.triage_level)

    @property
    def source_label(self) -> str:
        """Where the symptom check was made, in staff's words."""
        return SOURCE_LABELS.get(self.source, self.source)


class EventKind(models.TextChoices):
    IMPRESSION = "impression", "Shown in recommendations"
    CLICK = "click", "Clicked from recommendations"
    VIEW = "view", "Product page viewed"
    CART_ADD = "cart_add", "Added to cart"
    ORDER = "order", "Ordered"


class ShopperEvent(models.Model):
    """One thing a shopper did with a product; written in batches, aggregated by a periodic task."""

    kind = models.CharField(max_length=12, choices=EventKind.choices, db_index=True)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="shopper_events")
    condition = models.CharField(
        max_length=100, blank=True, help_text="The condition the recommendation was for (its web-address name), if any."
    )
    source = models.CharField(
        max_length=20, blank=True, help_text="Where it happened: the symptom check, a guide, the API or a product page."
    )
    visitor = models.CharField(
        max_length=32, blank=True, db_index=True, help_text="An anonymous code for the visitor; it names no one."
    )
    created_at = models.DateTimeField(db_index=True)
    key = models.CharField(
        max_length=40,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Identifier of the recorded event, so a retried write keeps one row; empty on older rows.",
    )

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
        default=0.0,
        validators=UNIT_INTERVAL,
        help_text="0 to 1 (1 = most looked at), from the last 30 days' views, clicks and orders; "
        "it nudges recommendations.",
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


class BoughtPair(models.Model):
    """How many orders held both products: the "bought together" signal, refreshed from orders."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="bought_pairs")
    other = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    orders = models.PositiveIntegerField(default=0, help_text="Orders (not cancelled) that held both.")

    class Meta:
        ordering = ["product", "-orders", "other"]
        constraints = [
            models.UniqueConstraint(fields=["product", "other"], name="bought_pair_unique"),
            models.CheckConstraint(condition=~Q(product=models.F("other")), name="bought_pair_distinct"),
        ]

    def __str__(self):
        return f"{self.product_id} + {self.other_id}: {self.orders} orders"


COMMENT_MAX_LENGTH = 1000
# Staff see a flag on a product when this many shoppers who used it answered, and at least this share said "no".
FLAG_MIN_ANSWERS = 5
FLAG_NO_SHARE = 0.5


class FeedbackAnswer(models.TextChoices):
    YES = "yes", "Yes"
    A_LITTLE = "a_little", "A little"
    NO = "no", "No"
    NOT_USED = "not_used", "Didn’t use it"


class ProductFeedback(models.Model):
    """One shopper's answer to "did it help?" about a product they bought, asked once per order."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="feedback")
    condition = models.CharField(
        max_length=100,
        blank=True,
        db_index=True,
        help_text="The condition the product was bought for (its web-address name, from the order line); "
        "empty when none.",
    )
    answer = models.CharField(max_length=10, choices=FeedbackAnswer.choices, help_text="Did it help?")
    comment = models.TextField(
        max_length=COMMENT_MAX_LENGTH, blank=True, help_text="The shopper's own words, if they left any."
    )
    order_number = models.CharField(
        max_length=12, help_text="Number of the order the question was about; one answer per order and product."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True, help_text="When the shopper answered.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "“did it help?” answer"
        verbose_name_plural = "“did it help?” answers"
        constraints = [
            models.UniqueConstraint(fields=["order_number", "product"], name="product_feedback_once_per_order"),
        ]

    def __str__(self):
        condition = condition_label(self, self.condition) or "no condition"
        return f"{self.get_answer_display()}: {self.product} for {condition}"


class ProductHelpfulness(models.Model):
    """How shoppers say a product helped with a condition, aggregated from their answers."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="helpfulness")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="helpfulness")
    yes = models.PositiveIntegerField(default=0)
    a_little = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)
    not_used = models.PositiveIntegerField(default=0, help_text="Answers from shoppers who did not use it.")
    score = models.FloatField(
        default=0.0,
        validators=[MinValueValidator(-1.0), MaxValueValidator(1.0)],
        help_text="−1 to 1 over shoppers who used it: yes counts 1, a little ½, no −1.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["condition", "-score", "product"]
        verbose_name = "helpfulness"
        verbose_name_plural = "helpfulness by condition and product"
        constraints = [
            models.UniqueConstraint(fields=["condition", "product"], name="product_helpfulness_unique"),
            models.CheckConstraint(condition=Q(score__gte=-1) & Q(score__lte=1), name="product_helpfulness_in_range"),
        ]

    def __str__(self):
        return f"{self.product} for {self.condition}: {self.score:+.2f}"

    @property
    def used(self) -> int:
        """Answers from shoppers who used the product (a "didn't use it" says nothing about it)."""
        return self.yes + self.a_little + self.no

    @property
    def flagged(self) -> bool:
        """Whether enough shoppers who used it say it did not help that staff should look."""
        return self.used >= FLAG_MIN_ANSWERS and self.no >= FLAG_NO_SHARE * self.used
