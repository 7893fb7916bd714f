"""Celery tasks of the project itself: the worker heartbeat and staff imports."""

import socket

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from shop.enqueue import task_enqueue
from shop.import_runs import import_job_check, import_job_run, import_jobs_stalled
from shop.models import WorkerHeartbeat


@shared_task(bind=True, ignore_result=True)
def worker_heartbeat_task(self) -> None:
    """Record that a worker (and the beat that sent this) is alive, for the admin."""
    hostname = self.request.hostname or socket.gethostname()
    if self.request.is_eager:
        hostname = f"{hostname} (in-process)"
    WorkerHeartbeat.objects.update_or_create(hostname=hostname, defaults={"seen_at": timezone.now()})


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def import_check_task(job_id: int) -> None:
    """Check an uploaded import file, row by row, without writing anything."""
    import_job_check(job_id=job_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def import_run_task(job_id: int) -> None:
    """Write a confirmed import in batches; past its time share, carry on in a new task."""
    if import_job_run(job_id=job_id, seconds=settings.LIMBER_IMPORT_TASK_SECONDS):
        task_enqueue(import_run_task, args=(job_id,), about=f"the rest of import {job_id}")


@shared_task(ignore_result=True)
def import_jobs_reconcile_task() -> None:
    """Queue again the checks and imports whose task was lost (a broker outage, a crash)."""
    stalled = import_jobs_stalled(seconds=settings.LIMBER_IMPORT_RECONCILE_SECONDS)
    for job_id in stalled["check"]:
        task_enqueue(import_check_task, args=(job_id,), about=f"the check of import {job_id}")
    for job_id in stalled["run"]:
        task_enqueue(import_run_task, args=(job_id,), about=f"import {job_id}")
