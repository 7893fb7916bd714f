"""The OpenAPI schema speaks to a client developer: every field says what it is, and the names read well.

A client generated from the schema turns each component into a class and each property into an
attribute with its description as the docstring: an undescribed field leaves the developer guessing.
"""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def components():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return schema["components"]["schemas"]


def test_every_field_of_every_component_says_what_it_is(components):
    undescribed = [
        f"{name}.{field}"
        for name, component in components.items()
        for field, spec in component.get("properties", {}).items()
        if not (spec.get("description") or "").strip()
    ]

    assert sum(len(component.get("properties", {})) for component in components.values()) >= 300
    assert undescribed == []


def test_component_names_read_as_a_client_developer_would_name_the_classes(components):
    names = set(components)

    assert not {name for name in names if "RequestRequest" in name or "ListList" in name}
    # Enums with a meaning are named for it, not "StatusEnum" or "PhaseEnum".
    assert {"OrderStatus", "LineSource", "TreatmentPhase", "EventKind", "TriageLevel"} <= names
    assert not {"StatusEnum", "SourceKindEnum", "PhaseEnum", "EventKindEnum", "KindEnum"} & names
    assert {"ProductSummary", "PaginatedProductSummaryList"} <= names


def test_a_price_field_says_it_is_a_decimal_string_in_the_products_currency(components):
    price = components["ProductSummary"]["properties"]["price"]

    assert price["type"] == "string"
    assert "currency" in price["description"]
    assert "decimal string" in price["description"]
