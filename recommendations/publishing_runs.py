"""What the worker runs for a publishing job: the publish or restore service, reporting each step on the job."""

import logging

from celery import shared_task
from django.utils import timezone

from guides.models import PublishingJob, PublishingJobKind, PublishingJobStatus
from recommendations.publishing import PublishRefused, knowledge_publish, knowledge_restore

logger = logging.getLogger(__name__)


def _progress(job_id: int):
    def report(percent: int, step: str) -> None:
        PublishingJob.objects.filter(pk=job_id).update(percent=percent, step=step)

    return report


def publishing_job_run(*, job_id: int) -> None:
    """Run a queued publish or restore, reporting each step; a job already started or gone is left alone."""
    claimed = PublishingJob.objects.filter(pk=job_id, status=PublishingJobStatus.QUEUED).update(
        status=PublishingJobStatus.RUNNING, step="Starting", percent=5
    )
    if not claimed:
        logger.info("Publishing job %s is gone or already started; nothing to do.", job_id)
        return
    job = PublishingJob.objects.select_related("created_by", "restore_from").get(pk=job_id)
    outcome = {"status": PublishingJobStatus.DONE, "percent": 100, "step": "Done", "message": ""}
    try:
        if job.kind == PublishingJobKind.PUBLISH:
            publication = knowledge_publish(
                user=job.created_by, note=job.note, triage_confirmed=job.confirmed, progress=_progress(job.pk)
            )
        else:
            publication = knowledge_restore(
                publication=job.restore_from,
                user=job.created_by,
                safety_confirmed=job.confirmed,
                progress=_progress(job.pk),
            )
        outcome["result"] = publication
    except PublishRefused as refused:
        outcome.update(status=PublishingJobStatus.REFUSED, step="Not done", message=str(refused))
    except Exception:
        logger.exception("Publishing job %s failed.", job_id)
        outcome.update(
            status=PublishingJobStatus.FAILED,
            step="Failed",
            message="Something went wrong and nothing was changed for shoppers. Try again; "
            "if it fails again, tell whoever looks after Limber's servers.",
        )
    PublishingJob.objects.filter(pk=job_id).update(finished_at=timezone.now(), **outcome)


@shared_task(ignore_result=True)
def knowledge_publishing_task(job_id: int):
    """Run one publish or restore staff asked for, reporting its steps on the job.

    It lives here rather than in tasks.py: publishing rebuilds the index through the index's
    requests, which import tasks.py. The worker finds it through `autodiscover_tasks`
    (shop/celery.py) looking for a `publishing_runs` module too.
    """
    publishing_job_run(job_id=job_id)
