"""Staff tools of the recommendation service: each condition's ranked products, trying the engine, the index."""

from django import forms
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from guides.admin import ConditionAdmin, QuestionAdmin
from guides.models import Condition, Question
from recommendations import admin_publishing  # noqa: F401 - registers the drafts and published-versions screens
from recommendations.coverage import coverage_report, coverage_sections
from recommendations.drafts_preview import TRIAGE_WORDS
from recommendations.engine.answers import InvalidAnswers
from recommendations.engine.explain import explain
from recommendations.index.build import condition_ranking_compute, index_rebuild
from recommendations.index.current import index_current
from recommendations.index.store import IndexBusy, version_words
from recommendations.models import IndexSnapshot
from recommendations.selectors import ranking_gaps
from recommendations.views import ANSWER_PREFIX
from shop.admin_permissions import admin_view_with_permission


class ConditionWithRankingAdmin(ConditionAdmin):
    """The knowledge base's condition screen, plus the products shoppers would see and coverage warnings."""

    change_form_template = "admin/recommendations/condition/change_form.html"
    change_list_template = "admin/recommendations/condition/change_list.html"

    def get_urls(self):
        view = admin_view_with_permission(self.admin_site, self.coverage_view, "recommendations.view_coverage_report")
        return [path("coverage/", view, name="recommendations_coverage"), *super().get_urls()]

    def coverage_view(self, request):
        """List every coverage gap, each with a link to where to fix it."""
        gaps = coverage_report()
        context = {
            **self.admin_site.each_context(request),
            "title": "Coverage report",
            "opts": self.model._meta,
            "sections": coverage_sections(gaps),
            "total": len(gaps),
        }
        return TemplateResponse(request, "admin/recommendations/coverage.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        condition = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if request.method == "GET" and condition is not None:
            # Ranked once per page: for the coverage warnings and the preview below the form.
            ranking, catalogue = condition_ranking_compute(slug=condition.slug)
            if condition.is_published:
                for label in ranking_gaps(ranking):
                    messages.warning(
                        request,
                        f"No in-stock product is matched to {condition.name} for {label.lower()}. Shoppers get "
                        "in-stock products made for the same body area there, labelled as stand-ins. Restock one, "
                        "or say what another product is for.",
                    )
            extra_context["shopper_preview"] = render_to_string(
                "admin/recommendations/condition_preview.html",
                {
                    "ranking": ranking,
                    "products": catalogue.products,
                    "best_scores": {p: max((i.score for i in items), default=0) for p, items in ranking.phases.items()},
                },
            )
        return super().change_view(request, object_id, form_url, extra_context)


class TryItForm(forms.Form):
    """One field per active question; empty means unanswered."""

    limit = forms.IntegerField(min_value=1, max_value=50, initial=6, label="Products")

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            choices = [(option.slug, option.label) for option in question.choices]
            if question.allows_multiple:
                field = forms.MultipleChoiceField(
                    choices=choices, required=False, widget=forms.CheckboxSelectMultiple, label=question.text
                )
            else:
                field = forms.ChoiceField(choices=[("", "—"), *choices], required=False, label=question.text)
            self.fields[f"{ANSWER_PREFIX}{question.slug}"] = field

    def answers(self) -> dict[str, object]:
        return {
            name.removeprefix(ANSWER_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(ANSWER_PREFIX) and value not in ("", [], None)
        }


class QuestionWithTryItAdmin(QuestionAdmin):
    """The questionnaire screen, plus a page that runs the engine on chosen answers."""

    change_list_template = "admin/recommendations/question/change_list.html"

    def get_urls(self):
        view = admin_view_with_permission(self.admin_site, self.try_it_view, "recommendations.use_try_engine")
        return [path("try/", view, name="recommendations_try_engine"), *super().get_urls()]

    def try_it_view(self, request):
        """Run the engine on chosen answers and show every intermediate number."""
        index = index_current()
        form = TryItForm(request.GET or None, questions=index.questions)
        report = None
        if form.is_bound and form.is_valid():
            try:
                report = explain(index, form.answers(), limit=form.cleaned_data["limit"])
            except InvalidAnswers as exc:
                form.add_error(None, "; ".join(f"{key}: {' '.join(messages)}" for key, messages in exc.errors.items()))
        context = {
            **self.admin_site.each_context(request),
            "title": "Try the recommendation engine",
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "index": index,
            "index_date": version_words(index.version),
            "triage_words": TRIAGE_WORDS.get(report["result"].triage.level, "") if report else "",
        }
        return TemplateResponse(request, "admin/recommendations/try_it.html", context)


admin.site.unregister(Condition)
admin.site.register(Condition, ConditionWithRankingAdmin)
admin.site.unregister(Question)
admin.site.register(Question, QuestionWithTryItAdmin)


@admin.register(IndexSnapshot)
class IndexSnapshotAdmin(admin.ModelAdmin):
    """The compiled recommendation indexes; staff can rebuild on demand."""

    list_display = ["built", "took", "product_count", "condition_count", "size"]
    exclude = ["payload"]
    fields = ["built", "took", "product_count", "condition_count", "size", "version"]
    readonly_fields = fields
    actions = ["rebuild_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Built", ordering="built_at")
    def built(self, obj):
        return f"{timezone.localtime(obj.built_at):%d %b %Y, %H:%M:%S}"

    @admin.display(description="Took")
    def took(self, obj):
        return "under a second" if obj.build_seconds < 1 else f"{round(obj.build_seconds)} seconds"

    @admin.display(description="Size")
    def size(self, obj):
        return f"{max(round(obj.size_bytes / 1024), 1)} KB"

    def has_rebuild_permission(self, request) -> bool:
        """Rebuilding is a permission of its own: the list is read-only, the action is not."""
        return request.user.has_perm("recommendations.rebuild_index")

    @admin.action(description="Rebuild the recommendation index now", permissions=["rebuild"])
    def rebuild_now(self, request, queryset):
        try:
            index = index_rebuild(force=True)
        except IndexBusy:
            self.message_user(request, "A rebuild is already running; try again in a moment.", messages.WARNING)
            return
        self.message_user(
            request,
            f"Recommendations rebuilt ({version_words(index.version)}); shoppers get them now.",
            messages.SUCCESS,
        )
