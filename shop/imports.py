"""Staff imports from the request's side: store an upload, confirm it, cancel it; the worker does the rest.

A request never reads the rows: it stores the file in the database (every web and worker machine
reaches it, and nothing under the public media folder holds it), queues the check after commit
and answers. The check and the import run in the worker (`shop/import_runs.py`), or in the request
itself on the embedded default, where tasks run in-process. The file is emptied once the import
is over.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from shop.enqueue import task_enqueue
from shop.models import ImportJob, ImportJobStatus
from shop.tasks import import_check_task, import_run_task


def dotted_path(thing: type) -> str:
    """Return the import path of a class, as a job stores its resource and format."""
    return f"{thing.__module__}.{thing.__qualname__}"


def import_upload_check(*, size: int) -> None:
    """Refuse an upload larger than an import takes, naming both sizes."""
    cap = settings.LIMBER_IMPORT_MAX_BYTES
    if size > cap:
        raise ValidationError(
            f"This file is {size / 2**20:.1f} MB; an import takes at most {cap / 2**20:.0f} MB. "
            "Split it into smaller files."
        )


@transaction.atomic
def import_job_create(
    *, model: type[models.Model], resource: type, input_format: type, file_name: str, content: bytes, user
) -> ImportJob:
    """Store an upload to import into `model` and queue its check after commit."""
    import_upload_check(size=len(content))
    job = ImportJob.objects.create(
        model=ContentType.objects.get_for_model(model),
        resource=dotted_path(resource),
        input_format=dotted_path(input_format),
        file_name=file_name[:255],
        content=content,
        created_by=user,
    )
    transaction.on_commit(lambda: task_enqueue(import_check_task, args=(job.pk,), about="an import check"))
    return job


@transaction.atomic
def import_job_confirm(*, job: ImportJob, user) -> bool:
    """Start writing a checked job's rows (once, however often staff click); False if it was not waiting."""
    started = ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.CHECKED).update(
        status=ImportJobStatus.IMPORTING, confirmed_by=user, confirmed_at=timezone.now(), updated_at=timezone.now()
    )
    if started:
        transaction.on_commit(lambda: task_enqueue(import_run_task, args=(job.pk,), about="an import"))
    return bool(started)


def import_job_cancel(*, job: ImportJob) -> str:
    """Stop a job: at once while nothing is written, between batches while importing; say what happens."""
    now = timezone.now()
    not_writing = Q(status=ImportJobStatus.CHECKING) | Q(status=ImportJobStatus.CHECKED)
    stopped = ImportJob.objects.filter(not_writing, pk=job.pk).update(
        status=ImportJobStatus.CANCELLED,
        message="Cancelled by staff before anything was imported.",
        content=b"",
        finished_at=now,
        updated_at=now,
    )
    if stopped:
        return "Cancelled: nothing was imported."
    if ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.IMPORTING).update(
        cancel_requested=True, updated_at=now
    ):
        return "Cancelling: the import stops after the batch it is writing, and this page then says what was written."
    return "This import is already over; there is nothing to cancel."
