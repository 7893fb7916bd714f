"""A body answered before, byte for byte, is answered again from memory: same answer, same records, same limits."""

import json

import pytest

from analytics.models import Assessment
from shop.api.throttling import AnonThrottle
from tests.recommendations.test_api import RUNNERS_KNEE, request_queries

pytestmark = pytest.mark.django_db

URL = "/api/v1/recommendations/"
BODY = json.dumps({"answers": RUNNERS_KNEE, "limit": 6})


def send(api_client, body: str = BODY, **extra):
    return api_client.generic("POST", URL, body, content_type="application/json", **extra)


@pytest.fixture
def one_window(monkeypatch):
    """Hold the clock mid-window, so a slow run cannot cross into the next rate-limit window."""
    monkeypatch.setattr("shop.api.throttling.time.time", lambda: 1_800_000_030.0)


def test_a_repeated_body_is_answered_the_same_without_validating_it_again(
    api_client, demo, monkeypatch, django_assert_num_queries
):
    from analytics.services import events_flush

    first = send(api_client)

    def refuse(*args, **kwargs):
        raise AssertionError("a repeated body was validated again")

    monkeypatch.setattr("recommendations.api.views.RecommendationRequestSerializer.is_valid", refuse)
    with django_assert_num_queries(request_queries()):
        again = send(api_client)
    events_flush()

    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json"
    assert again["Allow"] == first["Allow"]
    # Each check is a shopper's: both are kept for staff, with what they were shown.
    records = list(Assessment.objects.all())
    assert len(records) == 2
    assert {tuple(record.products) for record in records} == {tuple(p["slug"] for p in first.json()["products"])}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"answers": {"where-does-it-hurt": "elbow-of-the-moon"}}', "answers.where-does-it-hurt"),
        ('{"answers": {}, "limit": 0}', "limit"),
        ('{"answers": {}, "colour": "red"}', "colour"),
        ('{"answers": ', "body"),
    ],
)
def test_an_invalid_body_gets_its_400_every_time(api_client, demo, body, field):
    first, again = send(api_client, body), send(api_client, body)

    assert first.status_code == again.status_code == 400
    assert first.json() == again.json()
    assert list(first.json()) == [field]


def test_a_repeat_still_passes_the_rate_limit_and_a_refused_one_records_nothing(
    api_client, demo, monkeypatch, one_window
):
    from analytics.services import events_flush

    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "3/minute"})

    responses = [send(api_client) for _ in range(5)]
    events_flush()

    assert [response.status_code for response in responses] == [200, 200, 200, 429, 429]
    assert "detail" in responses[-1].json()
    assert responses[-1]["Retry-After"]
    assert Assessment.objects.count() == 3  # the symptom checks shoppers were answered, no more


def test_a_repeat_after_an_edit_is_answered_from_the_new_index(api_client, demo, rebuild_index):
    before = send(api_client).json()
    rebuild_index()

    after = send(api_client).json()

    assert after["index_version"] != before["index_version"]


def test_a_repeat_asking_for_another_format_is_refused_as_before(api_client, demo):
    send(api_client)

    refused = send(api_client, HTTP_ACCEPT="text/csv")

    assert refused.status_code == 406


def test_a_repeat_on_another_site_address_links_to_that_address(api_client, demo):
    send(api_client)

    other = send(api_client, HTTP_HOST="localhost").json()

    assert other["products"][0]["url"].startswith("http://localhost/")
