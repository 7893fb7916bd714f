"""What one order may hold, how often one client or one email may order, and the inventory attack that needs both."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.models import Product
from orders.models import Order
from orders.services import LineRequest, ShippingAddress, order_place
from orders.tasks import order_holds_task
from tests.factories import ProductFactory
from tests.orders.conftest import ADDRESS, review_post

pytestmark = pytest.mark.django_db

HOUR_MARK = 1_800_000_000.0  # a whole hour on the clock


@pytest.fixture
def shelf(standard):
    """Five products with a hundred units each."""
    return [
        ProductFactory(slug=f"tool-{n}", name=f"Tool {n}", price=Decimal("10.00"), stock_quantity=100) for n in range(5)
    ]


def on_shelf() -> int:
    return sum(Product.objects.values_list("stock_quantity", flat=True))


def api_order(api_client, lines, *, email="sam@example.com", **extra):
    body = {"email": email, "shipping_address": ADDRESS, "payment_method": "invoice", "lines": lines}
    return api_client.post("/api/v1/orders/", body, format="json", **extra)


def test_lines_of_one_product_are_added_up_before_the_units_limit(shelf, standard):
    lines = [LineRequest(shelf[0], 1)] * 11

    with pytest.raises(ValidationError) as refused:
        order_place(
            lines=lines,
            email="sam@example.com",
            address=ShippingAddress(**ADDRESS),
            shipping_method=standard,
            payment_method="invoice",
        )

    assert refused.value.message_dict == {
        "lines": ["At most 10 of Tool 0 can be ordered at a time; this order has 11."]
    }
    assert (Order.objects.count(), on_shelf()) == (0, 500)


def test_the_api_refuses_a_product_repeated_in_sixty_lines_and_writes_nothing(api_client, shelf):
    response = api_order(api_client, [{"product": "tool-0", "quantity": 1}] * 60)

    assert response.status_code == 400
    assert response.json() == {"lines": ["At most 10 of Tool 0 can be ordered at a time; this order has 60."]}
    assert (Order.objects.count(), on_shelf()) == (0, 500)


def test_the_api_refuses_more_different_products_than_one_order_holds(api_client, shelf, settings):
    settings.LIMBER_ORDER_MAX_LINES = 3

    response = api_order(api_client, [{"product": product.slug, "quantity": 1} for product in shelf])

    assert response.status_code == 400
    assert response.json() == {"lines": ["One order can hold at most 3 different products; this one has 5."]}


@pytest.mark.parametrize("quantity", [11, "3", "٣", 2.5, True, -1])
def test_a_line_quantity_must_be_a_json_whole_number_within_the_limit(api_client, shelf, quantity):
    response = api_order(api_client, [{"product": "tool-0", "quantity": quantity}])

    assert response.status_code == 400
    assert list(response.json()) == ["lines.0.quantity"]


def test_one_client_gets_its_orders_per_hour_then_a_429_with_retry_after(api_client, shelf):
    codes = [
        api_order(api_client, [{"product": "tool-0", "quantity": 1}], email=f"buyer{n}@example.com").status_code
        for n in range(8)
    ]
    refused = api_order(api_client, [{"product": "tool-0", "quantity": 1}], email="new@example.com")

    assert codes == [201] * 6 + [429] * 2
    assert refused.status_code == 429
    assert 3500 <= int(refused["Retry-After"]) <= 3600
    assert refused.json()["detail"].startswith("Too many orders from this address in a short time. Please try again in")
    assert Order.objects.count() == 6


def test_one_email_gets_its_orders_per_hour_whatever_address_it_comes_from(api_client, shelf, settings):
    settings.LIMBER_NUM_PROXIES = 1
    codes = [
        api_order(
            api_client,
            [{"product": "tool-0", "quantity": 1}],
            email="Sam+shop@Example.com" if n % 2 else "sam@example.com",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(5)
    ]
    refused = api_order(api_client, [{"product": "tool-0", "quantity": 1}], HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert codes == [201, 201, 201, 429, 429]
    assert "from this email address" in refused.json()["detail"]


def test_a_refused_order_gives_its_slot_back(api_client, shelf):
    Product.objects.filter(slug="tool-0").update(stock_quantity=0)

    short = [api_order(api_client, [{"product": "tool-0", "quantity": 1}], email=f"s{n}@example.com") for n in range(8)]
    placed = [
        api_order(api_client, [{"product": "tool-1", "quantity": 1}], email=f"p{n}@example.com") for n in range(6)
    ]

    assert {response.status_code for response in short} == {409}
    assert [response.status_code for response in placed] == [201] * 6


def test_no_burst_across_the_hour_mark(api_client, shelf, monkeypatch):
    clock = [HOUR_MARK - 4]
    monkeypatch.setattr("shop.rate_limits.time.time", lambda: clock[0])
    before = []
    for n in range(6):
        before.append(api_order(api_client, [{"product": "tool-0", "quantity": 1}], email=f"b{n}@example.com"))

    clock[0] = HOUR_MARK + 4  # a fixed window per clock hour would start afresh here
    after = api_order(api_client, [{"product": "tool-0", "quantity": 1}], email="after@example.com")

    assert [response.status_code for response in before] == [201] * 6
    assert after.status_code == 429


def test_the_inventory_attack_one_anonymous_client_holds_at_most_its_limits_and_only_until_the_hold_ends(
    api_client, shelf
):
    greedy = [{"product": product.slug, "quantity": 99} for product in shelf]
    repeated = [{"product": product.slug, "quantity": 1} for product in shelf] * 60
    most = [{"product": product.slug, "quantity": 10} for product in shelf]

    attempts = [api_order(api_client, greedy), api_order(api_client, repeated[:100])]
    attempts += [api_order(api_client, most, email=f"attacker{n}@example.com") for n in range(30)]

    held = 500 - on_shelf()
    assert [response.status_code for response in attempts[:2]] == [400, 400]
    assert sum(response.status_code == 201 for response in attempts) == 6
    assert held == 6 * 5 * 10  # orders per client × products × units per product, of 500
    Order.objects.update(hold_expires_at=timezone.now() - timedelta(seconds=1))
    order_holds_task.delay()
    order_holds_task.delay()
    assert on_shelf() == 500  # back once, not twice


def test_the_inventory_attack_through_the_web_checkout_stops_at_the_same_limits(
    client, shelf, fill_cart, checkout_details
):
    statuses = []
    for n in range(9):
        fill_cart(*shelf, quantity=10)
        checkout_details(email=f"attacker{n}@example.com")
        statuses.append(review_post(client))

    refused = statuses[-1]
    assert [response.status_code for response in statuses] == [302] * 6 + [429] * 3
    assert 3500 <= int(refused["Retry-After"]) <= 3600
    assert "Too many orders from this address in a short time. Please try again in" in refused.text
    assert (Order.objects.count(), 500 - on_shelf()) == (6, 300)


def test_the_cart_stops_at_the_units_one_order_may_hold(client, shelf):
    client.post("/cart/add/", {"product": "tool-0", "quantity": 8})

    refused = client.post("/cart/add/", {"product": "tool-0", "quantity": 3}, follow=True)

    assert "You can order at most 10 of Tool 0 at a time; your cart has 8." in refused.text
    assert [line.quantity for line in client.get("/cart/").context["lines"]] == [8]


def test_the_cart_stops_at_the_products_one_order_may_hold(client, shelf, settings):
    settings.LIMBER_ORDER_MAX_LINES = 2
    client.post("/cart/add/", {"product": "tool-0", "quantity": 1})
    client.post("/cart/add/", {"product": "tool-1", "quantity": 1})

    refused = client.post("/cart/add/", {"product": "tool-2", "quantity": 1}, follow=True)
    more_of_one = client.post("/cart/add/", {"product": "tool-1", "quantity": 1}, follow=True)

    assert "Your cart holds 2 different products, the most one order can take." in refused.text
    assert [line.quantity for line in more_of_one.context["lines"]] == [1, 2]


BAD_NUMBERS = ["²", "٣", "1" * 5000, "-1", "", "1.5", "11", "1e3", " 0x5 "]


@pytest.mark.parametrize("typed", BAD_NUMBERS)
def test_the_cart_update_answers_any_typed_quantity_with_a_message_and_changes_nothing(client, shelf, typed):
    client.post("/cart/add/", {"product": "tool-0", "quantity": 2})
    client.post("/cart/add/", {"product": "tool-1", "quantity": 1})

    response = client.post(
        "/cart/update/", {f"quantity-{shelf[0].pk}": typed, f"quantity-{shelf[1].pk}": "5"}, follow=True
    )

    assert response.status_code == 200
    message = "Enter a number." if typed == "" else "Enter a whole number from 0 to 10."
    assert f"Tool 0: {message} Your cart is unchanged. One order holds at most 10 of each product." in response.text
    assert [line.quantity for line in response.context["lines"]] == [2, 1]


@pytest.mark.parametrize("typed", ["²", "1" * 5000, "-1", "", "abc"])
def test_removing_a_line_by_an_odd_number_is_a_message_not_an_error(client, shelf, typed):
    client.post("/cart/add/", {"product": "tool-0", "quantity": 2})

    response = client.post("/cart/update/", {"remove": typed}, follow=True)

    assert response.status_code == 200
    assert "That line could not be removed" in response.text
    assert [line.quantity for line in response.context["lines"]] == [2]


@pytest.mark.parametrize("typed", ["²", "٣", "1" * 5000, "0", "-1", "", "2.0", "11"])
def test_adding_an_odd_quantity_names_the_problem(client, shelf, typed):
    response = client.post("/cart/add/", {"product": "tool-0", "quantity": typed}, follow=True)

    assert response.status_code == 200
    expected = "Enter a number." if typed == "" else "Enter a whole number from 1 to 10."
    rule = "One order holds at most 10 of each product."
    assert f"That could not be added to your cart. {expected} {rule}" in response.text
    assert response.context["lines"] == []


def test_the_quantity_inputs_stop_at_the_limit_the_cart_then_states(client, shelf, settings):
    settings.LIMBER_ORDER_MAX_UNITS_PER_PRODUCT = 4
    product_page = client.get(shelf[0].get_absolute_url()).text
    client.post("/cart/add/", {"product": "tool-0", "quantity": 2})

    cart_page = client.get("/cart/").text
    too_many = client.post("/cart/add/", {"product": "tool-1", "quantity": 5}, follow=True).text

    assert 'name="quantity" type="number" min="1" max="4"' in product_page
    assert f'name="quantity-{shelf[0].pk}" type="number" min="0" max="4"' in cart_page
    assert "One order holds at most 4 of each product." in cart_page
    assert "Enter a whole number from 1 to 4. One order holds at most 4 of each product." in too_many


@pytest.mark.redis
@pytest.mark.integration
def test_with_redis_away_orders_are_still_limited_per_process_and_never_refused_for_everyone(api_client, shelf):
    from shop.breaker import redis_breaker

    redis_breaker.failed(ConnectionError("Redis is away"))
    mine = [
        api_order(api_client, [{"product": "tool-0", "quantity": 1}], email=f"b{n}@example.com").status_code
        for n in range(8)
    ]
    someone_else = api_order(
        api_client, [{"product": "tool-0", "quantity": 1}], email="kim@example.com", REMOTE_ADDR="198.51.100.7"
    )

    assert redis_breaker.is_open
    assert mine == [201] * 6 + [429] * 2
    assert someone_else.status_code == 201
