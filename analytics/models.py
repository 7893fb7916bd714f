"""Shopper events, symptom-check records and the statistics aggregated from them."""

from django.db import models
from django.db.models import Q

from catalog.models import Product
from guides.models import UNIT_INTERVAL, Condition, unit_interval_constraint


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
    CART_ADD = "cart_add", "Added to cart"
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
