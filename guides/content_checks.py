"""Parse YAML and front matter strictly, and check field values, reporting each problem by file and field."""

import datetime
import re
from collections.abc import Iterable
from pathlib import Path

import yaml

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


class ContentError(ValueError):
    """The content files have problems; `problems` lists each as "file: field: what is wrong"."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        listed = "\n".join(f"- {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in the knowledge-base files:\n{listed}")


class _StrictLoader(yaml.SafeLoader):
    """yaml.safe_load's loader, except that a key written twice is an error instead of silently the last one."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: the base class reports it
                break
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, f"found the key {key!r} twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _kind(value) -> str:
    """Describe a value the way a problem message quotes it."""
    return "nothing" if value is None else f"{type(value).__name__} {value!r}"[:60]


class FileChecker:
    """Collect the problems of one file; every getter returns a usable value even when it reports one."""

    def __init__(self, file: str, problems: list[str]):
        self.file = file
        self.problems = problems

    def report(self, field: str, message: str) -> None:
        """Record a problem with `field` (empty for the file as a whole)."""
        self.problems.append(f"{self.file}: {field}: {message}" if field else f"{self.file}: {message}")

    def read(self, path: Path) -> str | None:
        """Return the file's text, or None after reporting why it cannot be read."""
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.report("", f"cannot be read: {exc}")
            return None

    def parse_yaml(self, text: str, *, first_line: int = 1):
        """Return the parsed YAML, or None after reporting where it is malformed."""
        try:
            return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - _StrictLoader is a SafeLoader
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + first_line}" if mark else ""
            self.report(where, f"not valid YAML: {getattr(exc, 'problem', None) or exc}")
            return None

    def fields(self, data, field: str, allowed: Iterable[str]) -> dict:
        """Return `data` as a mapping, reporting unknown keys (a misspelt field would otherwise be ignored)."""
        if not isinstance(data, dict):
            self.report(field, f"expected a mapping of fields, got {_kind(data)}")
            return {}
        allowed = set(allowed)
        for key in data:
            if key not in allowed:
                where = f"{field}.{key}" if field else str(key)
                self.report(where, f"unknown field (expected one of: {', '.join(sorted(allowed))})")
        return data

    def items(self, data, field: str, *, required: bool = False) -> list:
        """Return `data` as a list; nothing is an empty list unless the field is required."""
        if data is None and not required:
            return []
        if not isinstance(data, list) or (required and not data):
            self.report(field, "missing" if data is None else f"expected a non-empty list, got {_kind(data)}")
            return []
        return data

    def mapping(self, data, field: str, what: str, *, required: bool = False) -> dict:
        """Return `data` as a mapping of slugs to values."""
        if data is None and not required:
            return {}
        if not isinstance(data, dict) or (required and not data):
            self.report(field, "missing" if data is None else f"expected a mapping of {what}, got {_kind(data)}")
            return {}
        return data

    def text(self, value, field: str, *, max_length: int | None = None, blank: bool = False) -> str:
        """Return text; required unless `blank`, and at most `max_length` characters."""
        if value is None:
            if not blank:
                self.report(field, "missing")
            return ""
        if not isinstance(value, str):
            hint = " (put yes, no, on and off in quotes)" if isinstance(value, bool) else ""
            self.report(field, f"expected text, got {_kind(value)}{hint}")
            return ""
        if not blank and not value.strip():
            self.report(field, "must not be empty")
        if max_length is not None and len(value) > max_length:
            self.report(field, f"is {len(value)} characters long; at most {max_length} fit")
        return value

    def slug(self, value, field: str) -> str:
        """Return a slug: lower-case letters, digits and hyphens."""
        value = self.text(value, field)
        if value and not SLUG.match(value):
            self.report(field, f"“{value}” is not a slug: use lower-case letters, digits and hyphens")
        return value

    def flag(self, value, field: str, *, default: bool) -> bool:
        """Return true or false; `default` when left out."""
        if value is None:
            return default
        if not isinstance(value, bool):
            self.report(field, f"expected true or false, got {_kind(value)}")
            return default
        return value

    def share(self, value, field: str, *, above_zero: bool = False) -> float:
        """Return a number between 0 and 1 (above 0 with `above_zero`)."""
        bounds = "above 0 and at most 1" if above_zero else "between 0 and 1"
        if value is None:
            self.report(field, "missing")
            return 0.0
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report(field, f"expected a number {bounds}, got {_kind(value)}")
            return 0.0
        if not 0 <= value <= 1 or (above_zero and value == 0):
            self.report(field, f"{value} is out of range: must be {bounds}")
        return float(value)

    def position(self, value, field: str) -> int:
        """Return a whole number of 0 or more."""
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.report(
                field, "missing" if value is None else f"expected a whole number of 0 or more, got {_kind(value)}"
            )
            return 0
        return value

    def choice(self, value, field: str, choices: Iterable[str]) -> str:
        """Return one of `choices`, or "" after reporting."""
        choices = list(choices)
        if value is None and "" not in choices:
            self.report(field, "missing")
            return ""
        if value not in choices:
            shown = ", ".join(choice or "empty" for choice in choices)
            self.report(field, f"{value!r} is not one of: {shown}")
            return ""
        return value

    def date(self, value, field: str) -> datetime.date | None:
        """Return a date written as YYYY-MM-DD, or None when left out."""
        if value is None or (isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.report(field, f"{value!r} is not a date; write it as YYYY-MM-DD")
            return None

    def known(self, value, field: str, known: Iterable[str] | None, kind: str) -> str:
        """Return a slug defined elsewhere; `known` is None when its file could not be read, so nothing is checked."""
        value = self.text(value, field)
        if value and known is not None and value not in known:
            self.report(field, f"unknown {kind} slug “{value}”")
        return value

    def known_list(self, values, field: str, known: Iterable[str] | None, kind: str, *, required=False) -> tuple:
        """Return a list of slugs defined elsewhere, each at most once."""
        result = []
        for index, value in enumerate(self.items(values, field, required=required)):
            value = self.known(value, f"{field}[{index}]", known, kind)
            if value and value in result:
                self.report(f"{field}[{index}]", f"“{value}” is listed twice")
            result.append(value)
        return tuple(result)

    def unique(self, seen: dict, value, field: str, what: str, *, place: str = "") -> None:
        """Report `value` when `seen` already has it; remember its place (the field, unless given)."""
        if not value:
            return
        if value in seen:
            self.report(field, f"duplicate {what} “{value}” (first at {seen[value]})")
        seen.setdefault(value, place or field)


def front_matter_split(text: str) -> tuple[str, str] | None:
    """Return (front matter, body) of a file that opens with a "---" line, or None when it has none."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :])
    return None
