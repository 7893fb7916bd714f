"""Imports staff run from a model's admin, in the background: upload, watch the check, confirm, cancel.

The upload page stores the file and opens its job page at once; the worker checks every row and
the page, refreshing itself, shows the progress, then the preview (the first rows' changes, the
counts) or every bad line by its line in the file, with its problems in words beside its cells and
a CSV of them to download. *Confirm* queues the import, which the worker writes in batches;
*Cancel* stops it between two batches, and the page then says which lines were written.
"""

import csv

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.forms import ImportForm

from shop.import_results import problems_csv_rows
from shop.imports import import_job_cancel, import_job_confirm, import_job_create, import_upload_check
from shop.models import ImportJob

RECENT_JOBS = 10
PROBLEMS_SHOWN = 1000  # lines listed on the page; the download lists every one


class BoundedImportForm(ImportForm):
    """The import form, refusing a file larger than an import takes before it is stored."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            import_upload_check(size=upload.size)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return upload


class BackgroundImportMixin:
    """An import-export admin whose imports the worker checks and writes, with a job page per upload."""

    import_form_class = BoundedImportForm
    import_template_name = "admin/shop/import.html"
    import_job_template_name = "admin/shop/import_job.html"

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}_import"
        view = self.admin_site.admin_view
        jobs = [
            path("import/<int:job_id>/", view(self.import_job_view), name=f"{prefix}_job"),
            path("import/<int:job_id>/confirm/", view(self.import_job_confirm_view), name=f"{prefix}_confirm"),
            path("import/<int:job_id>/cancel/", view(self.import_job_cancel_view), name=f"{prefix}_cancel"),
            path("import/<int:job_id>/problems.csv", view(self.import_job_problems_view), name=f"{prefix}_problems"),
        ]
        return jobs + super().get_urls()

    def _job_url(self, job: ImportJob) -> str:
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_import_job"
        return reverse(name, args=[job.pk], current_app=self.admin_site.name)

    def _job(self, request, job_id: int, *, full: bool = True) -> ImportJob:
        if not self.has_import_permission(request):
            raise PermissionDenied
        jobs = ImportJob.objects.filter(model__app_label=self.opts.app_label, model__model=self.opts.model_name)
        if not full:
            jobs = jobs.defer("content", "problems", "preview")
        return get_object_or_404(jobs.defer("content").select_related("created_by", "confirmed_by"), pk=job_id)

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        recent = ImportJob.objects.filter(model__app_label=self.opts.app_label, model__model=self.opts.model_name)
        context["import_jobs"] = [
            (job, self._job_url(job))
            for job in recent.defer("content", "problems", "preview").select_related("created_by")[:RECENT_JOBS]
        ]
        context["import_max_rows"] = settings.LIMBER_IMPORT_MAX_ROWS
        context["import_batch_rows"] = settings.LIMBER_IMPORT_BATCH_ROWS
        return context

    def import_action(self, request, **kwargs):
        """Show the upload form; a valid upload is stored as a job and its page opens while the worker checks it."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = self.create_import_form(request)
            if form.is_valid():
                upload = form.cleaned_data["import_file"]
                job = import_job_create(
                    model=self.model,
                    resource=self.choose_import_resource_class(form, request),
                    input_format=self.get_import_formats()[int(form.cleaned_data["format"])],
                    file_name=upload.name,
                    content=b"".join(upload.chunks()),
                    user=request.user,
                )
                return HttpResponseRedirect(self._job_url(job))
        return super().import_action(request, **kwargs)  # the form, with its errors if any: never a dry run here

    def process_import(self, request, **kwargs):
        """Imports are confirmed on their job page; the library's confirm step is not used."""
        raise Http404("Confirm an import on its page.")

    def import_job_view(self, request, job_id: int):
        """One import: its progress while it runs, then its preview, its problems or what it wrote."""
        job = self._job(request, job_id)
        total = job.rows_total or 0
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import of {job.file_name}",
            "opts": self.opts,
            "job": job,
            "percent": int(100 * job.rows_done / total) if total else 0,
            "problems_shown": job.problems[:PROBLEMS_SHOWN],
            "refresh_seconds": 2,
        }
        return TemplateResponse(request, [self.import_job_template_name], context)

    def _post_and_back(self, request, job: ImportJob, words: str, level=messages.INFO):
        self.message_user(request, words, level)
        return HttpResponseRedirect(self._job_url(job))

    @method_decorator(require_POST)
    def import_job_confirm_view(self, request, job_id: int):
        """Queue the import of a checked file (once)."""
        job = self._job(request, job_id, full=False)
        if import_job_confirm(job=job, user=request.user):
            return self._post_and_back(request, job, "Import started: the worker writes it in batches.")
        return self._post_and_back(request, job, "This import is not waiting for confirmation.", messages.WARNING)

    @method_decorator(require_POST)
    def import_job_cancel_view(self, request, job_id: int):
        """Cancel a job: at once before anything is written, between batches while writing."""
        job = self._job(request, job_id, full=False)
        return self._post_and_back(request, job, import_job_cancel(job=job))

    def import_job_problems_view(self, request, job_id: int):
        """Download every problem of a job as CSV (line, problem)."""
        job = self._job(request, job_id)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-problems.csv"'
        csv.writer(response).writerows(problems_csv_rows(job.problems))
        return response
