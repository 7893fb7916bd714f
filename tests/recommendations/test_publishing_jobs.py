"""Publishing and restoring run as worker jobs: the page follows their steps, and they run once."""

import copy
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

import recommendations.publishing
from guides.drafts import draft_save, object_rows
from guides.models import (
    DraftChange,
    Publication,
    PublicationKind,
    PublishingJob,
    PublishingJobKind,
    PublishingJobStatus,
    Question,
)
from recommendations.publishing import knowledge_publish
from recommendations.publishing_jobs import publishing_job_start
from recommendations.publishing_runs import publishing_job_run

pytestmark = pytest.mark.django_db

PUBLISH = "admin:guides_draftchange_publish"


def _draft_question_text(user, text="How did the pain start?"):
    question = Question.objects.get(slug="how-did-it-start")
    before = object_rows(question)
    after = copy.deepcopy(before)
    after[0]["fields"]["text"] = text
    draft_save(obj=question, before=before, after=after, user=user)
    return question


def test_a_publish_is_queued_as_a_job_and_its_page_shows_progress_until_the_worker_runs_it(
    demo, staff_in_role, django_capture_on_commit_callbacks
):
    manager = staff_in_role("Shop manager")
    question = _draft_question_text(manager.user)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = manager.post(reverse(PUBLISH), {"note": "Plainer words"})
    job = PublishingJob.objects.get()
    waiting = manager.get(response["Location"])
    status = manager.get(reverse("admin:guides_publishingjob_status", args=[job.pk])).json()

    assert response["Location"] == reverse("admin:guides_publishingjob_progress", args=[job.pk])
    assert len(queued) == 1  # the worker's task, sent once the request's transaction commits
    assert '<progress id="job-progress" max="100" value="0">' in waiting.text
    assert "shop/admin-progress.js" in waiting.text
    assert status | {"step": ""} == {
        "status": "queued",
        "status_label": "Waiting for the worker",
        "running": True,
        "percent": 0,
        "step": "",
        "message": "",
        "result_url": "",
    }
    assert Question.objects.get(pk=question.pk).text != "How did the pain start?"

    queued[0]()  # the worker runs it
    done = manager.get(reverse("admin:guides_publishingjob_status", args=[job.pk])).json()
    page = manager.get(response["Location"], follow=True)

    version = Publication.objects.get(kind=PublicationKind.PUBLISH)
    assert (done["status"], done["percent"], done["running"]) == ("done", 100, False)
    assert done["result_url"] == reverse("admin:guides_publication_change", args=[version.pk])
    assert "Published: 1 change is live for shoppers now" in page.text
    assert Question.objects.get(pk=question.pk).text == "How did the pain start?"


def test_publishing_reports_each_step_before_it_takes_it(demo, staff_in_role):
    manager = staff_in_role("Shop manager")
    _draft_question_text(manager.user)
    steps = []

    knowledge_publish(
        user=manager.user, note="Plainer", triage_confirmed=False, progress=lambda *step: steps.append(step)
    )

    assert steps == [
        (10, "Trying the changes on shoppers' answers"),
        (40, "Writing the changes and keeping the version"),
        (75, "Rebuilding the recommendations shoppers get"),
    ]


def test_a_job_runs_once_even_when_its_task_is_delivered_twice(demo, staff_in_role, django_capture_on_commit_callbacks):
    manager = staff_in_role("Shop manager")
    _draft_question_text(manager.user)
    with django_capture_on_commit_callbacks(execute=False):
        job = publishing_job_start(user=manager.user, kind=PublishingJobKind.PUBLISH, note="Plainer")

    publishing_job_run(job_id=job.pk)
    publishing_job_run(job_id=job.pk)

    assert Publication.objects.filter(kind=PublicationKind.PUBLISH).count() == 1
    assert not DraftChange.objects.exists()


def test_a_publish_the_worker_refuses_says_why_on_its_page_and_changes_nothing(demo, staff_in_role, post_and_run):
    manager = staff_in_role("Shop manager")  # may publish, but not safety advice
    question = Question.objects.get(slug="safety-night-rest-pain")
    before = object_rows(question)
    after = copy.deepcopy(before)
    option = next(row for row in after if row["model"] == "guides.answeroption" and row["fields"]["slug"] == "no")
    option["fields"] |= {"red_flag": "see_doctor", "red_flag_message": "Please see a doctor first."}
    draft_save(obj=question, before=before, after=after, user=manager.user)

    page = post_and_run(manager, reverse(PUBLISH), {"note": "Stricter", "triage_confirmed": "on"})

    job = PublishingJob.objects.get()
    assert job.status == PublishingJobStatus.REFUSED
    assert "only a clinical reviewer may publish them" in page.text
    assert f'<a href="{reverse(PUBLISH)}">Back to the preview</a>' in page.text
    assert DraftChange.objects.exists()
    assert not Publication.objects.filter(kind=PublicationKind.PUBLISH).exists()


@pytest.mark.parametrize("role", ["Content editor", "Analyst", None])
def test_a_job_and_its_status_are_for_publishers_only(demo, staff_in_role, django_capture_on_commit_callbacks, role):
    manager = staff_in_role("Shop manager")
    _draft_question_text(manager.user)
    with django_capture_on_commit_callbacks(execute=False):
        job = publishing_job_start(user=manager.user, kind=PublishingJobKind.PUBLISH, note="Plainer")
    other = staff_in_role(role)

    page = other.get(reverse("admin:guides_publishingjob_progress", args=[job.pk]))
    status = other.get(reverse("admin:guides_publishingjob_status", args=[job.pk]))

    assert (page.status_code, status.status_code) == (403, 403)


def _worker_dies_in(monkeypatch, name: str):
    """Make the worker die (not fail: nothing catches it) when the publish reaches `name`, after it has run."""
    real = getattr(recommendations.publishing, name)

    def dies(*args, **kwargs):
        real(*args, **kwargs)
        raise SystemExit("worker killed")

    monkeypatch.setattr(recommendations.publishing, name, dies)


def _silent_for(job, minutes: float) -> None:
    """Move the job's last word from the worker this many minutes into the past."""
    PublishingJob.objects.filter(pk=job.pk).update(progress_at=timezone.now() - timedelta(minutes=minutes))


def test_a_publish_whose_worker_died_is_shown_stopped_with_nothing_published_and_can_be_published_again(
    demo, staff_in_role, django_capture_on_commit_callbacks, post_and_run, monkeypatch, settings
):
    settings.LIMBER_PUBLISHING_STALL_MINUTES = 10
    manager = staff_in_role("Shop manager")
    question = _draft_question_text(manager.user)
    with django_capture_on_commit_callbacks(execute=False):
        response = manager.post(reverse(PUBLISH), {"note": "Plainer words"})
    job = PublishingJob.objects.get()
    _worker_dies_in(monkeypatch, "drafts_apply")  # in the middle of the publish's transaction
    with pytest.raises(SystemExit):
        publishing_job_run(job_id=job.pk)
    monkeypatch.undo()
    status_url = reverse("admin:guides_publishingjob_status", args=[job.pk])

    _silent_for(job, minutes=9)
    still = manager.get(status_url).json()
    _silent_for(job, minutes=11)
    stopped = manager.get(status_url).json()
    page = manager.get(response["Location"])

    assert (still["status"], still["running"]) == ("running", True)
    assert (stopped["status"], stopped["running"], stopped["step"]) == ("failed", False, "Stopped")
    assert "nothing was changed for shoppers" in stopped["message"]
    assert '<progress id="job-progress"' not in page.text
    assert "nothing was changed for shoppers" in page.text
    assert f'<p id="job-again"><a href="{reverse(PUBLISH)}">Back to the preview</a></p>' in page.text
    assert Question.objects.get(pk=question.pk).text != "How did the pain start?"
    assert DraftChange.objects.exists()
    assert not Publication.objects.filter(kind=PublicationKind.PUBLISH).exists()

    again = post_and_run(manager, reverse(PUBLISH), {"note": "Plainer words, again"})

    assert "Published: 1 change is live for shoppers now" in again.text
    assert Question.objects.get(pk=question.pk).text == "How did the pain start?"
    assert PublishingJob.objects.get(pk=job.pk).status == PublishingJobStatus.FAILED


def test_a_publish_whose_worker_died_after_writing_says_the_version_is_kept(
    demo, staff_in_role, django_capture_on_commit_callbacks, monkeypatch
):
    manager = staff_in_role("Shop manager")
    question = _draft_question_text(manager.user)
    with django_capture_on_commit_callbacks(execute=False):
        job = publishing_job_start(user=manager.user, kind=PublishingJobKind.PUBLISH, note="Plainer")
    _worker_dies_in(monkeypatch, "index_rebuild_now")  # the changes are committed; the rebuild is owed
    with pytest.raises(SystemExit):
        publishing_job_run(job_id=job.pk)
    monkeypatch.undo()
    _silent_for(job, minutes=60)

    page = manager.get(reverse("admin:guides_publishingjob_progress", args=[job.pk]))

    assert "Stopped while rebuilding the recommendations, after the changes were made" in page.text
    assert Publication.objects.filter(kind=PublicationKind.PUBLISH).count() == 1
    assert Question.objects.get(pk=question.pk).text == "How did the pain start?"
    assert not DraftChange.objects.exists()


def test_a_job_still_waiting_for_the_worker_is_never_marked_stopped(
    demo, staff_in_role, django_capture_on_commit_callbacks
):
    manager = staff_in_role("Shop manager")
    _draft_question_text(manager.user)
    with django_capture_on_commit_callbacks(execute=False):
        waiting = publishing_job_start(user=manager.user, kind=PublishingJobKind.PUBLISH, note="Plainer")
    PublishingJob.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(hours=2))

    status = manager.get(reverse("admin:guides_publishingjob_status", args=[waiting.pk])).json()

    assert (status["status"], status["running"]) == ("queued", True)
