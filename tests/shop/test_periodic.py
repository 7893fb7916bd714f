"""`make run` without worker or beat: the periodic jobs run in a thread of the server process."""

import logging
import threading

import pytest
from django.core.management import call_command

from shop.management.commands import serve
from shop.models import WorkerHeartbeat
from shop.periodic import PeriodicJobs
from tests.workers import wait_for

HEARTBEAT = {"worker-heartbeat": {"task": "shop.tasks.worker_heartbeat_task", "schedule": 0.05}}


def test_a_due_job_runs_in_the_thread_and_the_thread_stops_cleanly(transactional_db):
    jobs = PeriodicJobs(HEARTBEAT)
    jobs.start()
    try:
        wait_for(lambda: jobs.runs.get("shop.tasks.worker_heartbeat_task", 0) >= 2, timeout=10)
    finally:
        stopped = jobs.stop()

    assert stopped
    assert WorkerHeartbeat.objects.get().hostname.endswith("(in-process)")
    assert not any(thread.name == "periodic-jobs" for thread in threading.enumerate())


def test_a_failing_job_is_logged_and_the_others_keep_running(transactional_db, caplog):
    caplog.set_level(logging.ERROR, logger="shop.periodic")
    jobs = PeriodicJobs({"broken": {"task": "no.such.task", "schedule": 0.05}, **HEARTBEAT})
    jobs.start()
    try:
        wait_for(lambda: jobs.runs.get("shop.tasks.worker_heartbeat_task", 0) >= 2, timeout=10)
    finally:
        jobs.stop()

    assert jobs.runs["no.such.task"] >= 1
    assert "Periodic job no.such.task failed." in caplog.text


@pytest.mark.parametrize("eager", [True, False])
def test_serve_runs_the_schedule_only_when_tasks_run_in_process(transactional_db, settings, monkeypatch, eager):
    settings.CELERY_TASK_ALWAYS_EAGER = eager
    settings.CELERY_BEAT_SCHEDULE = HEARTBEAT
    seen = {}

    def server(self, *args, **options):  # stands in for the development server's loop
        if eager:
            wait_for(WorkerHeartbeat.objects.exists, timeout=10)
        seen["threads"] = {thread.name for thread in threading.enumerate()}

    monkeypatch.setattr(serve.Runserver, "inner_run", server)
    call_command("serve", "--noreload", "127.0.0.1:0")

    assert ("periodic-jobs" in seen["threads"]) is eager
    assert WorkerHeartbeat.objects.exists() is eager
    assert not any(thread.name == "periodic-jobs" for thread in threading.enumerate())
