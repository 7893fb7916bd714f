"""Postal addresses by country: the countries Limber ships to, their regions, postcode formats and line order.

The facts live in `orders/data/countries.yaml`; `LIMBER_SHIPPING_COUNTRIES` picks which of them the
checkout offers. Nothing here touches the database.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

COUNTRIES_FILE = Path(__file__).resolve().parent / "data" / "countries.yaml"


@dataclass(frozen=True)
class Country:
    """How one country's addresses are written and checked."""

    code: str
    name: str
    postcode_label: str
    postcode_pattern: re.Pattern
    postcode_hint: str
    lines: tuple[str, ...]
    postcode_join: str = " "
    postcode_optional: bool = False
    article: str = ""
    region_label: str = ""
    regions: tuple[tuple[str, str], ...] = ()

    @property
    def name_in_sentence(self) -> str:
        """The name as a sentence needs it: "the United States", "Canada"."""
        return f"{self.article} {self.name}".strip()

    def region_name(self, code: str) -> str:
        """Return the name of one of the country's regions, or "" for a code it does not have."""
        return dict(self.regions).get(code, "")

    def postcode_clean(self, value: str) -> str | None:
        """Return the postcode written the country's way (e.g. "SW1A 1AA"), or None when it has another format."""
        compact = re.sub(r"[\s-]+", "", value).upper()
        match = self.postcode_pattern.fullmatch(compact)
        if match is None:
            return None
        return self.postcode_join.join(group for group in match.groups() if group)

    def postcode_problem(self) -> str:
        """Return the message for a postcode that does not match, naming the format."""
        return f"Enter a valid {self.postcode_label} for {self.name_in_sentence}: {self.postcode_hint}."

    def postcode_check(self, value: str) -> tuple[str, str]:
        """Return (the postcode written the country's way, "") or (the value as given, what is wrong with it).

        Empty is right only where the country's addresses often have none (Ireland's Eircode).
        """
        value = value.strip()
        if not value:
            problem = "" if self.postcode_optional else f"Enter the {self.postcode_label}: {self.postcode_hint}."
            return "", problem
        written = self.postcode_clean(value)
        return (value, self.postcode_problem()) if written is None else (written, "")

    def region_check(self, code: str) -> tuple[str, str]:
        """Return (the region's code, "") or (the code as given, what is wrong with it, naming the codes to use).

        A country with regions needs one of its own; a country without has none, so a code is refused there.
        """
        code = code.strip().upper()
        if not self.regions:
            if code:
                return code, f"Leave it empty: addresses in {self.name_in_sentence} have no state or province."
            return "", ""
        label = self.region_label.lower()
        codes = ", ".join(key for key, _ in self.regions)
        if not code:
            return "", f"Choose a {label}: an address in {self.name_in_sentence} needs one ({codes})."
        if not self.region_name(code):
            return code, f"“{code}” is not a {label} of {self.name_in_sentence}: use one of {codes}."
        return code, ""


@cache
def countries_known() -> dict[str, Country]:
    """Return every country the data file describes, by ISO 3166-1 code."""
    data = yaml.safe_load(COUNTRIES_FILE.read_text(encoding="utf-8"))
    return {str(code): _country(str(code), facts) for code, facts in data.items()}


def _country(code: str, facts: dict) -> Country:
    return Country(
        code=code,
        name=facts["name"],
        postcode_label=facts["postcode_label"],
        postcode_pattern=re.compile(facts["postcode"]),
        postcode_hint=facts["postcode_hint"],
        lines=tuple(facts["lines"]),
        postcode_join=facts.get("postcode_join", " "),
        postcode_optional=bool(facts.get("postcode_optional", False)),
        article=facts.get("article", ""),
        region_label=facts.get("region_label", ""),
        regions=tuple((str(key), str(name)) for key, name in (facts.get("regions") or {}).items()),
    )


def countries_shipped_to() -> list[Country]:
    """Return the countries the checkout offers, by name, from LIMBER_SHIPPING_COUNTRIES."""
    known = countries_known()
    offered = [known[code] for code in settings.LIMBER_SHIPPING_COUNTRIES if code in known]
    return sorted(offered, key=lambda country: country.name)


def country_get(code: str) -> Country | None:
    """Return what Limber knows about a country's addresses, or None for a code it does not know."""
    return countries_known().get(code.upper())


def address_lines(
    *, name: str, line1: str, line2: str = "", city: str, region: str = "", postcode: str, country: str
) -> list[str]:
    """Return the address as it goes on the parcel, one line each, in the country's order.

    A US address ends "Portland, OR 97201" and "United States"; a British one has the town, then the
    postcode on a line of its own; a country Limber does not describe gets "postcode town".
    """
    known = country_get(country)
    layout = known.lines if known else ("{postcode} {city}",)
    parts = {"city": city, "region": region, "postcode": postcode}
    lines = [name, line1, line2]
    lines += [" ".join(line.format(**parts).replace(" ,", ",").split()).strip(", ") for line in layout]
    lines.append(known.name if known else country)
    return [line for line in lines if line]
