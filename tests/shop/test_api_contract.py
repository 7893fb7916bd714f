"""The API keeps its OpenAPI contract: schemathesis, in-process, anonymously and with a staff token."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.config import SchemathesisConfig

from shop.api.throttling import AnonThrottle, EventThrottle, UserThrottle

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 25


# Every default check, with allowances for what the schema cannot express: a schema-valid slug that names
# no row (a product, a category, a body area ...) is a 400 naming the field; an order for more than is on
# the shelf is a 409; an Idempotency-Key sent again with another body is a 422. Each is documented.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409", "422", "429"]}
        }
    }
)

# Read at collection from the app itself: generating the schema touches no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(), config=CONFIG)


@pytest.fixture(autouse=True)
def _store(demo, monkeypatch, request):
    """Serve the demo data, with the rate limits out of the way of hundreds of calls."""
    for throttle in (AnonThrottle, UserThrottle, EventThrottle):
        monkeypatch.setattr(throttle, "THROTTLE_RATES", {throttle.scope: "100000/minute"})
    django_settings = request.getfixturevalue("settings")
    django_settings.LIMBER_ORDER_RATE_PER_CLIENT = django_settings.LIMBER_ORDER_RATE_PER_EMAIL = "100000/hour"
    # As Django's test client does: a request through the bare WSGI app must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


HYPOTHESIS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@schema.parametrize()
@HYPOTHESIS
def test_anonymous_calls_keep_the_contract(case):
    case.call_and_validate()


@schema.parametrize()
@HYPOTHESIS
def test_staff_token_calls_keep_the_contract(case, admin_user):
    _token, key = AuthToken.objects.create(user=admin_user)

    case.call_and_validate(headers={"Authorization": f"Token {key}"})
