"""A shop manager gives staff their roles, but never more than they hold and never someone else's login."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def _user_page(client, user):
    url = reverse("admin:auth_user_change", args=[user.pk])
    return url, client.get(url)


def _form(page) -> dict:
    """The user form as the browser sends it: dates in their two boxes."""
    data = admin_form_data(page)
    for name in ("last_login", "date_joined"):
        day, _space, time = data.pop(name, "").partition(" ")
        data |= {f"{name}_0": day, f"{name}_1": time[:8]}
    return data


def test_a_manager_gives_a_colleague_a_role_they_hold_themselves(staff_in_role):
    manager, colleague = staff_in_role("Shop manager"), staff_in_role(None, username="new-colleague")
    url, page = _user_page(manager, colleague.user)
    handler = Group.objects.get(name="Order handler")

    manager.post(url, _form(page) | {"groups": [handler.pk]})

    assert list(colleague.user.groups.all()) == [handler]


def test_a_manager_cannot_make_anyone_a_clinical_reviewer_or_a_superuser(staff_in_role):
    manager, colleague = staff_in_role("Shop manager"), staff_in_role(None, username="new-colleague")
    url, page = _user_page(manager, colleague.user)
    reviewer = Group.objects.get(name="Clinical reviewer")

    offered = [group.name for group in page.context["adminform"].form.fields["groups"].queryset]
    response = manager.post(url, _form(page) | {"groups": [reviewer.pk], "is_superuser": "on"})

    assert "Clinical reviewer" not in offered
    assert "Order handler" in offered
    assert response.status_code == 200  # the form again, naming the refused choice
    colleague.user.refresh_from_db()
    assert not colleague.user.is_superuser
    assert not colleague.user.groups.exists()


def test_a_manager_cannot_change_their_own_roles_or_set_a_colleagues_password(staff_in_role):
    manager, colleague = staff_in_role("Shop manager"), staff_in_role("Clinical reviewer")
    url, page = _user_page(manager, manager.user)
    manager.post(url, _form(page) | {"groups": []})

    password = manager.get(reverse("admin:auth_user_password_change", args=[colleague.user.pk]))

    assert manager.user.groups.filter(name="Shop manager").exists()
    assert password.status_code == 403


def test_a_manager_cannot_edit_a_superuser(staff_in_role, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@limber.test", "a-long-test-password")

    response = staff_in_role("Shop manager").get(reverse("admin:auth_user_change", args=[boss.pk]))

    assert 'name="username"' not in response.content.decode()  # shown read-only, if at all
