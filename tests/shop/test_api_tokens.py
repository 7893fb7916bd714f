"""API tokens: shown once, stored hashed, expiring and revocable, each staff member's own, never on an admin page."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

TOKENS = "/admin/knox/authtoken/"
KEY = re.compile(r'id="api-token-key"[^>]*>([0-9a-f]{64})<')


def make_token(client, days="30"):
    response = client.post(f"{TOKENS}add/", {"days": days})
    found = KEY.search(response.content.decode())
    return response, (found.group(1) if found else None)


def api_write(api_client, key, product):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api_client.patch(f"/api/v1/products/{product.slug}/", {"name": "Renamed"}, format="json")


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(staff_in_role, api_client):
    client = staff_in_role("Catalogue editor")

    response, key = make_token(client, days="30")

    assert key is not None
    assert "no-store" in response["Cache-Control"]
    token = AuthToken.objects.get()
    assert token.user == client.user
    assert key not in {token.digest, token.token_key}
    assert timedelta(days=29) < token.expiry - timezone.now() <= timedelta(days=30)
    assert api_write(api_client, key, ProductFactory()).status_code == 200


@pytest.mark.parametrize("days", ["0", "366", "many", ""])
def test_a_token_life_out_of_bounds_is_refused_with_a_message(staff_in_role, days):
    client = staff_in_role("Catalogue editor")

    response, key = make_token(client, days=days)

    assert response.status_code == 200
    assert key is None
    assert response.context["adminform"].form.errors["days"]
    assert not AuthToken.objects.exists()


def _every_admin_page(client) -> list[str]:
    """Every admin address the staff member can open: index, app pages, lists, add pages, a change page each.

    Of tokens, every change page the staff member can open.
    """
    request = RequestFactory().get("/admin/")
    request.user = client.user
    urls = ["/admin/"]
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        info = (model._meta.app_label, model._meta.model_name)
        urls += [reverse("admin:app_list", args=[info[0]]), reverse("admin:{}_{}_changelist".format(*info))]
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        rows = model_admin.get_queryset(request)
        for obj in rows if model is AuthToken else rows[:1]:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
    for name in ["orders_dashboard", "orders_funnel", "recommendations_coverage", "recommendations_try_engine"]:
        urls.append(reverse(f"admin:{name}"))
    return sorted(set(urls))


@pytest.mark.parametrize("role", ["Shop manager", "superuser"])
def test_a_key_appears_on_no_admin_page_after_the_one_that_made_it(role, staff_in_role, django_user_model, demo):
    client = staff_in_role(None if role == "superuser" else role)
    if role == "superuser":
        django_user_model.objects.filter(pk=client.user.pk).update(is_superuser=True)
        client.user.is_superuser = True
    _response, key = make_token(client)
    colleague = staff_in_role("Catalogue editor")
    _response, colleagues_key = make_token(colleague)
    pages = _every_admin_page(client)

    shown = {url: client.get(url) for url in pages}

    assert len(pages) > 40
    assert f"{TOKENS}{AuthToken.objects.get(user=client.user).pk}/change/" in pages
    assert all(response.status_code == 200 for response in shown.values()), {
        url: response.status_code for url, response in shown.items() if response.status_code != 200
    }
    assert not [url for url, response in shown.items() if key in response.content.decode()]
    assert not [url for url, response in shown.items() if colleagues_key in response.content.decode()]


def test_staff_see_only_their_own_tokens_and_cannot_revoke_anothers(staff_in_role, api_client):
    alice, bob = staff_in_role("Shop manager"), staff_in_role("Catalogue editor")
    _response, alices_key = make_token(alice)
    make_token(bob)
    alices = AuthToken.objects.get(user=alice.user)

    listed = bob.get(TOKENS)
    opened = bob.get(f"{TOKENS}{alices.pk}/change/")
    bob.post(TOKENS, {"action": "revoke", "_selected_action": [alices.pk]})

    assert listed.context["cl"].result_count == 1
    assert alices.token_key[:8] not in listed.content.decode()
    assert opened.status_code == 302  # "no such token", as for any row out of reach
    assert AuthToken.objects.filter(pk=alices.pk).exists()
    assert api_write(api_client, alices_key, ProductFactory()).status_code == 200


def test_a_superuser_sees_that_others_tokens_exist_and_revokes_one(staff_in_role, django_user_model, api_client):
    bob = staff_in_role("Catalogue editor")
    _response, bobs_key = make_token(bob)
    boss = staff_in_role(None, username="boss")
    django_user_model.objects.filter(pk=boss.user.pk).update(is_superuser=True)
    bobs = AuthToken.objects.get()

    listed = boss.get(TOKENS).content.decode()
    boss.post(TOKENS, {"action": "revoke", "_selected_action": [bobs.pk]})

    assert "catalogue-editor" in listed
    assert f"{bobs.token_key[:8]}…" in listed
    assert bobs_key not in listed
    assert not AuthToken.objects.exists()
    assert api_write(api_client, bobs_key, ProductFactory()).status_code == 401


def test_an_expired_token_is_refused_with_401_even_for_reads(staff_in_role, api_client):
    user = staff_in_role("Shop manager").user
    _token, key = AuthToken.objects.create(user=user, expiry=timedelta(seconds=-1))
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    read = api_client.get("/api/v1/categories/")

    assert read.status_code == 401
    assert read["WWW-Authenticate"] == "Token"


def test_a_token_that_is_not_text_is_a_401_not_a_server_error(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token \xff\xfe-not-a-key")

    assert api_client.get("/api/v1/categories/").status_code == 401


def test_a_shoppers_token_writes_nothing_and_is_rate_limited_like_anonymous(django_user_model, api_client, monkeypatch):
    from shop.api.throttling import AnonThrottle

    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    shopper = django_user_model.objects.create_user("shopper", password="a-long-shopper-password")
    _token, key = AuthToken.objects.create(user=shopper)
    product = ProductFactory()

    write = api_write(api_client, key, product)
    reads = [api_client.get("/api/v1/categories/", HTTP_AUTHORIZATION=f"Token {key}").status_code for _ in range(3)]

    assert write.status_code == 403
    assert reads == [200, 200, 429]


def test_the_schema_documents_the_token_scheme(client):
    schema = json.loads(client.get("/api/schema/?format=json").content)

    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert '"Token"' in scheme["description"]
    assert {"tokenAuth": []} in schema["paths"]["/api/v1/products/"]["post"]["security"]
