"""Print the red-flag rules as a table, or write it into docs/safety-rules.md so the document stays true."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guides.content_checks import ContentError
from guides.content_files import CONTENT_DIR, red_flag_rules_read
from guides.safety_table import document_with_table, safety_table, safety_table_stale

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "safety-rules.md"


class Command(BaseCommand):
    help = (
        "Print the table of red-flag rules (region or group, sign, level, source) from guides/content/red_flags.yaml; "
        "--write puts it into docs/safety-rules.md, --check fails when that table is out of date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", type=Path, default=CONTENT_DIR, help="Folder to read.")
        parser.add_argument("--document", type=Path, default=DOCUMENT, help=f"Document to write (default: {DOCUMENT}).")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--write", action="store_true", help="Write the table into the document.")
        action.add_argument("--check", action="store_true", help="Fail if the document's table is out of date.")

    def handle(self, *args, content_dir: Path, document: Path, write: bool, check: bool, **options):
        try:
            content, area_names = red_flag_rules_read(root=content_dir)
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
        table = safety_table(content, area_names)
        try:
            if check:
                if safety_table_stale(document, table):
                    raise CommandError(f"{document} is out of date: run `manage.py safety_table --write`.")
                self.stdout.write(f"{document} lists all {len(content.red_flag_rules)} rules as they are.")
            elif write:
                document.write_text(document_with_table(document.read_text(encoding="utf-8"), table), encoding="utf-8")
                self.stdout.write(f"Wrote {len(content.red_flag_rules)} rules into {document}.")
            else:
                self.stdout.write(table)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
