"""`manage.py serve`: the development server, plus beat's periodic jobs in-process when tasks run in-process."""

from django.conf import settings
from django.core.management import get_commands, load_command_class

from shop.periodic import PeriodicJobs

# The runserver that is installed (whitenoise's or staticfiles' wraps Django's).
Runserver = type(load_command_class(get_commands()["runserver"], "runserver"))


class Command(Runserver):
    help = "Serve like runserver; without a worker and beat (tasks in-process), also run the periodic jobs."

    def inner_run(self, *args, **options):
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            return super().inner_run(*args, **options)
        jobs = PeriodicJobs(settings.CELERY_BEAT_SCHEDULE)
        jobs.start()
        self.stdout.write(f"Running {len(jobs.entries)} periodic jobs in this process (no worker or beat needed).")
        try:
            return super().inner_run(*args, **options)
        finally:
            jobs.stop()
