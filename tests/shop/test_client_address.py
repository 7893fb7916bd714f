"""One rule for a client's address: X-Forwarded-For counts only through trusted proxies."""

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from shop.api.throttling import AnonThrottle
from shop.client_address import client_address


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "10.0.0.9"),
        (0, "6.6.6.6", "10.0.0.9"),  # no trusted proxy: the header is anyone's to write
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the client's own entry on the left is ignored
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.9"),  # fewer hops than proxies: not through them all
        (1, " , ", "10.0.0.9"),
    ],
)
def test_client_address_takes_the_nth_entry_from_the_right(settings, proxies, forwarded, expected):
    settings.LIMBER_NUM_PROXIES = proxies

    assert client_address(request_from("10.0.0.9", forwarded)) == expected


def test_settings_keep_zero_proxies_as_zero(settings):
    from django.conf import settings as live

    assert live.LIMBER_NUM_PROXIES == 0
    assert live.REST_FRAMEWORK["NUM_PROXIES"] == 0


@pytest.fixture
def one_window(monkeypatch):
    """Hold the clock mid-window, so a slow run cannot cross into the next rate-limit window."""
    monkeypatch.setattr("shop.api.throttling.time.time", lambda: 1_800_000_030.0)


@pytest.mark.django_db
@pytest.mark.usefixtures("one_window")
def test_a_new_forwarded_header_per_request_does_not_escape_the_rate_limit(monkeypatch, settings):
    settings.LIMBER_NUM_PROXIES = 0
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "5/minute"})
    client = APIClient()

    codes = [client.get("/api/v1/categories/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(10)]

    assert codes == [200] * 5 + [429] * 5


@pytest.mark.django_db
@pytest.mark.usefixtures("one_window")
def test_behind_one_proxy_each_client_has_its_own_limit(monkeypatch, settings):
    settings.LIMBER_NUM_PROXIES = 1
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    client = APIClient()

    def get(forwarded: str) -> int:
        return client.get("/api/v1/categories/", HTTP_X_FORWARDED_FOR=forwarded).status_code

    first = [get(f"6.6.6.{n}, 203.0.113.5") for n in range(3)]  # spoofed left entries, one real client
    second = [get("203.0.113.6") for _ in range(2)]

    assert first == [200, 200, 429]
    assert second == [200, 200]
