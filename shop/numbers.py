"""Whole numbers typed by people or sent in forms: ASCII digits only, of a sane length, within bounds.

`int()` takes more than a shop means by a number: other scripts' digits ("٣"), and it raises on
superscripts ("²") that `str.isdigit()` lets through, or on thousands of digits. Everything that
reads a count from a request goes through `whole_number` or `WholeNumberField`, so bad input is a
message naming what is wanted, never a 500.
"""

from django import forms

MAX_DIGITS = 9  # up to 999,999,999: more than any count a form asks for


def whole_number(text: str, *, minimum: int, maximum: int, max_digits: int = MAX_DIGITS) -> int:
    """Return the number `text` spells in ASCII digits if it lies in minimum..maximum; else raise ValueError.

    More than `max_digits` digits is refused before any conversion. The error's message is for a
    person: "Enter a whole number from 0 to 10."
    """
    value = (text or "").strip()
    if not value:
        raise ValueError("Enter a number.")
    if not (value.isascii() and value.isdecimal() and len(value) <= max_digits) or not (
        minimum <= int(value) <= maximum
    ):
        raise ValueError(f"Enter a whole number from {minimum} to {maximum}.")
    return int(value)


class WholeNumberField(forms.Field):
    """A form field for a count typed by a person, read with `whole_number`.

    The bounds can be changed after the form is built (from settings, per request) with `set_bounds`.
    """

    widget = forms.NumberInput

    def __init__(self, *, minimum: int = 0, maximum: int = 10**MAX_DIGITS - 1, **kwargs):
        super().__init__(**kwargs)
        self.set_bounds(minimum=minimum, maximum=maximum)

    def set_bounds(self, *, minimum: int, maximum: int) -> None:
        """Accept only minimum..maximum, and say so to the browser."""
        self.minimum, self.maximum = minimum, maximum
        self.widget.attrs.update(min=minimum, max=maximum, inputmode="numeric")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return whole_number(str(value), minimum=self.minimum, maximum=self.maximum)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc
