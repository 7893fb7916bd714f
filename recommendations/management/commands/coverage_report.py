"""List where shoppers get no in-stock product and knowledge-base work left undone; exit 1 when there is any."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recommendations.coverage import coverage_report, coverage_sections


class Command(BaseCommand):
    help = "Check the knowledge base's coverage (for CI or cron): exits non-zero when anything is listed."

    def handle(self, *args, **options):
        gaps = coverage_report()
        site = settings.LIMBER_SITE_URL.rstrip("/")
        for title, lines in coverage_sections(gaps):
            self.stdout.write(self.style.MIGRATE_HEADING(f"{title}: {len(lines) or 'none'}"))
            for gap in lines:
                self.stdout.write(f"  - {gap.text}\n    {gap.fix_label}: {site}{gap.fix_url}")
        if gaps:
            raise CommandError(f"{len(gaps)} coverage gap(s) found.", returncode=1)
        self.stdout.write(self.style.SUCCESS("Coverage is complete."))
