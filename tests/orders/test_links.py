"""Guest order links expire and can be sent again; who may read an order at all."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.core import mail, signing
from knox.models import AuthToken

from orders.links import SALT, order_token
from orders.outbox import outbox_dispatch
from tests.orders.test_emails import emailed_link

pytestmark = pytest.mark.django_db

DAY = 86400


@pytest.fixture
def order(place_order):
    placed = place_order()
    outbox_dispatch()  # its confirmation went out
    mail.outbox.clear()
    return placed


def token_made_days_ago(order, days: int, monkeypatch) -> str:
    real = signing.time.time
    monkeypatch.setattr("django.core.signing.time.time", lambda: real() - days * DAY)
    token = order_token(order=order)
    monkeypatch.setattr("django.core.signing.time.time", real)
    return token


def test_a_guest_link_works_for_its_days_then_offers_a_fresh_one(client, api_client, order, monkeypatch):
    recent = token_made_days_ago(order, 29, monkeypatch)
    old = token_made_days_ago(order, 31, monkeypatch)

    works = client.get(f"/orders/{order.number}/", {"t": recent})
    expired = client.get(f"/orders/{order.number}/", {"t": old})
    api = api_client.get(f"/api/v1/orders/{order.number}/", {"token": old})

    assert works.status_code == 200
    assert expired.status_code == 410
    assert "This order link has expired" in expired.text
    assert f'value="{order.number}"' in expired.text  # the form to ask for a fresh one, filled in
    assert order.email not in expired.text
    assert api.status_code == 404
    assert "expired" in api.json()["detail"]


def test_a_link_from_before_links_expired_counts_as_expired(client, order):
    bare = signing.Signer(salt=SALT).signature(order.number)

    response = client.get(f"/orders/{order.number}/", {"t": bare})

    assert response.status_code == 410


@pytest.mark.parametrize("token", ["", "x", "1xaIg8:forged", "²"])
def test_a_forged_token_is_a_plain_404(client, api_client, order, token):
    assert client.get(f"/orders/{order.number}/", {"t": token}).status_code == 404
    assert api_client.get(f"/api/v1/orders/{order.number}/", {"token": token}).status_code == 404


def test_a_token_for_one_order_does_not_open_another(client, place_order, order):
    other = place_order()

    assert client.get(f"/orders/{other.number}/", {"t": order_token(order=order)}).status_code == 404


def test_a_fresh_link_is_emailed_when_the_number_and_email_match(client, order, django_capture_on_commit_callbacks):
    number = order.number.replace("-", "").lower()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/orders/link/", {"number": number, "email": "SAM@example.com"})

    (message,) = mail.outbox
    assert response.status_code == 200
    assert "If that order number and email address belong to an order, we have emailed" in response.text
    assert message.to == ["sam@example.com"]
    assert message.subject == f"Your link to Limber order {order.number}"
    link = urlsplit(emailed_link(message.body))
    assert client.get(f"{link.path}?{link.query}").status_code == 200


@pytest.mark.parametrize(
    "form",
    [{"email": "someone@example.com"}, {"number": "AAAA-BBBB"}],
    ids=["another email", "another number"],
)
def test_the_answer_is_the_same_when_nothing_matches_and_nothing_is_sent(client, order, form):
    matching = {"number": order.number, "email": "sam@example.com"}
    answer = client.post("/orders/link/", matching).text.replace("sam@example.com", "")
    mail.outbox.clear()

    response = client.post("/orders/link/", {**matching, **form})

    assert response.status_code == 200
    assert response.text.replace(form.get("email", "sam@example.com"), "") == answer
    assert mail.outbox == []


def test_asking_for_links_too_often_is_refused_with_when_to_try_again(client, order):
    answers = [
        client.post("/orders/link/", {"number": order.number, "email": f"guess{n}@example.com"}) for n in range(6)
    ]

    assert [answer.status_code for answer in answers] == [200] * 5 + [429]
    assert "Too many requests from this address in a short time. Please try again in" in answers[-1].text


def test_fresh_links_count_against_the_addresses_email_limit_without_saying_so(
    client, order, settings, django_capture_on_commit_callbacks
):
    settings.LIMBER_ORDER_EMAILS_PER_ADDRESS = "2/hour"  # the confirmation used one

    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post("/orders/link/", {"number": order.number, "email": "sam@example.com"}) for _ in range(3)]

    assert len(mail.outbox) == 1
    assert {answer.status_code for answer in answers} == {200}
    assert len({answer.text for answer in answers}) == 1


@pytest.mark.parametrize(
    ("form", "problem"),
    [
        ({"number": "²²²²-²²²²", "email": "sam@example.com"}, "Enter the order number as it is in your email"),
        ({"number": "", "email": "sam@example.com"}, "This field is required."),
        ({"number": "AAAA-BBBB", "email": "not an email"}, "Enter a valid email address."),
        ({"number": "A" * 5000, "email": "sam@example.com"}, "Ensure this value has at most 12 characters"),
    ],
)
def test_the_lost_link_form_names_bad_input(client, form, problem):
    response = client.post("/orders/link/", form)

    assert response.status_code == 400
    assert problem in response.text
    assert mail.outbox == []


def test_the_lost_link_form_sums_up_its_problems_at_the_top_with_links_to_the_fields(client):
    html = client.post("/orders/link/", {"number": "", "email": "not an email"}).text

    summary = html[html.index('id="error-summary"') : html.index('<form method="post"')]
    assert "autofocus" in summary
    assert '<a href="#id_number">This field is required.</a>' in summary
    assert '<a href="#id_email">Enter a valid email address.</a>' in summary
    assert 'id="id_number"' in html
    assert 'aria-describedby="id_number_helptext id_number_error"' in html
    assert 'id="id_number_helptext"' in html
    assert 'id="id_number_error"' in html


@pytest.fixture
def staff_member(django_user_model):
    def make(*permissions, is_staff=True):
        user = django_user_model.objects.create_user(
            f"user{django_user_model.objects.count()}", "staff@limber.test", "a-long-test-password", is_staff=is_staff
        )
        user.user_permissions.set(Permission.objects.filter(codename__in=permissions))
        return user

    return make


def reads(user, order, client, api_client) -> tuple[int, int]:
    client.force_login(user)
    api_client.force_authenticate(user)
    return (
        client.get(f"/orders/{order.number}/").status_code,
        api_client.get(f"/api/v1/orders/{order.number}/").status_code,
    )


def test_staff_read_another_shoppers_order_only_with_the_view_permission(client, api_client, order, staff_member):
    assert reads(staff_member(), order, client, api_client) == (404, 404)
    assert reads(staff_member("change_product"), order, client, api_client) == (404, 404)
    assert reads(staff_member("view_order", is_staff=False), order, client, api_client) == (404, 404)
    assert reads(staff_member("view_order"), order, client, api_client) == (200, 200)


def test_a_token_user_reads_their_own_orders_and_no_one_elses(api_client, place_order, staff_member):
    owner, stranger = staff_member(is_staff=False), staff_member(is_staff=False)
    own = place_order(user=owner)

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=owner)[1]}")
    mine = api_client.get(f"/api/v1/orders/{own.number}/")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=stranger)[1]}")
    theirs = api_client.get(f"/api/v1/orders/{own.number}/")

    assert (mine.status_code, theirs.status_code) == (200, 404)


def test_the_api_tells_a_guest_when_the_unpaid_order_is_cancelled(api_client, order):
    api = api_client.get(f"/api/v1/orders/{order.number}/", {"token": order_token(order=order)})

    assert api.status_code == 200
    assert api.json()["hold_expires_at"].startswith(order.hold_expires_at.date().isoformat())
