"""Staff screens to preview and publish knowledge-base drafts, and to see and restore published versions."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from guides.models import DraftChange, Publication
from guides.safety import user_may_publish, user_may_publish_safety
from recommendations.drafts_preview import draft_preview
from recommendations.publishing import PublishRefused, knowledge_publish, knowledge_restore, restore_safety_changes


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

    def get_urls(self):
        view = self.admin_site.admin_view(self.publish_view)
        return [path("publish/", view, name="guides_draftchange_publish"), *super().get_urls()]

    def publish_view(self, request):
        """Preview what the drafts change for shoppers; publish them with a note."""
        if not user_may_publish(request.user):
            raise PermissionDenied
        form = PublishForm(request.POST or None)
        preview = draft_preview()
        if request.method == "POST" and form.is_valid():
            try:
                publication = knowledge_publish(
                    user=request.user,
                    note=form.cleaned_data["note"],
                    triage_confirmed=form.cleaned_data["triage_confirmed"],
                    preview=preview,
                )
            except PublishRefused as refused:
                form.add_error(None, str(refused))
            else:
                self.message_user(
                    request,
                    f"Published: {len(publication.changes)} change(s) are live for shoppers now.",
                    messages.SUCCESS,
                )
                return redirect("admin:guides_publication_change", publication.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Preview and publish changes",
            "opts": self.model._meta,
            "drafts": DraftChange.objects.all(),
            "preview": preview,
            "form": form,
            "may_publish_safety": user_may_publish_safety(request.user),
        }
        return TemplateResponse(request, "admin/recommendations/drafts_publish.html", context)


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
        """Confirm, then put back an earlier version."""
        if not user_may_publish(request.user):
            raise PermissionDenied
        publication = get_object_or_404(Publication, pk=pk)
        form = RestoreForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                restored = knowledge_restore(
                    publication=publication,
                    user=request.user,
                    safety_confirmed=form.cleaned_data["safety_confirmed"],
                )
            except PublishRefused as refused:
                form.add_error(None, str(refused))
            else:
                self.message_user(request, f"{restored.note} Shoppers get it now.", messages.SUCCESS)
                return redirect("admin:guides_publication_change", restored.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Restore the {publication}?",
            "opts": self.model._meta,
            "publication": publication,
            "form": form,
            "safety_changes": restore_safety_changes(publication=publication),
            "may_publish_safety": user_may_publish_safety(request.user),
            "cancel_url": reverse("admin:guides_publication_change", args=[publication.pk]),
        }
        return TemplateResponse(request, "admin/recommendations/publication_restore.html", context)
