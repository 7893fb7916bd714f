"""The worker's side of a staff import: check every row without writing, then write them in batches.

The check tries each batch in a transaction that is rolled back, so it locks nothing for long; it
records its progress between batches, and a job staff cancelled meanwhile stops there. The import
writes each batch in a transaction of its own that also advances the job's count of rows done, so
a batch is written whole or not at all and exactly once: a task redelivered after a crash, or two
workers on the same job, carry on from the count. Cancelling takes effect between batches, and
the job then says which lines were written. A resource may read, among its import keyword
arguments, ``first_row`` (rows of the file before the batch) and ``lines`` (the line in the file
each row starts on) to name a row's place in the whole file.
"""

import logging
import time
from collections import Counter
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from shop.import_results import BatchSummary, FileRows, FileUnreadable, batch_summarise, file_read
from shop.models import ImportJob, ImportJobStatus

logger = logging.getLogger(__name__)

LIGHT = ("content", "problems", "preview")  # what a progress update never needs to read


def _file_rows(job: ImportJob) -> FileRows:
    input_format = import_string(job.input_format)(encoding="utf-8-sig")
    return file_read(bytes(job.content), input_format=input_format)


def _finish(job_id: int, *, status: str, expected: str, message: str = "", **fields) -> bool:
    """Move a job from `expected` to a final status, emptying its stored file; False if it had moved on."""
    ended = {"finished_at": timezone.now(), "content": b""} if status != ImportJobStatus.CHECKED else {}
    updated = ImportJob.objects.filter(pk=job_id, status=expected).update(
        status=status, message=message, updated_at=timezone.now(), **ended, **fields
    )
    return bool(updated)


def import_job_check(*, job_id: int) -> None:
    """Read a job's file and try every row without writing anything; leave it checked, or refused with its problems."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.CHECKING).select_related("created_by").first()
    if job is None:
        return  # cancelled before it started, or already checked (a redelivery)
    checking = ImportJobStatus.CHECKING
    try:
        rows = _file_rows(job)
    except FileUnreadable as exc:
        _finish(job_id, status=ImportJobStatus.REFUSED, expected=checking, message=str(exc))
        return
    total, cap = len(rows.lines), settings.LIMBER_IMPORT_MAX_ROWS
    if total > cap:
        message = (
            f"The file has {total:,} rows; an import takes at most {cap:,}: "
            f"split it into files of {cap:,} rows or fewer."
        )
        _finish(job_id, status=ImportJobStatus.REFUSED, expected=checking, message=message, rows_total=total)
        return
    resource = import_string(job.resource)()
    size, preview_limit = settings.LIMBER_IMPORT_BATCH_ROWS, settings.LIMBER_IMPORT_PREVIEW_ROWS
    totals, problems, preview_rows, start = Counter(), [], [], 0
    try:
        for start in range(0, total, size):
            progress = {"rows_total": total, "rows_checked": start, "checked_totals": dict(totals)}
            still = ImportJob.objects.filter(pk=job_id, status=checking)
            if not still.update(problem_count=len(problems), updated_at=timezone.now(), **progress):
                return  # cancelled: the check wrote nothing, so there is nothing to undo
            result = resource.import_data(
                rows.batch(start, size),
                dry_run=True,
                raise_errors=False,
                use_transactions=True,
                first_row=start,
                lines=rows.lines,
                preview_rows=max(preview_limit - len(preview_rows), 0),
                file_name=job.file_name,
                user=job.created_by,
            )
            summary = batch_summarise(
                result,
                resource=resource,
                rows=rows,
                start=start,
                preview_room=preview_limit - len(preview_rows),
                cells_room=settings.LIMBER_IMPORT_PROBLEM_CELLS - len(problems),
            )
            if summary.stop:
                _finish(job_id, status=ImportJobStatus.REFUSED, expected=checking, message=summary.stop)
                return
            totals.update(summary.totals)
            problems += summary.problems
            preview_rows += summary.preview_rows
    except SoftTimeLimitExceeded:
        message = f"The check ran out of time after {start:,} of {total:,} rows: split the file and upload the parts."
        _finish(job_id, status=ImportJobStatus.FAILED, expected=checking, message=message)
        return
    outcome = ImportJobStatus.REFUSED if problems else ImportJobStatus.CHECKED
    _finish(
        job_id,
        status=outcome,
        expected=checking,
        message="Nothing was imported: fix the lines below in your file and upload it again." if problems else "",
        rows_checked=total,
        checked_totals=dict(totals),
        problems=problems,
        problem_count=len(problems),
        preview={"headers": list(resource.get_diff_headers()), "rows": preview_rows},
    )


def _written_words(totals: dict, rows: int) -> str:
    return (
        f"{rows:,} row(s): {totals.get('new', 0):,} new, {totals.get('update', 0):,} updated, "
        f"{totals.get('skip', 0):,} unchanged"
    )


def _written_so_far(rows: FileRows, totals: dict, done: int) -> str:
    if not done:
        return "Nothing was imported."
    return (
        f"Lines {rows.lines[0]}–{rows.lines[done - 1]} of the file were imported ({_written_words(totals, done)}); "
        "nothing after them."
    )


def _log_entries(job: ImportJob, result) -> None:
    """Record each added and changed row in the admin's history, as an import from the admin page does."""
    if settings.IMPORT_EXPORT_SKIP_ADMIN_LOG or job.confirmed_by_id is None:
        return
    for import_type, flag in (("new", ADDITION), ("update", CHANGE)):
        instances = [row.instance for row in result.rows if row.import_type == import_type and row.instance]
        if instances:
            message = f"{'Added' if flag == ADDITION else 'Changed'} by import {job.pk} ({job.file_name})"
            LogEntry.objects.log_actions(job.confirmed_by_id, instances, flag, change_message=message)


def _batch_write(job: ImportJob, *, resource, rows: FileRows, start: int) -> BatchSummary:
    size = settings.LIMBER_IMPORT_BATCH_ROWS
    result = resource.import_data(
        rows.batch(start, size),
        dry_run=False,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        retain_instance_in_row_result=True,
        first_row=start,
        lines=rows.lines,
        preview_rows=0,
        file_name=job.file_name,
    )
    summary = batch_summarise(result, resource=resource, rows=rows, start=start, preview_room=0, cells_room=50)
    if not summary.stop and not summary.problems:
        _log_entries(job, result)
    return summary


def import_job_run(*, job_id: int, seconds: float) -> bool:
    """Write a confirmed job's rows, a batch per transaction, from where it stands; True if time ran out first."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.IMPORTING).first()
    if job is None:
        return False
    importing = ImportJobStatus.IMPORTING
    try:
        rows = _file_rows(job)
    except FileUnreadable as exc:  # it was read at the check; only a changed reader could fail here
        _finish(job_id, status=ImportJobStatus.FAILED, expected=importing, message=str(exc))
        return False
    resource = import_string(job.resource)()
    deadline = time.monotonic() + seconds
    try:
        while _batch_next(job_id, resource=resource, rows=rows):  # at least one batch per task: it always moves on
            if time.monotonic() >= deadline:
                return True
        return False
    except SoftTimeLimitExceeded:
        pass  # the batch under way was rolled back; the next task carries on from the count
    return True


def _batch_next(job_id: int, *, resource, rows: FileRows) -> bool:
    """Write the next batch of a job, or finish it (done, cancelled, stopped); False once it is over."""
    importing, total = ImportJobStatus.IMPORTING, len(rows.lines)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().defer(*LIGHT).get(pk=job_id)
        start, totals = job.rows_imported, Counter(job.imported_totals)
        if job.status != importing:
            return False
        if job.cancel_requested:
            message = f"Cancelled by staff. {_written_so_far(rows, totals, start)}"
            _finish(job_id, status=ImportJobStatus.CANCELLED, expected=importing, message=message)
            return False
        if start >= total:
            _finish(
                job_id,
                status=ImportJobStatus.DONE,
                expected=importing,
                message=f"Imported {_written_words(totals, total)}.",
            )
            return False
        summary = _batch_write(job, resource=resource, rows=rows, start=start)
        if summary.stop or summary.problems:
            reason = summary.stop or (
                f"line {summary.problems[0]['line']} no longer imports (the catalogue changed since the check); "
                "its problems are listed below"
            )
            _finish(
                job_id,
                status=ImportJobStatus.FAILED,
                expected=importing,
                message=f"Stopped: {reason}. {_written_so_far(rows, totals, start)}",
                problems=summary.problems,
                problem_count=len(summary.problems),
            )
            return False
        totals.update(summary.totals)
        job.rows_imported = min(start + settings.LIMBER_IMPORT_BATCH_ROWS, total)
        job.imported_totals = dict(totals)
        job.save(update_fields=["rows_imported", "imported_totals", "updated_at"])
    return True


def import_jobs_stalled(*, seconds: float) -> dict[str, list[int]]:
    """Return the jobs whose check or import has not moved for `seconds` (a lost task), by step."""
    quiet = ImportJob.objects.filter(updated_at__lt=timezone.now() - timedelta(seconds=seconds))
    return {
        "check": list(quiet.filter(status=ImportJobStatus.CHECKING).values_list("pk", flat=True)),
        "run": list(quiet.filter(status=ImportJobStatus.IMPORTING).values_list("pk", flat=True)),
    }
