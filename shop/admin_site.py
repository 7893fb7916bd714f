"""The staff site: the shop's work first (orders, catalogue, knowledge, reports), accounts and security last."""

from dataclasses import dataclass

from django.contrib import admin
from django.urls import NoReverseMatch, reverse

# Headings in the order a shop manager reaches for them; any app not named here follows, then these last.
APPS_FIRST = ["orders", "catalog", "guides", "analytics", "recommendations"]
APPS_LAST = ["shop", "knox", "auth", "axes"]
# Headings whose package name means nothing to a shop manager.
APP_HEADINGS = {"axes": "Login attempts and lockouts", "shop": "Background work"}


@dataclass(frozen=True)
class ReportLink:
    """A report on the staff home page, shown only to staff holding its permission."""

    label: str
    url_name: str
    permission: str
    description: str


REPORT_LINKS = [
    ReportLink(
        "Sales dashboard",
        "admin:orders_dashboard",
        "orders.view_sales_dashboard",
        "Today's and this month's orders and revenue.",
    ),
    ReportLink(
        "What recommendations sell",
        "admin:orders_funnel",
        "orders.view_funnel",
        "Seen, clicked, added to cart and bought, per condition and product.",
    ),
    ReportLink(
        "Coverage report",
        "admin:recommendations_coverage",
        "recommendations.view_coverage_report",
        "Conditions short of products, and products no condition uses.",
    ),
    ReportLink(
        "Changes waiting to be published",
        "admin:guides_draftchange_changelist",
        "guides.view_draftchange",
        "Knowledge-base drafts to continue, preview and publish.",
    ),
]


def _app_rank(app_label: str) -> tuple[int, int]:
    if app_label in APPS_FIRST:
        return (0, APPS_FIRST.index(app_label))
    if app_label in APPS_LAST:
        return (2, APPS_LAST.index(app_label))
    return (1, 0)


class LimberAdminSite(admin.AdminSite):
    """Django's admin site with the shop's headings in a shop's order and a panel of reports on its home page."""

    site_header = "Limber staff"
    site_title = "Limber staff"
    index_title = "Shop, guides and recommendations"
    index_template = "admin/shop/index.html"

    def get_app_list(self, request, app_label=None):
        """Return the apps in the shop's order (same order in the side bar), with plain headings."""
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            app["name"] = APP_HEADINGS.get(app["app_label"], app["name"])
        return sorted(app_list, key=lambda app: (_app_rank(app["app_label"]), app["name"].lower()))

    def report_links(self, request) -> list[dict]:
        """Return the reports this user may open, each with its address."""
        links = []
        for report in REPORT_LINKS:
            if not request.user.has_perm(report.permission):
                continue
            try:
                url = reverse(report.url_name, current_app=self.name)
            except NoReverseMatch:
                continue  # its admin is not installed on this site
            links.append({"label": report.label, "url": url, "description": report.description})
        return links

    def index(self, request, extra_context=None):
        """Show the reports panel above the app list."""
        return super().index(request, {"report_links": self.report_links(request), **(extra_context or {})})
