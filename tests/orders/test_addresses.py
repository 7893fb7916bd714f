"""Addresses by country: postcodes written the country's way, and lines in the order its post reads them."""

import pytest

from orders.addresses import address_lines, countries_known, country_get


@pytest.mark.parametrize(
    ("country", "typed", "written"),
    [
        ("US", "97201", "97201"),
        ("US", "97201 1234", "97201-1234"),
        ("GB", "sw1a1aa", "SW1A 1AA"),
        ("GB", " m1  1ae ", "M1 1AE"),
        ("CA", "k1a0b1", "K1A 0B1"),
        ("NL", "1012ab", "1012 AB"),
        ("IE", "d02x285", "D02 X285"),
        ("SE", "11455", "114 55"),
        ("AU", "2000", "2000"),
    ],
)
def test_a_postcode_is_written_the_way_its_country_writes_it(country, typed, written):
    assert country_get(country).postcode_clean(typed) == written


@pytest.mark.parametrize(
    ("country", "typed"),
    [("US", "9720"), ("US", "SW1A 1AA"), ("GB", "97201"), ("GB", "SW1A"), ("CA", "D1A 0B1"), ("AU", "20000")],
)
def test_a_postcode_of_another_format_is_refused_with_the_format_named(country, typed):
    known = country_get(country)

    assert known.postcode_clean(typed) is None
    assert known.postcode_hint in known.postcode_problem()


def test_the_messages_name_the_format_and_the_country():
    assert country_get("US").postcode_problem() == (
        "Enter a valid ZIP code for the United States: 5 digits, or ZIP+4 (e.g. 97201 or 97201-1234)."
    )
    assert (
        country_get("GB").postcode_problem()
        == "Enter a valid postcode for the United Kingdom: e.g. SW1A 1AA or M1 1AE."
    )


def test_addresses_print_in_each_countrys_order():
    street = {"name": "Sam Runner", "line1": "1 Track Lane"}

    assert address_lines(**street, city="Portland", region="OR", postcode="97201", country="US") == [
        "Sam Runner",
        "1 Track Lane",
        "Portland, OR 97201",
        "United States",
    ]
    assert address_lines(**street, line2="Flat 2", city="London", postcode="SW1A 1AA", country="GB") == [
        "Sam Runner",
        "1 Track Lane",
        "Flat 2",
        "London",
        "SW1A 1AA",
        "United Kingdom",
    ]
    assert address_lines(**street, city="Montréal", region="QC", postcode="H2X 1Y4", country="CA")[2] == (
        "Montréal QC H2X 1Y4"
    )
    assert address_lines(**street, city="Berlin", postcode="10115", country="DE")[2:] == ["10115 Berlin", "Germany"]
    assert address_lines(**street, city="Dublin", postcode="", country="IE")[2:] == ["Dublin", "Ireland"]


def test_a_country_the_data_does_not_describe_still_prints_every_part():
    assert address_lines(name="A", line1="B", city="Oslo", postcode="0150", country="NO") == [
        "A",
        "B",
        "0150 Oslo",
        "NO",
    ]


def test_every_country_in_the_data_is_complete_and_its_regions_are_unique():
    for code, country in countries_known().items():
        assert len(code) == 2
        assert code.isupper()
        assert country.name
        assert country.postcode_label
        assert country.postcode_hint
        assert country.lines
        assert len({name for _, name in country.regions}) == len(country.regions)
        assert all(len(region) <= 3 for region, _ in country.regions)
    assert country_get("CA").region_name("ON") == "Ontario"  # YAML 1.1 reads a bare ON as true
