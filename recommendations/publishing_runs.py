"""What the worker runs for a publishing job: the publish or restore service, reporting each step on the job."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from guides.models import PublishingJob, PublishingJobKind, PublishingJobStatus
from recommendations.publishing import PublishRefused, knowledge_publish, knowledge_restore

logger = logging.getLogger(__name__)


# The publish and the restore report this step only once their transaction has committed
# (recommendations/publishing.py): below it, a stopped job changed nothing; from it, the version is kept.
COMMITTED_PERCENT = 75

STOPPED_BEFORE_COMMIT = "Stopped: the worker running it stopped, and nothing was changed for shoppers. Try again."
STOPPED_AFTER_COMMIT = (
    "Stopped while rebuilding the recommendations, after the changes were made: they are kept as a new "
    "version (see Published versions), and shoppers get them once the recommendations are rebuilt, which "
    "the shop does by itself. Nothing needs doing again."
)


def _progress(job_id: int):
    def report(percent: int, step: str) -> None:
        PublishingJob.objects.filter(pk=job_id).update(percent=percent, step=step, progress_at=timezone.now())

    return report


def publishing_job_stop_stalled(*, job: PublishingJob) -> PublishingJob:
    """Mark a running job whose worker has been silent too long as stopped, saying what it left; return it fresh.

    A worker that dies (killed, out of memory, past the task time limit) reports nothing more, and
    its task is not run again: the job would show "Running" for ever. The publish's writes are one
    transaction, so a job that stopped before it committed changed nothing.
    """
    limit = timezone.now() - timedelta(minutes=settings.LIMBER_PUBLISHING_STALL_MINUTES)
    silent = Q(progress_at__lt=limit) | Q(progress_at__isnull=True, created_at__lt=limit)
    stopped = PublishingJob.objects.filter(silent, pk=job.pk, status=PublishingJobStatus.RUNNING).update(
        status=PublishingJobStatus.FAILED,
        step="Stopped",
        message=Case(
            When(percent__lt=COMMITTED_PERCENT, then=Value(STOPPED_BEFORE_COMMIT)), default=Value(STOPPED_AFTER_COMMIT)
        ),
        finished_at=timezone.now(),
    )
    if stopped:
        logger.warning("Publishing job %s: its worker reported nothing for too long; marked stopped.", job.pk)
        job.refresh_from_db()
    return job


def publishing_job_run(*, job_id: int) -> None:
    """Run a queued publish or restore, reporting each step; a job already started or gone is left alone."""
    claimed = PublishingJob.objects.filter(pk=job_id, status=PublishingJobStatus.QUEUED).update(
        status=PublishingJobStatus.RUNNING, step="Starting", percent=5, progress_at=timezone.now()
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
