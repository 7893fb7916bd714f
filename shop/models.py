"""What staff see of the task queue: tasks that could not be queued, and when each worker was last seen."""

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


class WorkerHeartbeat(models.Model):
    """The last time a worker ran the heartbeat task beat sends it."""

    hostname = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = "worker heartbeat"

    def __str__(self) -> str:
        return self.hostname
