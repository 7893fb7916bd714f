"""The staff home page: the shop's work first, accounts and security last, and the reports a user may open."""

import re

import pytest
from django.urls import reverse

from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

MANAGER, CATALOGUE, CONTENT, CLINICAL, ORDERS, ANALYST = ROLES


def _headings(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<caption>\s*<a href="/admin/(\w+)/"[^>]*>([^<]+)</a>', page)


def _reports(page: str) -> list[str]:
    panel = page.split('class="module limber-reports"')[1].split("</ul>")[0] if "limber-reports" in page else ""
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', panel)


def test_orders_catalogue_knowledge_and_reports_come_first_tokens_and_security_last(staff_client):
    page = staff_client.get("/admin/").text

    assert _headings(page) == [
        ("orders", "Orders"),
        ("catalog", "Catalogue"),
        ("guides", "Knowledge base"),
        ("analytics", "Shopper analytics"),
        ("recommendations", "Recommendations"),
        ("shop", "Background work"),
        ("knox", "API tokens"),
        ("auth", "Authentication and Authorization"),
        ("axes", "Login attempts and lockouts"),
    ]
    knowledge = page.split('href="/admin/guides/"')[1].split("</table>")[0]
    assert "Conditions" in knowledge
    assert "Questions" in knowledge
    assert "Index snapshots" not in knowledge
    queue = page.split('href="/admin/shop/"')[1].split("</table>")[0]
    assert "Tasks that could not be queued" in queue
    assert "Worker heartbeats" in queue


def test_the_side_bar_of_any_screen_lists_the_apps_in_the_same_order(staff_client):
    page = staff_client.get(reverse("admin:orders_order_changelist")).text

    sidebar = page.split('id="nav-sidebar"')[1]
    assert sidebar.index("/admin/orders/") < sidebar.index("/admin/catalog/") < sidebar.index("/admin/axes/")


def test_a_shop_manager_sees_every_report_linked_from_the_home_page(staff_in_role):
    page = staff_in_role(MANAGER).get("/admin/").text

    assert _reports(page) == [
        "Sales dashboard",
        "What recommendations sell",
        "Coverage report",
        "Changes waiting to be published",
    ]
    assert reverse("admin:orders_dashboard") in page
    assert reverse("admin:recommendations_coverage") in page


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (ORDERS, []),
        (ANALYST, ["Sales dashboard", "What recommendations sell", "Coverage report"]),
        (CONTENT, ["Coverage report", "Changes waiting to be published"]),
        (None, []),
    ],
    ids=["order handler", "analyst", "content editor", "no role"],
)
def test_the_home_page_links_only_the_reports_the_user_may_open(staff_in_role, role, shown):
    client = staff_in_role(role)

    page = client.get("/admin/").text

    links = _reports(page)
    assert links == shown
    for label in links:
        url = re.search(rf'<a href="([^"]+)">{re.escape(label)}</a>', page).group(1)
        assert client.get(url).status_code == 200
