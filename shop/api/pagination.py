"""Paging for list endpoints: a malformed page or page size is a 400, not a 404."""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from shop.numbers import whole_number

# A page number far past the end is a 404 (there is no such page); one too long to be a number is a 400.
PAGE_DIGITS = 100


def positive_int_param(request, name: str, *, default: int, maximum: int) -> int:
    """Read a whole-number query parameter in 1..maximum or raise a 400."""
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        return whole_number(raw, minimum=1, maximum=maximum)
    except ValueError:
        raise ValidationError({name: [f"Enter a whole number between 1 and {maximum}."]}) from None


def text_param(request, name: str, *, max_length: int) -> str:
    """Read a text query parameter of at most max_length characters (empty when absent) or raise a 400."""
    raw = request.query_params.get(name, "")
    if len(raw) > max_length:
        raise ValidationError({name: [f"Ensure this value has at most {max_length} characters (it has {len(raw)})."]})
    return raw


def bounded_int_parameter(name: str, *, maximum: int | None, description: str, minimum: int = 1) -> OpenApiParameter:
    """Document a whole-number query parameter with its bounds."""
    schema = {"type": "integer", "minimum": minimum}
    if maximum is not None:
        schema["maximum"] = maximum
    return OpenApiParameter(name, schema, description=description)


class PageNumberPagination(pagination.PageNumberPagination):
    """Page through results with ``page`` and ``page_size`` (at most 100)."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "in": "query",
                "required": False,
                "description": "Page number, from 1; past the last page is a 404.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Results per page, 1 to {self.max_page_size} (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": "Results found, on every page together.",
            "next": "Absolute address of the next page; null on the last page.",
            "previous": "Absolute address of the page before; null on the first page.",
            "results": "This page's results.",
        }
        for name, description in descriptions.items():
            field = paginated["properties"][name]
            if isinstance(field, dict):  # drf-spectacular may first pass a placeholder for the results
                paginated["properties"][name] = {"description": description, **field}
        # The values drf-spectacular wraps around an operation's example of one result.
        for name, example in (("count", 1), ("next", None), ("previous", None)):
            paginated["properties"][name]["example"] = example
        return paginated

    def get_page_size(self, request):
        return positive_int_param(
            request, self.page_size_query_param, default=self.page_size, maximum=self.max_page_size
        )

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "1")
        try:
            whole_number(raw, minimum=1, maximum=10**PAGE_DIGITS, max_digits=PAGE_DIGITS)
        except ValueError:
            raise ValidationError({self.page_query_param: ["Enter a page number of 1 or more."]}) from None
        return super().paginate_queryset(queryset, request, view)
