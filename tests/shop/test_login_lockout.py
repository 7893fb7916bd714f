"""Admin login lockout: repeated wrong passwords for one user from one address lock that pair out."""

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "a-long-test-password"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff", password=PASSWORD, is_staff=True)


def log_in(client: Client, password: str, **headers) -> int:
    response = client.post(LOGIN, {"username": "staff", "password": password, "next": "/admin/"}, **headers)
    return response.status_code


def logged_in(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


def test_five_wrong_passwords_lock_the_account_for_that_address(staff, settings):
    client = Client(REMOTE_ADDR="203.0.113.5")

    wrong = [log_in(client, f"guess-{n}") for n in range(5)]
    right = log_in(client, PASSWORD)

    assert wrong == [200] * 4 + [429]  # the fifth failure already answers "locked"
    assert right == 429
    assert not logged_in(client)


def test_a_locked_pair_does_not_lock_the_user_out_from_elsewhere(staff):
    attacker = Client(REMOTE_ADDR="203.0.113.5")
    for n in range(6):
        log_in(attacker, f"guess-{n}")

    colleague = Client(REMOTE_ADDR="198.51.100.7")

    assert log_in(colleague, PASSWORD) == 302
    assert logged_in(colleague)


def test_a_new_forwarded_header_per_attempt_does_not_escape_the_lockout(staff, settings):
    settings.LIMBER_NUM_PROXIES = 0
    client = Client(REMOTE_ADDR="203.0.113.5")

    codes = [log_in(client, f"guess-{n}", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}") for n in range(8)]

    assert codes[-1] == 429
    assert log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200") == 429


def test_the_documented_reset_command_unlocks_a_user(staff):
    client = Client(REMOTE_ADDR="203.0.113.5")
    for n in range(5):
        log_in(client, f"guess-{n}")

    call_command("axes_reset_username", "staff")

    assert log_in(client, PASSWORD) == 302
    assert logged_in(client)


def test_a_login_made_by_code_without_a_request_still_works(staff):
    client = Client()

    assert client.login(username="staff", password=PASSWORD)
    assert logged_in(client)
