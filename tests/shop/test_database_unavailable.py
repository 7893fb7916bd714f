"""A database that is away gets 503 with Retry-After, in the API's JSON or as a page; never a 500."""

import pytest
from django.db import OperationalError
from django.http import JsonResponse
from django.test import Client
from django.urls import path


def away_view(request):
    """A view whose database is restarting."""
    raise OperationalError("the database system is shutting down")


def fine_view(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("api/v1/away", away_view), path("away", away_view), path("fine", fine_view)]
handler500 = "shop.views.server_error_view"


class AwayWhileSavingMiddleware:
    """A middleware whose own query fails, outside any view (as saving a session would)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.get_response(request)
        raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def client_here(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def test_an_api_request_the_database_cannot_answer_is_a_503_with_retry_after(client_here):
    response = client_here.post("/api/v1/away")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "try again in 5 seconds" in response.json()["detail"]


def test_a_page_the_database_cannot_answer_says_so_in_words(client_here):
    response = client_here.post("/away")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Back in a moment" in response.content.decode()


def test_a_database_error_outside_any_view_is_a_503_too(client_here, settings):
    settings.MIDDLEWARE = [f"{__name__}.AwayWhileSavingMiddleware", *settings.MIDDLEWARE]
    response = client_here.get("/fine")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
