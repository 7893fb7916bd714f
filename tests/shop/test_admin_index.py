"""The staff home page groups each app's screens under its own heading."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_each_app_shows_its_own_models_under_its_own_heading(staff_client):
    page = staff_client.get("/admin/").text

    headings = re.findall(r'<caption>\s*<a href="/admin/(\w+)/"[^>]*>([^<]+)</a>', page)
    assert dict(headings) == {
        "analytics": "Shopper analytics",
        "auth": "Authentication and Authorization",
        "knox": "API tokens",
        "axes": "Axes",
        "catalog": "Catalogue",
        "guides": "Knowledge base",
        "orders": "Orders",
        "recommendations": "Recommendations",
        "shop": "Limber",
    }
    knowledge = page.split('href="/admin/guides/"')[1].split("</table>")[0]
    assert "Conditions" in knowledge
    assert "Questions" in knowledge
    assert "Index snapshots" not in knowledge
    queue = page.split('href="/admin/shop/"')[1].split("</table>")[0]
    assert "Tasks that could not be queued" in queue
    assert "Worker heartbeats" in queue
