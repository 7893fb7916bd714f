"""A read whose database connection drops during the request is answered, not a 500."""

import psycopg
import pytest
from django.db import connection
from django.http import JsonResponse
from django.test import Client
from django.urls import path

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

calls: list[str] = []


def _terminate_own_backend() -> None:
    """End this connection's server process from another connection, as a restart or a proxy would."""
    pid = connection.connection.info.backend_pid
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"], autocommit=True
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def flaky_view(request):
    """Count products; on the first call the connection is cut between two queries."""
    calls.append(request.method)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if len(calls) == 1:
            _terminate_own_backend()
        cursor.execute("SELECT count(*) FROM catalog_product")
        count = cursor.fetchone()[0]
    return JsonResponse({"products": count})


def broken_view(request):
    """A query that fails on a healthy connection: a real error, never run twice."""
    calls.append(request.method)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")
    return JsonResponse({})


urlpatterns = [path("flaky", flaky_view), path("broken", broken_view)]


@pytest.fixture
def client_here(settings, transactional_db):
    settings.ROOT_URLCONF = __name__
    calls.clear()
    return Client(raise_request_exception=False)


def test_a_read_whose_connection_dropped_mid_request_is_read_again(client_here, caplog):
    response = client_here.get("/flaky")
    assert response.status_code == 200
    assert response.json() == {"products": 0}
    assert calls == ["GET", "GET"]
    assert "dropped during GET /flaky" in caplog.text


def test_a_write_whose_connection_dropped_is_not_run_twice(client_here):
    response = client_here.post("/flaky")
    assert response.status_code == 503, "the database went away: try again, not a fault of ours"
    assert response["Retry-After"] == "5"
    assert calls == ["POST"]
    assert client_here.get("/flaky").status_code == 200, "the next request gets a fresh connection"


def test_a_query_error_on_a_healthy_connection_is_not_run_twice(client_here):
    assert client_here.get("/broken").status_code == 500
    assert calls == ["GET"]
