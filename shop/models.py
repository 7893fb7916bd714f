"""What staff see of the task queue (tasks that could not be queued, workers last seen) and of their imports."""

from django.conf import settings
from django.db import models


class EnqueueFailure(models.Model):
    """One kind of task a request could not put on the queue: how often, when last, and why."""

    kind = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField(default=0)
    last_failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-last_failed_at"]
        verbose_name = "task that could not be queued"
        verbose_name_plural = "tasks that could not be queued"

    def __str__(self) -> str:
        return self.kind


class ContentState(models.Model):
    """The one row that counts committed edits shoppers could see; bumped in the same transaction as each edit.

    Redis carries the content version that cached reads are keyed by; this row is what makes an edit
    outlive a Redis outage and the process that made it: whoever next finds Redis behind it moves
    the version on (`shop.content`).
    """

    generation = models.BigIntegerField(default=0, help_text="Incremented by every edit a shopper could see.")
    changed_at = models.DateTimeField(null=True, blank=True, help_text="When the last such edit was made.")

    class Meta:
        ordering = ["pk"]
        verbose_name = "content state"

    def __str__(self) -> str:
        return f"Content generation {self.generation}"


class WorkerHeartbeat(models.Model):
    """The last time a worker ran the heartbeat task beat sends it."""

    hostname = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = "worker heartbeat"

    def __str__(self) -> str:
        return self.hostname


class ImportJobStatus(models.TextChoices):
    """Where a staff import stands."""

    CHECKING = "checking", "Checking the file"
    CHECKED = "checked", "Checked: waiting for confirmation"
    REFUSED = "refused", "Not importable: lines to fix"
    IMPORTING = "importing", "Importing"
    DONE = "done", "Imported"
    CANCELLED = "cancelled", "Cancelled"
    FAILED = "failed", "Stopped by an error"


class ImportJob(models.Model):
    """A file staff uploaded to import: checked, then written in batches by the worker, cancellable between them."""

    RUNNING = (ImportJobStatus.CHECKING, ImportJobStatus.IMPORTING)

    model = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, help_text="What the file's rows become."
    )
    resource = models.CharField(max_length=200, help_text="Dotted path of the import-export resource that reads rows.")
    input_format = models.CharField(max_length=200, help_text="Dotted path of the import-export file format.")
    file_name = models.CharField(max_length=255, help_text="The file's name as uploaded.")
    content = models.BinaryField(
        blank=True, help_text="The file as uploaded; emptied once the import is over (done, cancelled, refused)."
    )
    status = models.CharField(max_length=20, choices=ImportJobStatus.choices, default=ImportJobStatus.CHECKING)
    rows_total = models.PositiveIntegerField(null=True, blank=True, help_text="Data rows in the file, once read.")
    rows_checked = models.PositiveIntegerField(default=0, help_text="Rows the check has read so far.")
    rows_imported = models.PositiveIntegerField(
        default=0, help_text="Rows the import has committed so far (written or left unchanged)."
    )
    checked_totals = models.JSONField(default=dict, blank=True, help_text="What the check found: new, update, skip.")
    imported_totals = models.JSONField(default=dict, blank=True, help_text="What the import wrote: new, update, skip.")
    preview = models.JSONField(default=dict, blank=True, help_text="The file's headers and its first rows' changes.")
    problems = models.JSONField(default=list, blank=True, help_text="Each bad line: its number, problems and cells.")
    problem_count = models.PositiveIntegerField(default=0, help_text="Lines with problems.")
    message = models.TextField(blank=True, help_text="Why the job stopped or was refused, in words.")
    cancel_requested = models.BooleanField(default=False, help_text="Staff asked to stop before the next batch.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", help_text="Who uploaded it."
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who confirmed the import.",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="When the import was confirmed.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When it was done, cancelled or stopped.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["model", "-created_at"], name="importjob_model_recent")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        """Whether a check or an import is under way (the page refreshes itself)."""
        return self.status in self.RUNNING

    @property
    def rows_done(self) -> int:
        """Rows behind the current step: checked until the import is confirmed, imported from then on."""
        return self.rows_checked if self.confirmed_at is None else self.rows_imported
