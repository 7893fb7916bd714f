"""Exact sliding-window limits: no burst at a window's edge, all or nothing, give back; Redis or per process."""

import os

import pytest

from shop.breaker import redis_breaker
from shop.rate_limits import Limit, Rate, rate_limits_give_back, rate_limits_take
from tests.conftest import IN_CI

HOUR = 3600
T0 = 1_800_000_000.0  # a whole hour on the clock: a fixed window would reset here


@pytest.fixture(params=["per process", "redis"])
def store(request, settings):
    """Run each test on this process's own log and, when REDIS_URL is set, on Redis."""
    if request.param == "redis":
        if not os.environ.get("REDIS_URL"):
            (pytest.fail if IN_CI else pytest.skip)("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/15")
        assert "redis" in settings.CACHES["default"]["BACKEND"].lower()
    return request.param


def three_an_hour(key="orders:client:203.0.113.5") -> Limit:
    return Limit(key, Rate(count=3, seconds=HOUR))


@pytest.mark.parametrize(
    ("text", "rate"),
    [("3/hour", Rate(3, 3600)), ("10/15min", Rate(10, 900)), ("100/day", Rate(100, 86400)), ("5/s", Rate(5, 1))],
)
def test_a_rate_reads_as_operators_write_it(text, rate):
    assert Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["", "3", "0/hour", "3/0min", "3/fortnight", "-1/hour", "x/hour"])
def test_a_rate_that_makes_no_sense_is_refused_with_the_shape_expected(text):
    with pytest.raises(ValueError, match="is not a rate such as 3/hour"):
        Rate.parse(text)


def test_no_burst_across_the_hour_three_at_its_end_leave_nothing_for_the_next_start(store):
    taken = [rate_limits_take([three_an_hour()], now=T0 - 10 + i).allowed for i in range(3)]

    after_the_hour = rate_limits_take([three_an_hour()], now=T0 + 5)

    assert taken == [True, True, True]
    assert not after_the_hour.allowed
    assert after_the_hour.wait == pytest.approx(HOUR - 15, abs=0.01)  # until the first of the three slides out


def test_one_more_is_allowed_exactly_when_the_oldest_slides_out(store):
    for i in range(3):
        rate_limits_take([three_an_hour()], now=T0 + i * 100)

    just_before = rate_limits_take([three_an_hour()], now=T0 + HOUR - 1)
    just_after = rate_limits_take([three_an_hour()], now=T0 + HOUR + 1)
    next_one = rate_limits_take([three_an_hour()], now=T0 + HOUR + 2)

    assert (just_before.allowed, round(just_before.wait)) == (False, 1)
    assert just_after.allowed
    assert (next_one.allowed, round(next_one.wait)) == (False, 98)  # the second slides out at T0 + 3700


def test_limits_are_taken_all_or_none_and_the_longest_wait_is_named(store):
    client = Limit("orders:client:203.0.113.5", Rate(count=5, seconds=HOUR))
    email = Limit("orders:email:sam@example.com", Rate(count=1, seconds=HOUR))
    rate_limits_take([client, email], now=T0)

    refused = rate_limits_take([client, email], now=T0 + 60)
    other_email = rate_limits_take([client, Limit("orders:email:kim@example.com", email.rate)], now=T0 + 60)

    assert (refused.allowed, refused.refused_by) == (False, email)
    assert refused.wait == pytest.approx(HOUR - 60, abs=0.01)
    assert other_email.allowed  # the refused attempt took nothing from the client's limit: 2 of 5 used
    assert [rate_limits_take([client], now=T0 + 61).allowed for _ in range(4)] == [True, True, True, False]


def test_a_slot_given_back_is_free_again(store):
    taken = [rate_limits_take([three_an_hour()], now=T0 + i) for i in range(3)]

    rate_limits_give_back(taken[1])
    again = rate_limits_take([three_an_hour()], now=T0 + 10)

    assert again.allowed
    assert not rate_limits_take([three_an_hour()], now=T0 + 11).allowed


def test_each_subject_has_its_own_limit(store):
    for i in range(3):
        rate_limits_take([three_an_hour("orders:client:203.0.113.5")], now=T0 + i)

    assert rate_limits_take([three_an_hour("orders:client:203.0.113.6")], now=T0 + 5).allowed
    assert not rate_limits_take([three_an_hour("orders:client:203.0.113.5")], now=T0 + 5).allowed


@pytest.mark.redis
@pytest.mark.integration
def test_with_redis_away_limits_still_hold_per_process_and_nobody_else_is_refused(settings):
    """The breaker's circuit is open (Redis hung or down): no error, no global refusal, the limit still counts."""
    redis_breaker.failed(ConnectionError("Redis is away"))

    mine = [rate_limits_take([three_an_hour()], now=T0 + i).allowed for i in range(4)]
    someone_else = rate_limits_take([three_an_hour("orders:client:198.51.100.7")], now=T0 + 5)

    assert mine == [True, True, True, False]
    assert someone_else.allowed
