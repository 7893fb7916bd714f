"""The compiled recommendation index: its requested generation and stored snapshots."""

from django.db import models


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
    format = models.PositiveSmallIntegerField(
        default=0, help_text="Version of the stored format; snapshots of another format are ignored and rebuilt."
    )
    generation = models.BigIntegerField(help_text="The requested generation this snapshot includes.")
    built_at = models.DateTimeField(auto_now_add=True)
    build_seconds = models.FloatField(default=0, help_text="How long compiling took.")
    product_count = models.PositiveIntegerField(default=0, help_text="Active products scanned.")
    condition_count = models.PositiveIntegerField(default=0, help_text="Published conditions ranked.")
    size_bytes = models.PositiveIntegerField(default=0, help_text="Size of the stored payload.")
    payload = models.BinaryField(help_text="The index as compressed, typed JSON.")

    class Meta:
        ordering = ["-pk"]
        get_latest_by = "pk"
        verbose_name = "recommendations build"
        permissions = [
            ("view_coverage_report", "Can view the coverage report"),
            ("use_try_engine", "Can try the recommendation engine"),
            ("rebuild_index", "Can rebuild the recommendation index"),
        ]

    def __str__(self):
        return f"Index {self.version}"
