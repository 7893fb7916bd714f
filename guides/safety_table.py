"""The table of red-flag rules (region or group, sign, level, source), written from red_flags.yaml."""

from pathlib import Path

from guides import vocabulary
from guides.content_entries import KnowledgeContent, RedFlagRuleEntry

START = "<!-- safety-table:start (written by `manage.py safety_table --write`; do not edit by hand) -->"
END = "<!-- safety-table:end -->"
LEVEL_WORDS = {vocabulary.URGENT: "urgent", vocabulary.SEE_DOCTOR: "see a doctor"}


def _group(rule: RedFlagRuleEntry, content: KnowledgeContent, area_names: dict[str, str]) -> str:
    """Name where and for whom a rule counts: "Knee", "Age under 16 — Knee", "Anywhere"."""
    age = next((q for q in content.questions if q.slug == content.age_question), None)
    labels = {option.slug: option.label for option in age.options} if age else {}
    where = ", ".join(area_names.get(slug, slug) for slug in rule.regions) or "Anywhere"
    if not rule.ages:
        return where
    return f"Age {', '.join(labels.get(slug, slug).lower() for slug in rule.ages)} — {where}"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def safety_table(content: KnowledgeContent, area_names: dict[str, str]) -> str:
    """Return the rules as a Markdown table, in file order, with each rule's slug for reference."""
    lines = [
        "| region or group | sign | level | source | rule |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in content.red_flag_rules:
        level = LEVEL_WORDS[rule.level] + (", no products" if rule.withhold_products else "")
        cells = [_group(rule, content, area_names), rule.sign, level, rule.source, f"`{rule.slug}`"]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines)


def document_with_table(document: str, table: str) -> str:
    """Return the document with the text between the table's markers replaced; raise ValueError without them."""
    if START not in document or END not in document:
        raise ValueError(f"the document needs the lines {START!r} and {END!r} around the table")
    before, rest = document.split(START, 1)
    _old, after = rest.split(END, 1)
    return f"{before}{START}\n{table}\n{END}{after}"


def safety_table_stale(path: Path, table: str) -> bool:
    """Whether the document at `path` holds a table other than `table`."""
    document = path.read_text(encoding="utf-8")
    return document_with_table(document, table) != document
