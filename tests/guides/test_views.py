"""The guide list page."""

import pytest

from tests.recommendations.test_views import section

pytestmark = pytest.mark.django_db


def test_guide_list_groups_guides_by_body_area(client, demo):
    response = client.get("/guides/")

    knee = section(response.text, "area-knee")
    assert "Runner&#x27;s knee" in knee
    assert "Plantar fasciitis" not in knee
    assert "/guides/runners-knee/" in response.text
