"""Rebuild the recommendation index now."""

from django.core.management.base import BaseCommand, CommandError

from recommendations.index.build import index_rebuild
from recommendations.index.store import IndexBusy


class Command(BaseCommand):
    help = "Compile the recommendation index from the database and publish it to every web process."

    def handle(self, *args, **options):
        try:
            index = index_rebuild(force=True)
        except IndexBusy as exc:
            raise CommandError(f"{exc}; try again when it finishes.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Index {index.version}: {len(index.conditions)} conditions, {len(index.products)} ranked products."
            )
        )
