"""Beat's schedule run in a thread of this process, for the embedded default where tasks run in-process.

`make run` has no worker and no beat: `manage.py serve` starts this next to the development
server, so events are flushed, statistics aggregated and the index reconciled as in production.
"""

import logging
import threading
import time
from datetime import timedelta

from django.db import close_old_connections

from shop.celery import app

logger = logging.getLogger(__name__)


def _seconds(schedule) -> float | None:
    if isinstance(schedule, int | float):
        return float(schedule)
    if isinstance(schedule, timedelta):
        return schedule.total_seconds()
    return None  # crontab and the like: beat's business


class PeriodicJobs:
    """Run each entry of a beat schedule at its interval in one daemon thread, until stopped."""

    def __init__(self, schedule: dict):
        self.entries: list[tuple[str, float]] = []
        for name, entry in schedule.items():
            seconds = _seconds(entry["schedule"])
            if seconds is None:
                logger.warning("Periodic job %s has a schedule this runner does not understand; skipped.", name)
            else:
                self.entries.append((entry["task"], max(seconds, 0.01)))
        self.runs: dict[str, int] = {}
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="periodic-jobs", daemon=True)

    def start(self) -> None:
        """Start the thread; each job first runs one interval from now, as under beat."""
        app.autodiscover_tasks(force=True)  # every app's tasks module, without setting Django up again
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> bool:
        """Ask the thread to stop after the job it is running; return whether it did within `timeout`."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def _loop(self) -> None:
        due = {task: time.monotonic() + seconds for task, seconds in self.entries}
        while not self._stopping.is_set():
            for task, seconds in self.entries:
                if self._stopping.is_set():
                    break
                if time.monotonic() >= due[task]:
                    due[task] = time.monotonic() + seconds
                    self._run(task)
            wait = min(due.values(), default=time.monotonic() + 1) - time.monotonic()
            self._stopping.wait(max(wait, 0.01))
        close_old_connections()

    def _run(self, name: str) -> None:
        try:
            app.tasks[name].apply(throw=True)
        except Exception:  # one failing job must not stop the others
            logger.exception("Periodic job %s failed.", name)
        finally:
            close_old_connections()
        self.runs[name] = self.runs.get(name, 0) + 1
