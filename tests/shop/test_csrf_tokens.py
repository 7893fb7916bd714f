"""CSRF tokens from one random read: same shape as Django's, every character as likely, and still enforced."""

import re
from collections import Counter

import pytest
from django.middleware.csrf import CSRF_ALLOWED_CHARS
from django.test import Client

from shop.csrf_tokens import random_string
from tests.factories import ProductFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_each_character_is_about_equally_likely_and_strings_do_not_repeat():
    strings = [random_string(32, CSRF_ALLOWED_CHARS) for _ in range(4000)]
    counts = Counter("".join(strings))

    assert len(set(strings)) == len(strings)
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    expected = 4000 * 32 / len(CSRF_ALLOWED_CHARS)  # about 2,065 each
    # Chi-squared with 61 degrees of freedom: above 110 happens by chance about once in 10,000 runs.
    chi_squared = sum((count - expected) ** 2 / expected for count in counts.values())
    assert chi_squared < 110
    # Characters a byte-modulo draw would favour (the first 256 % 62 = 8) are not favoured.
    favoured = sum(counts[char] for char in CSRF_ALLOWED_CHARS[:8]) / 8
    assert abs(favoured / expected - 1) < 0.05


@pytest.mark.parametrize("length", [0, 1, 32, 64, 300])
def test_strings_have_the_asked_length_and_alphabet(length):
    drawn = random_string(length, "ab")
    assert len(drawn) == length
    assert set(drawn) <= {"a", "b"}


def test_an_alphabet_over_256_characters_is_refused():
    with pytest.raises(ValueError, match="1 to 256 characters"):
        random_string(8, "".join(chr(n) for n in range(300)))


def test_a_page_token_is_shaped_like_djangos_and_a_post_needs_it(db):
    ProductFactory(slug="loop-strap", name="Loop Strap")
    shopper = Client(enforce_csrf_checks=True)
    page = shopper.get("/products/loop-strap/")
    token = TOKEN.search(page.content.decode()).group(1)
    cookie = shopper.cookies["csrftoken"].value

    assert len(token) == 64
    assert set(token) <= set(CSRF_ALLOWED_CHARS)
    assert len(cookie) == 32
    assert set(cookie) <= set(CSRF_ALLOWED_CHARS)
    refused = shopper.post("/cart/add/", {"product": "loop-strap", "quantity": 1})
    forged = shopper.post("/cart/add/", {"product": "loop-strap", "quantity": 1, "csrfmiddlewaretoken": "x" * 64})
    added = shopper.post("/cart/add/", {"product": "loop-strap", "quantity": 1, "csrfmiddlewaretoken": token})
    assert refused.status_code == forged.status_code == 403
    assert added.status_code == 302
