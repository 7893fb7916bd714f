"""“Save as draft” on the knowledge-base screens: the edit is checked and kept aside, not made live.

The admin's own save runs as usual (every check, every inline) inside a
transaction that is then rolled back; what it would have written is kept as a
draft to preview and publish with others. Plain “Save” still goes live at once,
for small urgent fixes.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from guides.drafts import draft_for, draft_save, draftable_of, object_rows
from guides.wording import score_formfield

DRAFT_BUTTON = "_save_draft"


class ScoresOutOf100:
    """Show and take every 0–1 score of a model admin or inline out of 100, with plain labels."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return score_formfield(db_field) or super().formfield_for_dbfield(db_field, request, **kwargs)


class DraftableAdmin(ScoresOutOf100, admin.ModelAdmin):
    """A knowledge-base screen whose edits can be saved as a draft instead of going live."""

    change_form_template = "admin/guides/draftable_change_form.html"

    class Media:
        css = {"all": ["shop/admin.css"]}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["draftable"] = bool(change and obj is not None and draftable_of(obj))
        context["drafts_url"] = reverse("admin:guides_draftchange_changelist")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and DRAFT_BUTTON in request.POST:
            return self._draft_view(request, object_id, form_url, extra_context)
        if request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            waiting = draft_for(obj) if obj is not None else None
            if waiting is not None:
                messages.info(
                    request,
                    format_html(
                        "A draft of this is waiting to be published (saved by {} on {}). "
                        "The form shows what is live; saving another draft replaces it. "
                        '<a href="{}">See the changes waiting</a>.',
                        waiting.created_by_name or "someone",
                        f"{waiting.updated_at:%d %b %Y, %H:%M}",
                        reverse("admin:guides_draftchange_changelist"),
                    ),
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def message_user(self, request, *args, **kwargs):
        if getattr(request, "limber_drafting", False):
            return  # the admin's “changed successfully” is not true of a draft
        super().message_user(request, *args, **kwargs)

    def _draft_view(self, request, object_id, form_url, extra_context):
        live = self.get_object(request, unquote(object_id))
        if live is None or draftable_of(live) is None:
            return super().change_view(request, object_id, form_url, extra_context)
        before = object_rows(live)
        request.limber_drafting = True
        after = None
        with transaction.atomic():
            response = super().change_view(request, object_id, form_url, extra_context)
            if response.status_code == 302:
                after = object_rows(type(live).objects.get(pk=live.pk))
            transaction.set_rollback(True)
        request.limber_drafting = False
        if after is None:
            return response  # the form, with what needs fixing
        draft = draft_save(obj=live, before=before, after=after, user=request.user)
        kept_out = "" if draftable_of(live).keeps_object else " Only what the product is for was drafted."
        self.message_user(
            request,
            format_html(
                "Saved as a draft — not live yet: {}.{} Preview and publish it from "
                '<a href="{}">changes waiting to be published</a>.',
                "; ".join(draft.changes),
                kept_out,
                reverse("admin:guides_draftchange_changelist"),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)
