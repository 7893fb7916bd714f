"""Drafts on the knowledge-base screens: what shoppers see changes only through preview and publish.

The admin's own save runs as usual (every check, every inline) inside a
transaction that is then rolled back; what it would have written is kept as a
draft to preview and publish with others. “Save draft” is the form's main
button for everyone; staff who may publish also get “Save draft, then preview
and publish”, which leads to the publish page (a note, the preview, and a
clinical reviewer's confirmation when safety advice changes). A form with a
draft waiting shows the draft, so editing continues where it was left.
Staff who may not publish only ever save drafts; what they add stays hidden
from shoppers until a publish shows it.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from guides.drafts import DRAFTABLE, draft_for, draft_save, draft_write_for_editing, draftable_of, object_rows
from guides.safety import safety_changes, user_may_publish, user_may_publish_safety
from guides.wording import score_formfield, sentences_join

DRAFT_BUTTON = "_save_draft"
DRAFT_THEN_PUBLISH_BUTTON = "_save_draft_publish"


class ScoresOutOf100:
    """Show and take every 0–1 score of a model admin or inline out of 100, with plain labels."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return score_formfield(db_field) or super().formfield_for_dbfield(db_field, request, **kwargs)


class DraftableAdmin(ScoresOutOf100, admin.ModelAdmin):
    """A knowledge-base screen whose edits go live only for publishers, and never when they touch safety advice."""

    change_form_template = "admin/guides/draftable_change_form.html"

    class Media:
        css = {"all": ["shop/admin.css"]}

    def _whole_object_drafted(self) -> bool:
        kind = DRAFTABLE.get(self.model._meta.label_lower)
        return kind is not None and kind.keeps_object

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_publish = user_may_publish(request.user)
        whole = self._whole_object_drafted()
        context["draftable"] = bool(change and obj is not None and draftable_of(obj) and (may_publish or whole))
        context["draft_is_default"] = bool(context["draftable"] and whole)
        context["may_publish"] = may_publish
        context["drafts_url"] = reverse("admin:guides_draftchange_changelist")
        context["publish_url"] = reverse("admin:guides_draftchange_publish")
        if change and whole:
            # “Save draft” is the main button: Django's own save buttons would read as going live.
            context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_delete_permission(self, request, obj=None):
        """Deleting what shoppers see is publishing: it needs the publish permission too."""
        if self._whole_object_drafted() and not user_may_publish(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        """Refuse to delete anything whose removal changes safety advice, except for a clinical reviewer."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if not user_may_publish_safety(request.user):
            rows = [row for obj in objs for row in object_rows(obj)] if self._whole_object_drafted() else []
            if safety_changes(rows, []):
                perms_needed = {*perms_needed, "safety advice (a clinical reviewer deletes it)"}
        return deleted, counts, perms_needed, protected

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if self._whole_object_drafted() and not user_may_publish(request.user):
            changelist.list_editable = ()  # edits in the list would go live
        return changelist

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and (self._whole_object_drafted() or DRAFT_BUTTON in request.POST):
            return self._draft_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and self._whole_object_drafted():
            obj = self.get_object(request, unquote(object_id))
            waiting = draft_for(obj) if obj is not None else None
            if waiting is not None:
                return self._draft_form_view(request, object_id, form_url, extra_context, waiting)
        elif request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            waiting = draft_for(obj) if obj is not None else None
            if waiting is not None:
                messages.info(
                    request,
                    format_html(
                        "A draft of what this product is for is waiting to be published (saved by {} on {}). "
                        "The form shows what is live; saving another draft replaces it. "
                        '<a href="{}">See the changes waiting</a>.',
                        waiting.created_by_name or "someone",
                        f"{waiting.updated_at:%d %b %Y, %H:%M}",
                        reverse("admin:guides_draftchange_changelist"),
                    ),
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def _draft_form_view(self, request, object_id, form_url, extra_context, waiting):
        """Show the form with the draft's values, so the editor continues the draft rather than starting again."""
        messages.info(
            request,
            format_html(
                "You are continuing the draft saved by {} on {}: the form shows the draft, not what shoppers see. "
                "“Save draft” keeps your changes with it. "
                '<a href="{}">See every change waiting to be published</a>.',
                waiting.created_by_name or "someone",
                f"{waiting.updated_at:%d %b %Y, %H:%M}",
                reverse("admin:guides_draftchange_changelist"),
            ),
        )
        context = {**(extra_context or {}), "draft_waiting": waiting}
        with transaction.atomic():
            draft_write_for_editing(waiting)
            response = super().change_view(request, object_id, form_url, context)
            if hasattr(response, "render"):
                response.render()  # while the draft's rows are there
            transaction.set_rollback(True)
        return response

    def message_user(self, request, *args, **kwargs):
        if getattr(request, "limber_drafting", False):
            return  # the admin's “changed successfully” is not true of a draft
        super().message_user(request, *args, **kwargs)

    def _capture(self, request, object_id, form_url, extra_context):
        """Run the admin's save in a transaction that is rolled back; return the response and the rows."""
        live = self.get_object(request, unquote(object_id))
        if live is None or draftable_of(live) is None:
            return super().change_view(request, object_id, form_url, extra_context), None, None, None
        before = object_rows(live)
        waiting = draft_for(live) if self._whole_object_drafted() else None
        request.limber_drafting = True
        after = None
        try:
            with transaction.atomic():
                if waiting is not None:
                    draft_write_for_editing(waiting)  # the form was showing the draft: save over it
                response = super().change_view(request, object_id, form_url, extra_context)
                if response.status_code == 302:
                    after = object_rows(type(live).objects.get(pk=live.pk))
                elif hasattr(response, "render"):
                    response.render()  # the form with its problems, while the rows it shows are there
                transaction.set_rollback(True)
        finally:
            request.limber_drafting = False
        return response, live, before, after

    def _draft_view(self, request, object_id, form_url, extra_context):
        response, live, before, after = self._capture(request, object_id, form_url, extra_context)
        if after is None:
            return response
        response = self._draft_keep(request, live, before, after)
        if DRAFT_THEN_PUBLISH_BUTTON in request.POST and user_may_publish(request.user):
            return HttpResponseRedirect(reverse("admin:guides_draftchange_publish"))
        return response

    def _draft_keep(self, request, live, before, after):
        draft = draft_save(obj=live, before=before, after=after, user=request.user)
        kept_out = "" if draftable_of(live).keeps_object else " Only what the product is for was drafted."
        who = (
            " a clinical reviewer must publish it, with the confirmation."
            if safety_changes(before, after)
            else " someone who may publish makes it live."
        )
        self.message_user(
            request,
            format_html(
                "Saved as a draft — not live yet: {}{} Preview it from "
                '<a href="{}">changes waiting to be published</a>;{}',
                sentences_join(draft.changes),
                kept_out,
                reverse("admin:guides_draftchange_changelist"),
                who,
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)

    def save_related(self, request, form, formsets, change):
        """Save the inlines; keep a partly drafted object's drafted inlines aside; hide a new object that must wait."""
        obj = form.instance
        kind = draftable_of(obj)
        may_publish = user_may_publish(request.user)
        if kind is None or getattr(request, "limber_drafting", False):
            return super().save_related(request, form, formsets, change)
        if not kind.keeps_object and not may_publish:
            self._save_related_drafting_uses(request, form, formsets, change, kind)
            return None
        super().save_related(request, form, formsets, change)
        if not change and kind.hide_field and getattr(obj, kind.hide_field):
            touches = safety_changes([], object_rows(obj))
            if touches or not may_publish:
                setattr(obj, kind.hide_field, False)
                obj.save(update_fields=[kind.hide_field])
                why = "it holds safety advice, which a clinical reviewer publishes" if touches else "a publish shows it"
                self.message_user(
                    request,
                    f"Saved hidden from shoppers: {why}. To show it, save it shown as a draft and have it published.",
                    messages.WARNING,
                )
        return None

    def _save_related_drafting_uses(self, request, form, formsets, change, kind):
        """Save every inline live except the drafted ones, which are kept as a draft (a product's uses)."""
        obj = form.instance
        drafted_models = {getattr(obj, accessor).model for accessor in kind.children}
        form.save_m2m()
        for formset in formsets:
            if formset.model not in drafted_models:
                self.save_formset(request, form, formset, change=change)
        before = object_rows(obj)
        with transaction.atomic():
            for formset in formsets:
                if formset.model in drafted_models:
                    self.save_formset(request, form, formset, change=change)
            after = object_rows(obj)
            transaction.set_rollback(True)
        if after != before:
            draft_save(obj=obj, before=before, after=after, user=request.user)
            self.message_user(
                request,
                format_html(
                    "What the product is for was saved as a draft — not live yet; someone who may publish makes it "
                    'live from <a href="{}">changes waiting to be published</a>.',
                    reverse("admin:guides_draftchange_changelist"),
                ),
                messages.WARNING,
            )
