"""Load the knowledge base from guides/content/; safe to run again."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guides.content_checks import ContentError
from guides.content_files import CONTENT_DIR
from guides.knowledge import knowledge_load


class Command(BaseCommand):
    help = (
        "Check the taxonomy, questionnaire, product uses and condition guides under guides/content/, then "
        "create or update them in the database. Writes nothing if any file has a problem. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--content-dir", type=Path, default=CONTENT_DIR, help=f"Folder to read (default: {CONTENT_DIR})."
        )

    def handle(self, *args, content_dir: Path, **options):
        try:
            counts = knowledge_load(root=content_dir)
        except ContentError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Knowledge base loaded: {summary}."))
