"""Knowledge-base changes waiting to be published, and the record of every publish."""

from django.conf import settings
from django.db import models


class DraftChange(models.Model):
    """One object's edit saved as a draft: its rows as they will be, and what changes, in words."""

    model = models.CharField(max_length=60, help_text="The edited object's model, e.g. “guides.condition”.")
    object_id = models.PositiveBigIntegerField(help_text="The edited object's id.")
    label = models.CharField(max_length=200, help_text="What was edited, as staff know it, e.g. “Runner's knee”.")
    rows = models.JSONField(help_text="The object and its inline rows as they will be once published.")
    known_ids = models.JSONField(default=dict, help_text="Rows that existed when the draft was saved, by model.")
    changes = models.JSONField(default=list, help_text="What the draft changes, one plain sentence each.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", help_text="Who saved it."
    )
    created_by_name = models.CharField(max_length=150, blank=True, help_text="Their name, kept if the login goes.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["model", "object_id"], name="draft_change_one_per_object")]
        verbose_name = "change waiting to be published"
        verbose_name_plural = "changes waiting to be published"

    def __str__(self):
        return f"Draft: {self.label}"


class PublicationKind(models.TextChoices):
    BASELINE = "baseline", "As it was before the first publish"
    PUBLISH = "publish", "Published drafts"
    RESTORE = "restore", "Restored an earlier version"


class Publication(models.Model):
    """One version of the knowledge base shoppers got: who published it, when, why and what changed."""

    kind = models.CharField(max_length=10, choices=PublicationKind.choices, default=PublicationKind.PUBLISH)
    published_at = models.DateTimeField(auto_now_add=True, help_text="When it went live.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who published it.",
    )
    published_by_name = models.CharField(max_length=150, blank=True, help_text="Their name, kept if the login goes.")
    note = models.CharField(max_length=300, blank=True, help_text="Why, in the publisher's words.")
    changes = models.JSONField(default=list, help_text="What changed, one plain sentence each.")
    effects = models.JSONField(default=dict, help_text="What the preview showed changing for shoppers' answers.")
    revision = models.OneToOneField(
        "reversion.Revision",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The whole knowledge base as it stood after this publish, for restoring it.",
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "published version"
        # Publishing itself is `add_publication`; changes of safety advice need this as well.
        permissions = [("publish_safety_advice", "Can publish changes of safety advice")]
        verbose_name_plural = "published versions"

    def __str__(self):
        return f"Version of {self.published_at:%d %b %Y, %H:%M}"


class PublishingJobKind(models.TextChoices):
    PUBLISH = "publish", "Publish the changes waiting"
    RESTORE = "restore", "Restore an earlier version"


class PublishingJobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    REFUSED = "refused", "Not done"
    FAILED = "failed", "Failed"


class PublishingJob(models.Model):
    """A publish or restore the worker runs, with the step it is on, so staff can watch it finish."""

    kind = models.CharField(max_length=10, choices=PublishingJobKind.choices)
    status = models.CharField(
        max_length=10, choices=PublishingJobStatus.choices, default=PublishingJobStatus.QUEUED, db_index=True
    )
    step = models.CharField(max_length=200, blank=True, help_text="What the worker is doing now, in words.")
    percent = models.PositiveSmallIntegerField(default=0, help_text="How far it has got, 0 to 100.")
    note = models.CharField(max_length=300, blank=True, help_text="Why, in the publisher's words.")
    confirmed = models.BooleanField(default=False, help_text="Whether the changes to safety advice were confirmed.")
    restore_from = models.ForeignKey(
        Publication,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The version a restore puts back.",
    )
    result = models.ForeignKey(
        Publication,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The version it made, once done.",
    )
    message = models.TextField(blank=True, help_text="Why it was not done, in words.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", help_text="Who asked."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    progress_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the worker last reported a step; a running job silent for longer than "
        "LIMBER_PUBLISHING_STALL_MINUTES has lost its worker.",
    )
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When it was done, refused or failed.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "publishing job"

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"

    @property
    def is_running(self) -> bool:
        """Whether the worker has yet to finish it."""
        return self.status in (PublishingJobStatus.QUEUED, PublishingJobStatus.RUNNING)
