"""Invoices quote the bank account of the order's own currency, and are not offered for a currency without one."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from orders.checks import order_addresses_and_accounts_check
from orders.models import Order, ShippingMethod
from orders.services import LineRequest, ShippingAddress, order_place
from tests.factories import ProductFactory
from tests.orders.conftest import ADDRESS, review_post

pytestmark = pytest.mark.django_db

US_ACCOUNT = "Limber Inc., account 111222333, ABA routing number 026009593"
UK_ACCOUNT = "Limber Ltd, IBAN GB29 NWBK 6016 1331 9268 19, BIC NWBKGB2L"


@pytest.fixture(autouse=True)
def accounts(settings):
    settings.LIMBER_BANK_ACCOUNTS = {"USD": US_ACCOUNT, "GBP": UK_ACCOUNT}


@pytest.fixture
def shipping_in():
    """A shipping method priced in the currency given (the order's currency is its shipping's)."""

    def method(currency: str) -> ShippingMethod:
        return ShippingMethod.objects.create(
            code=f"post-{currency.lower()}", name=f"Post ({currency})", price=5, currency=currency
        )

    return method


def order_by_invoice(client, fill_cart, checkout_details, method, **address):
    fill_cart(ProductFactory(price=Decimal("20.00"), currency=method.currency))
    checkout_details(shipping_method=method.code, **address)
    return review_post(client, payment_method="invoice")


def test_a_us_dollar_order_is_told_to_pay_the_us_account_and_never_the_uk_iban(
    client, fill_cart, checkout_details, shipping_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        placed = order_by_invoice(client, fill_cart, checkout_details, shipping_in("USD"))
    page = client.get(placed.headers["Location"]).text

    assert f"quoting {Order.objects.get().number}, to {US_ACCOUNT}." in page
    assert "IBAN" not in page
    assert US_ACCOUNT in mail.outbox[0].body
    assert "IBAN" not in mail.outbox[0].body


def test_a_pound_order_is_told_to_pay_the_uk_account(client, fill_cart, checkout_details, shipping_in):
    address = {"country": "GB", "region": "", "city": "London", "postcode": "SW1A 2AA"}

    placed = order_by_invoice(client, fill_cart, checkout_details, shipping_in("GBP"), **address)
    page = client.get(placed.headers["Location"]).text

    assert f"to {UK_ACCOUNT}." in page
    assert "£25.00" in page
    assert "routing number" not in page


def test_without_an_account_in_the_currency_invoice_is_not_offered_and_the_page_says_why(
    client, fill_cart, checkout_details, shipping_in
):
    method = shipping_in("EUR")
    fill_cart(ProductFactory(currency="EUR"))
    checkout_details(shipping_method=method.code)

    review = client.get("/checkout/review/").text
    placed = review_post(client, payment_method="invoice")

    assert 'value="invoice"' not in review
    assert "Invoice / bank transfer is not offered for orders in EUR: we have no bank account for EUR." in review
    assert "We cannot take payment for orders in EUR at the moment" in review  # Stripe is not configured either
    assert "Place order" not in review
    assert placed.status_code == 400
    assert not Order.objects.exists()


def test_with_card_payment_on_a_currency_without_an_account_offers_the_card_only(
    client, fill_cart, checkout_details, shipping_in, settings
):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_x", "whsec_x"
    method = shipping_in("EUR")
    fill_cart(ProductFactory(currency="EUR"))
    checkout_details(shipping_method=method.code)

    review = client.get("/checkout/review/").text

    assert re.findall(r'name="payment_method" value="(\w+)"', review) == ["stripe"]
    assert "we have no bank account for EUR" in review
    assert "Place order" in review


def test_the_service_refuses_an_invoice_in_a_currency_without_an_account(shipping_in):
    method = shipping_in("EUR")
    product = ProductFactory(currency="EUR")

    with pytest.raises(ValidationError) as refused:
        order_place(
            lines=[LineRequest(product, 1)],
            email="sam@example.com",
            address=ShippingAddress(**ADDRESS),
            shipping_method=method,
            payment_method="invoice",
        )

    assert refused.value.message_dict == {
        "payment_method": ["Invoice / bank transfer is not offered for orders in EUR: we have no bank account for EUR."]
    }
    assert product.__class__.objects.get(pk=product.pk).stock_quantity == product.stock_quantity


@pytest.mark.parametrize(
    ("setting", "value", "check"),
    [
        ("LIMBER_BANK_ACCOUNTS", {"usd": "Limber Inc."}, "orders.E008"),
        ("LIMBER_BANK_ACCOUNTS", {"USD": ""}, "orders.E008"),
        ("LIMBER_BANK_ACCOUNTS", ["USD"], "orders.E008"),
        ("LIMBER_SHIPPING_COUNTRIES", ["US", "XX"], "orders.E006"),
        ("LIMBER_DEFAULT_COUNTRY", "JP", "orders.E007"),
    ],
)
def test_settings_an_invoice_or_the_address_form_cannot_use_are_reported_by_manage_py_check(
    settings, setting, value, check
):
    setattr(settings, setting, value)

    assert check in [problem.id for problem in order_addresses_and_accounts_check(None)]


def test_the_default_settings_pass_the_check():
    assert order_addresses_and_accounts_check(None) == []
