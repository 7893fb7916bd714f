"""The safety table in docs/safety-rules.md is written from red_flags.yaml and stays true."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from guides.content_files import red_flag_rules_read
from guides.safety_table import safety_table


def test_the_document_lists_every_rule_as_the_file_says():
    call_command("safety_table", "--check", stdout=StringIO())  # raises when the table is out of date


def test_each_rule_is_a_row_with_its_region_or_group_sign_level_and_source():
    content, names = red_flag_rules_read()

    table = safety_table(content, names).splitlines()

    assert table[0] == "| region or group | sign | level | source | rule |"
    assert len(table) == 2 + len(content.red_flag_rules)
    rows = {row.rsplit("`", 2)[1]: row for row in table[2:]}
    assert rows["ottawa-ankle-weight"].startswith("| Foot and ankle | Unable to take four steps")
    assert "| urgent | Ottawa ankle rules" in rows["ottawa-ankle-weight"]
    assert rows["child-limp"].startswith("| Age under 16 — Knee, ")
    assert "| see a doctor, no products |" in rows["child-limp"]
    assert rows["fever-with-pain"].startswith("| Anywhere |")


def test_a_stale_table_is_reported_and_rewritten(tmp_path):
    document = tmp_path / "safety.md"
    document.write_text(
        "# Rules\n\n<!-- safety-table:start (written by `manage.py safety_table --write`; do not edit by hand) -->\n"
        "| old |\n<!-- safety-table:end -->\n\nAfter.\n"
    )

    with pytest.raises(CommandError, match="out of date"):
        call_command("safety_table", "--check", "--document", document, stdout=StringIO())
    call_command("safety_table", "--write", "--document", document, stdout=StringIO())

    text = document.read_text()
    assert "| old |" not in text
    assert "`ottawa-knee-bone`" in text
    assert text.endswith("<!-- safety-table:end -->\n\nAfter.\n")
    call_command("safety_table", "--check", "--document", document, stdout=StringIO())
