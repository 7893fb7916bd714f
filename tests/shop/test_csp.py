"""The Content-Security-Policy header: the policy in settings on every response, a view's own where it has one."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, set[str]]:
    header = response["Content-Security-Policy"]
    return {name: set(values) for name, *values in (part.split() for part in header.split(";") if part.strip())}


def test_shop_pages_and_the_api_carry_the_strict_policy(client, demo):
    for path in ("/", "/products/", "/guides/", "/api/v1/products/", "/healthz/live"):
        policy = directives(client.get(path))
        assert policy["script-src"] == {"'self'"}, path
        assert policy["style-src"] == {"'self'"}, path
        assert policy["frame-ancestors"] == {"'none'"}, path


def test_the_api_docs_keep_their_own_relaxed_style_policy_and_other_pages_do_not_inherit_it(client):
    docs = directives(client.get("/api/docs/"))
    assert "'unsafe-inline'" in docs["style-src"]
    assert "'unsafe-inline'" not in directives(client.get("/healthz/live"))["style-src"]


def test_a_changed_policy_setting_shows_in_the_next_response(client, settings):
    before = directives(client.get("/healthz/live"))
    changed = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "https://images.limber.test"]}}
    with override_settings(CONTENT_SECURITY_POLICY=changed):
        after = directives(client.get("/healthz/live"))
    assert "https://images.limber.test" in after["img-src"]
    assert "https://images.limber.test" not in before["img-src"]
    assert directives(client.get("/healthz/live")) == before
