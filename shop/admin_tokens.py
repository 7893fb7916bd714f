"""API tokens in the admin: each staff member makes and revokes their own; the key is shown once, never again.

django-rest-knox keeps only a hash of each key, so no page could show a key
after it was made. A superuser sees that other staff's tokens exist (owner,
first characters, expiry) and may revoke them.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from knox.models import AuthToken, get_digest_token
from knox.settings import CONSTANTS

KEY_START_SHOWN = 8


class ApiTokenCreateForm(forms.ModelForm):
    """How long the new token works; it always belongs to whoever makes it."""

    days = forms.IntegerField(
        min_value=1,
        max_value=365,
        label="Works for (days)",
        help_text="After this the token stops working and a new one is needed. Revoke it early if it leaks.",
    )

    class Meta:
        model = AuthToken
        fields = []


class ApiTokenAdmin(admin.ModelAdmin):
    """Staff's own API tokens: make one (the key is shown once), see when each expires, revoke."""

    list_display = ["key_start", "user", "created", "expiry", "status"]
    list_select_related = ["user"]
    readonly_fields = ["key_start", "user", "created", "expiry", "status"]
    ordering = ["-created"]
    actions = ["revoke"]

    def get_queryset(self, request):
        tokens = super().get_queryset(request)
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenCreateForm
            kwargs["fields"] = ["days"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["days"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_changeform_initial_data(self, request):
        return {"days": settings.LIMBER_API_TOKEN_DAYS}

    def has_change_permission(self, request, obj=None):
        return False  # a token is made, read and revoked; never edited

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(show_save_and_add_another=False, show_save_and_continue=False)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        """Make the token for the signed-in staff member; keep its key only for the one page that shows it."""
        digest, key = get_digest_token()
        obj.digest = digest
        obj.token_key = key[: CONSTANTS.TOKEN_KEY_LENGTH]
        obj.user = request.user
        obj.expiry = timezone.now() + timedelta(days=form.cleaned_data["days"])
        obj.save()
        request.limber_new_token_key = key

    def response_add(self, request, obj, post_url_continue=None):
        """Show the new key once, on a page no cache keeps."""
        context = {
            **self.admin_site.each_context(request),
            "title": "Your new API token",
            "opts": self.model._meta,
            "token": obj,
            "key": request.limber_new_token_key,
        }
        response = TemplateResponse(request, "admin/knox/authtoken/created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.display(description="key starts")
    def key_start(self, obj) -> str:
        return f"{obj.token_key[:KEY_START_SHOWN]}…"

    @admin.display(description="status")
    def status(self, obj) -> str:
        if obj.expiry is not None and obj.expiry <= timezone.now():
            return "expired"
        return "works"

    @admin.action(description="Revoke the selected tokens (they stop working at once)", permissions=["delete"])
    def revoke(self, request, queryset):
        count, _ = queryset.delete()
        self.message_user(request, f"{count} token(s) revoked.", messages.SUCCESS)


admin.site.unregister(AuthToken)
admin.site.register(AuthToken, ApiTokenAdmin)
