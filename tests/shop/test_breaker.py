"""The Redis circuit breaker: a hung Redis costs one short wait, then is skipped until it answers."""

import time

import pytest
import redis

from shop.breaker import BreakerRedis, CircuitOpen, redis_available, redis_breaker

pytestmark = pytest.mark.integration


def client_for(server) -> BreakerRedis:
    return BreakerRedis(port=server.port, socket_connect_timeout=0.2, socket_timeout=0.2)


def test_a_hung_redis_costs_one_timeout_then_calls_fail_at_once(private_redis, settings):
    settings.LIMBER_REDIS_BREAKER_SECONDS = 30
    client = client_for(private_redis)
    assert client.set("k", "v")
    private_redis.pause()
    try:
        started = time.monotonic()
        with pytest.raises(redis.TimeoutError):
            client.get("k")
        first = time.monotonic() - started
        started = time.monotonic()
        for _ in range(50):
            with pytest.raises(CircuitOpen):
                client.get("k")
        with pytest.raises(CircuitOpen):
            client.pipeline().get("k").execute()
        rest = time.monotonic() - started
    finally:
        private_redis.resume()
    assert 0.15 <= first < 1.0
    assert rest < 0.1, "calls while the circuit is open must not wait for Redis"
    assert not redis_available()
    assert redis_breaker.failures == 1


def test_the_circuit_closes_after_one_trial_call_succeeds(private_redis, settings):
    settings.LIMBER_REDIS_BREAKER_SECONDS = 0.3
    client = client_for(private_redis)
    private_redis.pause()
    with pytest.raises(redis.TimeoutError):
        client.get("k")
    private_redis.resume()
    with pytest.raises(CircuitOpen):
        client.get("k")
    time.sleep(0.35)
    assert redis_available()
    assert client.set("k", "back")
    assert client.get("k") == b"back"
    assert not redis_breaker.is_open


def test_an_error_of_the_call_itself_does_not_open_the_circuit(private_redis):
    client = client_for(private_redis)
    client.set("text", "not a list")
    with pytest.raises(redis.ResponseError):
        client.lpush("text", "x")
    assert not redis_breaker.is_open
    assert client.get("text") == b"not a list"
