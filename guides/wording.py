"""The words staff read in the admin: plain labels and one score scale, 0 to 100.

The database keeps scores between 0 and 1 (the engine's arithmetic); staff see
and type them out of 100, with a word for the band they fall in.
"""

from dataclasses import dataclass

from django import forms
from django.db import models


@dataclass(frozen=True)
class Wording:
    """A field's plain label, its help text, and the word for each band of its 0–100 scale.

    `bands` run from the highest floor down; each word agrees with the figures the help text gives.
    """

    label: str
    help_text: str
    bands: tuple[tuple[int, str], ...]


SCORES = {
    "prior": Wording(
        "How common is this condition?",
        "Out of 100 shoppers with pain where this condition is felt, about how many have it: "
        "5 = rare, 10 = fairly common, 30 = very common. Must be above 0.",
        ((30, "very common"), (15, "common"), (8, "fairly common"), (3, "rare"), (1, "very rare"), (0, "none")),
    ),
    "likelihood": Wording(
        "How strongly does this symptom point to it?",
        "Out of 100 people with the condition, how many notice this: 80 = most do, 20 = a few.",
        ((80, "most do"), (50, "many do"), (30, "some do"), (15, "a few"), (1, "very few"), (0, "none")),
    ),
    "weight": Wording(
        "How much it helps",
        "0 to 100: 100 = a mainstay of this phase, 30 = a small extra.",
        ((80, "a mainstay"), (50, "helps a lot"), (25, "a small extra"), (1, "barely"), (0, "none")),
    ),
    "strength": Wording(
        "How well it serves this approach",
        "0 to 100: 100 = made for it, 40 = helps a bit.",
        ((80, "made for it"), (60, "serves it well"), (30, "helps a bit"), (1, "barely"), (0, "none")),
    ),
    "boost": Wording(
        "Extra push up the list",
        "For “Move up the list”: 0 to 100, added to the product's score.",
        ((50, "a big push"), (20, "a push"), (1, "a nudge"), (0, "none")),
    ),
    "popularity": Wording(
        "Popularity",
        "0 to 100, from recent views, clicks and orders.",
        ((60, "a best seller"), (30, "popular"), (1, "seen now and then"), (0, "not yet")),
    ),
}


def score_words(value: float | None, *, field: str) -> str:
    """Say a 0–1 score on the staff scale with the word its field's help text uses: “12/100 (fairly common)”."""
    if value is None:
        return "—"
    out_of_100 = round(value * 100)
    word = next(word for floor, word in SCORES[field].bands if out_of_100 >= floor)
    return f"{out_of_100}/100 ({word})"


def field_label(field: models.Field) -> str:
    """Return the label staff know a field by."""
    wording = SCORES.get(field.name)
    return (wording.label if wording else str(field.verbose_name)).rstrip("?").lower()


def value_words(field: models.Field, value) -> str:
    """Say a stored value as staff read it: scores out of 100, choices by their label, yes or no."""
    if field.name in SCORES and isinstance(value, int | float):
        return score_words(value, field=field.name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value)) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"“{value}”" if isinstance(value, str) else str(value)


def sentences_join(lines: list[str]) -> str:
    """Join sentences into one, “a; b; c.”, without doubling a full stop a sentence already ends with."""
    return "; ".join(line.rstrip().removesuffix(".") for line in lines) + "."


class ScoreField(forms.FloatField):
    """A 0–1 score typed and shown out of 100."""

    def __init__(self, *, name: str, **kwargs):
        wording = SCORES[name]
        kwargs.setdefault("label", wording.label)
        kwargs.setdefault("help_text", wording.help_text)
        kwargs.pop("max_value", None)
        kwargs.pop("min_value", None)
        kwargs["widget"] = forms.NumberInput(
            attrs={"step": "1", "min": "0", "max": "100", "class": "limber-score-input"}
        )
        super().__init__(min_value=0, max_value=100, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int | float) and not isinstance(value, bool):
            shown = round(value * 100, 1)
            return int(shown) if shown == int(shown) else shown
        return value

    def has_changed(self, initial, data):
        return super().has_changed(self.prepare_value(initial), data)

    def clean(self, value):
        number = super().clean(value)
        return None if number is None else round(number / 100, 4)


def score_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """Return a 0–100 form field for a score column, None for any other."""
    if db_field.name in SCORES and isinstance(db_field, models.FloatField):
        kwargs.pop("form_class", None)
        return ScoreField(name=db_field.name, required=not db_field.blank and not db_field.has_default(), **kwargs)
    return None
