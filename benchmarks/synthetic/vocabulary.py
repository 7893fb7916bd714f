"""The words synthetic data is drawn from, read once from ``benchmarks/data/synthetic.yaml``.

The lists keep the file's order: the random draws index into them, so the same seed gives the
same data only while the file is unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

VOCABULARY_FILE = Path(__file__).resolve().parent.parent / "data" / "synthetic.yaml"


def _interned(value: Any) -> Any:
    """Return the value with every string interned, as Python's own string literals mostly are.

    Equal strings are then one object wherever they are used, so a pickled index stores each once
    (pickle remembers objects, not values) and its size is the same as with the words in code.
    """
    if isinstance(value, str):
        return sys.intern(value)
    if isinstance(value, list):
        return [_interned(item) for item in value]
    if isinstance(value, dict):
        return {_interned(key): _interned(item) for key, item in value.items()}
    return value


def _vocabulary_load(path: Path = VOCABULARY_FILE) -> dict[str, Any]:
    """Read the vocabulary file with the fastest safe loader available."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        return _interned(yaml.load(handle, Loader=loader))  # noqa: S506 - a safe loader


_DATA = _vocabulary_load()

# (slug, name): ten body areas, in display order.
BODY_AREAS: list[tuple[str, str]] = [(area["slug"], area["name"]) for area in _DATA["body_areas"]]

# (slug, name, description, has_products): the real approaches.
APPROACHES: list[tuple[str, str, str, bool]] = [
    (approach["slug"], approach["name"], approach["description"], approach["has_products"])
    for approach in _DATA["approaches"]
]
PRODUCT_APPROACHES = [slug for slug, _name, _description, has_products in APPROACHES if has_products]
APPROACH_NAMES = {slug: name for slug, name, _description, _has_products in APPROACHES}
RATIONALES: dict[str, str] = {approach["slug"]: approach["rationale"] for approach in _DATA["approaches"]}

# (slug, name, parent slug, the approach its products are made for): five shelves of three.
CATEGORIES: list[tuple[str, str, str | None, str]] = [
    (category["slug"], category["name"], category["parent"], category["approach"]) for category in _DATA["categories"]
]
CATEGORY_NOUNS: dict[str, list[str]] = {category["slug"]: category["nouns"] for category in _DATA["categories"]}
ADJECTIVES: list[str] = _DATA["adjectives"]
# Templates of a product's short description and description (str.format).
PRODUCT_SUMMARY: str = _DATA["product_summary"]
PRODUCT_DESCRIPTION: str = _DATA["product_description"]
BRANDS: list[str] = _DATA["brands"]

GENERAL_SYMPTOMS: list[tuple[str, str]] = [(symptom["slug"], symptom["name"]) for symptom in _DATA["general_symptoms"]]
# Area symptoms are a quality felt with a trigger: "Sharp pain in the knee on stairs".
QUALITIES: list[tuple[str, str]] = [(quality["slug"], quality["name"]) for quality in _DATA["qualities"]]
TRIGGERS: list[tuple[str, str]] = [(trigger["slug"], trigger["text"]) for trigger in _DATA["triggers"]]
CONDITION_KINDS: list[str] = _DATA["condition_kinds"]

# Templates of a condition's summary, its pin's note and its guide's sections (str.format).
CONDITION_SUMMARY: str = _DATA["condition_summary"]
PIN_NOTE: str = _DATA["pin_note"]
GUIDE_SECTIONS: dict[str, str] = _DATA["guide_sections"]
GUIDE_WITHOUT_IMMEDIATE: str = _DATA["guide_without_immediate"]
GUIDE_WITHOUT_LONG_TERM: str = _DATA["guide_without_long_term"]

# The questionnaire's texts: "where does it hurt", the safety check, the general questions and
# the templates of each body area's questions.
WHERE_QUESTION_TEXT: str = _DATA["where_question"]
# (slug, text, red flag of "yes", message): the safety check.
SAFETY_QUESTIONS: list[tuple[str, str, str, str]] = [
    (question["slug"], question["text"], question["red_flag"], question["message"])
    for question in _DATA["safety_questions"]
]
GENERAL_QUESTIONS: list[dict[str, Any]] = _DATA["general_questions"]
AREA_QUESTIONS: dict[str, str] = _DATA["area_questions"]
