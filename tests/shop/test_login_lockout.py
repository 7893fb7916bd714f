"""Admin login lockout: guessing is slowed per user name and per address, and a stranger keeps no one out for long."""

import itertools
from datetime import timedelta

import pytest
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.db.models import F
from django.test import Client, RequestFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "a-long-test-password"
_addresses = (f"198.51.{n // 250}.{n % 250 + 1}" for n in itertools.count())


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff", password=PASSWORD, is_staff=True)


def log_in(client: Client, password: str, username: str = "staff", **headers) -> int:
    response = client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **headers)
    return response.status_code


def from_new_address() -> Client:
    return Client(REMOTE_ADDR=next(_addresses))


def logged_in(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


def elapse(*, minutes: float) -> None:
    """Let time pass for the lockout: every time it keeps moves back."""
    delta = timedelta(minutes=minutes)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - delta)
    AccessAttemptExpiration.objects.update(expires_at=F("expires_at") - delta)
    AccessFailureLog.objects.update(attempt_time=F("attempt_time") - delta)
    AccessLog.objects.update(attempt_time=F("attempt_time") - delta)


def fail_from_many_addresses(times: int) -> list[int]:
    return [log_in(from_new_address(), f"guess-{n}") for n in range(times)]


def test_five_wrong_passwords_lock_the_account(staff):
    client = Client(REMOTE_ADDR="203.0.113.5")

    wrong = [log_in(client, f"guess-{n}") for n in range(5)]
    right = log_in(client, PASSWORD)

    assert wrong == [200] * 4 + [429]  # the fifth failure already answers "locked"
    assert right == 429
    assert not logged_in(client)


def test_guessing_one_account_from_many_addresses_is_locked_out_everywhere(staff):
    codes = fail_from_many_addresses(5)

    assert codes == [200] * 4 + [429]
    assert log_in(from_new_address(), "guess-again") == 429
    assert log_in(from_new_address(), PASSWORD) == 429


def test_one_address_guessing_many_accounts_is_blocked_but_the_accounts_are_not(staff):
    attacker = Client(REMOTE_ADDR="203.0.113.9")

    codes = [log_in(attacker, "guess", username=f"someone-{n}") for n in range(5)]

    assert codes == [200] * 4 + [429]
    assert log_in(attacker, PASSWORD) == 429
    colleague = from_new_address()
    assert log_in(colleague, PASSWORD) == 302
    assert logged_in(colleague)


def locked(username: str = "staff") -> bool:
    """Whether a user name is locked out now, asked without a password that could count or succeed."""
    request = RequestFactory().post(LOGIN, {"username": username}, REMOTE_ADDR=next(_addresses))
    AxesProxyHandler.update_request(request)
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def minutes_locked() -> float:
    """Let time pass in half minutes until the name is free again; return how long that took."""
    elapse(minutes=0.25)  # checks fall between whole and half minutes, never on a boundary
    waited = 0.25
    while locked():
        elapse(minutes=0.5)
        waited += 0.5
        assert waited < 60, "locked out for an hour"
    return waited - 0.25


def test_each_repeated_lockout_doubles_the_wait_up_to_fifteen_minutes(staff):
    waits = []
    for _round in range(7):
        assert not locked()
        fail_from_many_addresses(5)
        waits.append(minutes_locked())

    assert waits == [1, 2, 4, 8, 15, 15, 15]


def test_a_stranger_hammering_a_staff_name_keeps_them_out_only_for_minutes(staff):
    stranger = Client(REMOTE_ADDR="203.0.113.66")
    for n in range(50):
        log_in(stranger, f"guess-{n}")  # the first five count; the rest are refused and not counted
    staff_member = Client(REMOTE_ADDR="192.0.2.10")

    assert log_in(staff_member, PASSWORD) == 429
    elapse(minutes=1.1)
    assert log_in(staff_member, PASSWORD) == 302
    assert logged_in(staff_member)


def test_a_stranger_who_keeps_at_it_all_day_locks_a_staff_member_out_for_fifteen_minutes_at_most(staff):
    for _round in range(12):
        fail_from_many_addresses(5)
        elapse(minutes=15.1)
    fail_from_many_addresses(5)
    staff_member = Client(REMOTE_ADDR="192.0.2.10")

    assert log_in(staff_member, PASSWORD) == 429
    elapse(minutes=15.1)
    assert log_in(staff_member, PASSWORD) == 302


def test_a_successful_login_starts_the_waits_over(staff):
    for _round in range(3):
        fail_from_many_addresses(5)
        elapse(minutes=4.1)
    assert log_in(Client(REMOTE_ADDR="192.0.2.10"), PASSWORD) == 302

    fail_from_many_addresses(5)
    elapse(minutes=1.1)

    assert log_in(Client(REMOTE_ADDR="192.0.2.10"), PASSWORD) == 302


def test_a_new_forwarded_header_per_attempt_does_not_escape_the_lockout(staff, settings):
    settings.LIMBER_NUM_PROXIES = 0
    client = Client(REMOTE_ADDR="203.0.113.5")

    codes = [log_in(client, "guess", username=f"someone-{n}", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}") for n in range(8)]

    assert codes[-1] == 429
    assert log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200") == 429


def test_the_documented_reset_command_unlocks_a_user(staff):
    fail_from_many_addresses(5)

    call_command("axes_reset_username", "staff")

    client = from_new_address()
    assert log_in(client, PASSWORD) == 302
    assert logged_in(client)


def test_a_login_made_by_code_without_a_request_still_works(staff):
    client = Client()

    assert client.login(username="staff", password=PASSWORD)
    assert logged_in(client)
