"""What each product is for, and staff curation of products per condition."""

from django.core.exceptions import ValidationError
from django.db import models

from catalog.models import Product
from guides.models.conditions import (
    UNIT_INTERVAL,
    BodyArea,
    Condition,
    Phase,
    TreatmentApproach,
    unit_interval_constraint,
)


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


class ProductFit(models.Model):
    """A condition a specialised product is made for: a product that lists any is recommended for those alone."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="fit_links", help_text="A product made for some conditions."
    )
    condition = models.ForeignKey(
        Condition,
        on_delete=models.CASCADE,
        related_name="fitting_products",
        help_text="A condition the product's purpose fits, e.g. a night splint for plantar fasciitis. Leave a product "
        "without any when it suits every condition felt where it is made for.",
    )

    class Meta:
        ordering = ["product", "condition", "pk"]
        constraints = [models.UniqueConstraint(fields=["product", "condition"], name="product_fit_unique")]
        verbose_name = "condition it is made for"
        verbose_name_plural = "conditions it is made for"

    def __str__(self):
        return f"{self.product} – only for {self.condition}"


class CurationAction(models.TextChoices):
    PIN = "pin", "Pin to the top"
    BOOST = "boost", "Move up the list"
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
