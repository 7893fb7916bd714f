"""Publishing and restoring in the worker, with the step it is on, so staff watch it finish instead of waiting.

This module starts a job and says how it stands; `publishing_runs` is what the worker runs.

The request checks what it cheaply can (the permission, a note, the confirmation the preview asked
for), records a job and queues it after commit; the worker runs the same service a request would
and reports each step on the job row, outside the publish's own transaction, so the page's
status poll sees it at once. In the embedded default (eager tasks) the job is done by the time
the page opens. The service repeats every check on the rows it writes, so a job queued before a
draft changed cannot publish what nobody confirmed.
"""

from django.db import transaction
from django.urls import reverse

from guides.models import Publication, PublishingJob
from recommendations.publishing_runs import knowledge_publishing_task
from shop.enqueue import task_enqueue


def publishing_job_start(
    *, user, kind: str, note: str = "", confirmed: bool = False, restore_from: Publication | None = None
) -> PublishingJob:
    """Record a publish or restore for the worker and queue it once the request's transaction commits."""
    with transaction.atomic():
        job = PublishingJob.objects.create(
            kind=kind,
            note=note.strip(),
            confirmed=confirmed,
            restore_from=restore_from,
            created_by=user,
            step="Waiting for the worker",
        )
        transaction.on_commit(
            lambda: task_enqueue(knowledge_publishing_task, args=(job.pk,), about=f"a knowledge {kind}")
        )
    return job


def publishing_job_status(*, job: PublishingJob) -> dict:
    """Return what the job page shows, as JSON-safe data for its status poll."""
    result_url = reverse("admin:guides_publication_change", args=[job.result_id]) if job.result_id else ""
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "running": job.is_running,
        "percent": job.percent,
        "step": job.step,
        "message": job.message,
        "result_url": result_url,
    }
