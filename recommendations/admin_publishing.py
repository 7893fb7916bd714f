"""Staff screens to preview and publish knowledge-base drafts, and to see and restore published versions."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from guides.models import DraftChange, Publication, PublishingJob, PublishingJobKind, PublishingJobStatus
from guides.safety import user_may_publish, user_may_publish_safety
from recommendations.drafts_preview import draft_preview
from recommendations.publishing import (
    PublishRefused,
    knowledge_publish_check,
    knowledge_restore_check,
    restore_preview,
)
from recommendations.publishing_jobs import publishing_job_start, publishing_job_status
from recommendations.publishing_runs import publishing_job_stop_stalled


class PublishForm(forms.Form):
    """A note for the record, and the confirmation a change of safety advice needs."""

    note = forms.CharField(
        max_length=300,
        label="Why are you publishing this?",
        help_text="Kept with the version, e.g. “Stretching helps runner's knee more, per our physio”.",
        widget=forms.TextInput(attrs={"size": 70}),
    )
    triage_confirmed = forms.BooleanField(
        required=False, label="I have checked the changes to safety advice highlighted above, and they are right."
    )


class RestoreForm(forms.Form):
    """The confirmation a restore that changes safety advice needs."""

    safety_confirmed = forms.BooleanField(
        required=False, label="I have checked the changes to safety advice listed above, and they are right."
    )


def _bullets(lines) -> str:
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line,) for line in lines)))


@admin.register(DraftChange)
class DraftChangeAdmin(admin.ModelAdmin):
    """Knowledge-base edits saved as drafts; discard them here, or preview and publish them together."""

    list_display = ["label", "what_changes", "created_by_name", "updated_at"]
    change_list_template = "admin/recommendations/draftchange/change_list.html"
    actions = ["delete_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="What changes")
    def what_changes(self, obj):
        return _bullets(obj.changes)

    def get_list_display(self, request):
        """Add a “Continue draft” link to each row whose screen this user may edit."""

        @admin.display(description="Continue")
        def continue_link(obj):
            app_label, model_name = obj.model.split(".")
            if not request.user.has_perm(f"{app_label}.change_{model_name}"):
                return "—"
            url = reverse(f"admin:{app_label}_{model_name}_change", args=[obj.object_id])
            return format_html(
                '<a href="{}">Continue draft<span class="visually-hidden"> of {}</span></a>', url, obj.label
            )

        return [*self.list_display, continue_link]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("publish/", view(self.publish_view), name="guides_draftchange_publish"),
            path("publishing/<int:pk>/", view(self.job_view), name="guides_publishingjob_progress"),
            path("publishing/<int:pk>/status/", view(self.job_status_view), name="guides_publishingjob_status"),
            *super().get_urls(),
        ]

    def publish_view(self, request):
        """Preview what the drafts change for shoppers; publish them with a note, in the worker."""
        if not user_may_publish(request.user):
            raise PermissionDenied
        form = PublishForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                knowledge_publish_check(user=request.user, note=form.cleaned_data["note"], triage_confirmed=False)
            except PublishRefused as refused:
                form.add_error(None, str(refused))
            else:
                job = publishing_job_start(
                    user=request.user,
                    kind=PublishingJobKind.PUBLISH,
                    note=form.cleaned_data["note"],
                    confirmed=form.cleaned_data["triage_confirmed"],
                )
                return redirect("admin:guides_publishingjob_progress", job.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Preview and publish changes",
            "opts": self.model._meta,
            "drafts": DraftChange.objects.all(),
            "preview": draft_preview(),
            "form": form,
            "may_publish_safety": user_may_publish_safety(request.user),
            "runs_in_request": settings.CELERY_TASK_ALWAYS_EAGER,
        }
        return TemplateResponse(request, "admin/recommendations/drafts_publish.html", context)

    def job_view(self, request, pk):
        """Show how a publish or restore is getting on; the page polls the status view and moves on when done."""
        job = self._job(request, pk)
        if job.status == PublishingJobStatus.DONE and job.result_id:
            self.message_user(request, _done_message(job), messages.SUCCESS)
            return redirect("admin:guides_publication_change", job.result_id)
        context = {
            **self.admin_site.each_context(request),
            "title": job.get_kind_display(),
            "opts": self.model._meta,
            "job": job,
            "status": publishing_job_status(job=job),
            "status_url": reverse("admin:guides_publishingjob_status", args=[job.pk]),
            "again_url": (
                reverse("admin:guides_publication_restore", args=[job.restore_from_id])
                if job.restore_from_id
                else reverse("admin:guides_draftchange_publish")
            ),
        }
        return TemplateResponse(request, "admin/recommendations/publishing_job.html", context)

    def job_status_view(self, request, pk):
        """Return the job's step and progress as JSON, for its page to poll."""
        return JsonResponse(publishing_job_status(job=self._job(request, pk)))

    def _job(self, request, pk) -> PublishingJob:
        if not user_may_publish(request.user):
            raise PermissionDenied
        # A job whose worker died would show "Running" for ever: past the silence allowed, it is stopped.
        return publishing_job_stop_stalled(job=get_object_or_404(PublishingJob, pk=pk))


def _done_message(job: PublishingJob) -> str:
    if job.kind == PublishingJobKind.RESTORE:
        return f"{job.result.note} Shoppers get it now."
    count = len(job.result.changes)
    return f"Published: {count} change{' is' if count == 1 else 's are'} live for shoppers now."


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Every version shoppers got: who published it, when, why, what changed; restore any of them."""

    list_display = ["when", "kind", "published_by_name", "note", "change_count"]
    list_filter = ["kind"]
    fields = ["when", "kind", "published_by_name", "note", "what_changed", "what_it_did"]
    readonly_fields = fields
    change_form_template = "admin/recommendations/publication/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="When", ordering="published_at")
    def when(self, obj):
        return f"{obj.published_at:%d %b %Y, %H:%M}"

    @admin.display(description="Changes")
    def change_count(self, obj):
        return len(obj.changes)

    @admin.display(description="What changed")
    def what_changed(self, obj):
        return _bullets(obj.changes) if obj.changes else "Nothing (the starting point)."

    @admin.display(description="What the preview showed")
    def what_it_did(self, obj):
        effects = obj.effects or {}
        if not effects:
            return "—"
        return (
            f"{effects.get('changed', 0)} of {effects.get('checked', 0)} answer sets changed; "
            f"{effects.get('triage_changes', 0)} got different safety advice."
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.restore_view)
        return [path("<int:pk>/restore/", view, name="guides_publication_restore"), *super().get_urls()]

    def restore_view(self, request, pk):
        """Show what restoring a version changes; once confirmed, put it back in the worker."""
        if not user_may_publish(request.user):
            raise PermissionDenied
        publication = get_object_or_404(Publication, pk=pk)
        form = RestoreForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                knowledge_restore_check(publication=publication, user=request.user)
            except PublishRefused as refused:
                form.add_error(None, str(refused))
            else:
                job = publishing_job_start(
                    user=request.user,
                    kind=PublishingJobKind.RESTORE,
                    confirmed=form.cleaned_data["safety_confirmed"],
                    restore_from=publication,
                )
                return redirect("admin:guides_publishingjob_progress", job.pk)
        preview = restore_preview(publication=publication)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Restore the version of {publication.published_at:%d %b %Y, %H:%M}?",
            "opts": self.model._meta,
            "publication": publication,
            "form": form,
            "changes": preview.changes,
            "safety_changes": preview.safety_changes,
            "may_publish_safety": user_may_publish_safety(request.user),
            "cancel_url": reverse("admin:guides_publication_change", args=[publication.pk]),
            "runs_in_request": settings.CELERY_TASK_ALWAYS_EAGER,
        }
        return TemplateResponse(request, "admin/recommendations/publication_restore.html", context)
