"""Cells a spreadsheet shows as text: escaping on every export, one rule for what staff may type.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and a tab or a
carriage return before one of them is skipped), so a name such as ``=HYPERLINK("http://evil", "x")``
in an export would run on the computer of whoever opens it. OWASP's advice, followed here: every
export puts an apostrophe before such a cell, which spreadsheets show as text and do not display;
a plain number (``-4.00``) is not a formula and stays a number. Text staff type into the catalogue
is refused with the same rule wherever it comes from (admin, API, CSV import), through the model
field validator `formula_refuse`.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def is_formula(value: Any) -> bool:
    """Whether a spreadsheet would run this cell as a formula (a plain signed number is not one)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.match(value)


def cell_safe(value: Any) -> Any:
    """Return the cell as a spreadsheet shows it as text: an apostrophe before a formula, anything else as it is."""
    return f"'{value}" if is_formula(value) else value


def row_safe(values: Iterable[Any]) -> list[Any]:
    """Return a row of cells, each made safe with `cell_safe`."""
    return [cell_safe(value) for value in values]


def formula_refuse(value: Any) -> None:
    """Refuse text a spreadsheet would run as a formula, naming the character (a model field validator)."""
    if is_formula(value):
        shown = value[:20].replace("\t", "⇥").replace("\r", "↵")
        first = {"\t": "a tab", "\r": "a carriage return"}.get(value[0], f"“{value[0]}”")
        raise ValidationError(
            "“%(shown)s” starts with %(first)s, which spreadsheets run as a formula: start with a letter or "
            "a digit (a Markdown list can use “*”).",
            code="formula",
            params={"shown": shown, "first": first},
        )
