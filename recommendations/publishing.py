"""Publish the waiting drafts, or restore an earlier version, and rebuild the index shoppers are served from.

Both need the publish permission; when what goes live changes safety advice they
also need a clinical reviewer (`guides.publish_safety_advice`) and the ticked
confirmation. The check runs on the rows actually written, inside the
transaction, so a draft saved after the preview cannot slip through.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from guides.drafts import drafts_apply, rows_diff
from guides.history import baseline_ensure, knowledge_rows, version_record, version_restore, version_restore_rows
from guides.models import DraftChange, Publication, PublicationKind
from guides.safety import safety_changes, user_may_publish, user_may_publish_safety
from recommendations.drafts_preview import DraftPreview, draft_preview
from recommendations.index.build import index_rebuild
from recommendations.index.requests import index_rebuild_request
from recommendations.index.store import IndexBusy

logger = logging.getLogger(__name__)

NOT_A_PUBLISHER = "Your account may save drafts but not publish them: ask someone who may publish."
NOT_A_CLINICAL_REVIEWER = (
    "These changes touch safety advice: only a clinical reviewer may publish them. "
    "Ask one to review and publish, or discard the draft that changes it."
)


class PublishRefused(ValueError):
    """The drafts cannot be published as asked; the message says why, in plain words."""


def index_rebuild_now() -> None:
    """Rebuild the index at once unless it is already built from the latest change; when another runs, queue one.

    In-process (the embedded default) the change's own rebuild has run by now, after its commit: a second
    build would only repeat it.
    """
    try:
        index_rebuild()
    except IndexBusy:
        with transaction.atomic():
            index_rebuild_request()


def _safety_check(*, user, changes: list[str], confirmed: bool, what: str) -> None:
    if not changes:
        return
    if not user_may_publish_safety(user):
        raise PublishRefused(NOT_A_CLINICAL_REVIEWER)
    if not confirmed:
        raise PublishRefused(f"{what} changes safety advice. Check it and tick the confirmation.")


Progress = Callable[[int, str], None]


def _no_progress(percent: int, step: str) -> None:
    """Report nothing: a publish run in the request needs no progress."""


def knowledge_publish_check(*, user, note: str, triage_confirmed: bool, preview: DraftPreview | None = None) -> None:
    """Raise PublishRefused, in plain words, when a publish cannot go ahead (without a preview: the cheap checks)."""
    if not user_may_publish(user):
        raise PublishRefused(NOT_A_PUBLISHER)
    if not DraftChange.objects.exists():
        raise PublishRefused("There are no changes waiting to be published.")
    if not note.strip():
        raise PublishRefused("Write a short note saying why: it is kept with the version.")
    if preview is None:
        return
    if preview.triage_changes and not user_may_publish_safety(user):
        raise PublishRefused(NOT_A_CLINICAL_REVIEWER)
    if preview.triage_changes and not triage_confirmed:
        raise PublishRefused(
            f"{len(preview.triage_changes)} answer set(s) get different safety advice. "
            "Check them and tick the confirmation to publish."
        )


def knowledge_publish(
    *,
    user,
    note: str,
    triage_confirmed: bool,
    preview: DraftPreview | None = None,
    progress: Progress = _no_progress,
) -> Publication:
    """Make every waiting draft live together, record the version, and rebuild the index."""
    if not user_may_publish(user):
        raise PublishRefused(NOT_A_PUBLISHER)
    drafts = list(DraftChange.objects.all())
    if not drafts:
        raise PublishRefused("There are no changes waiting to be published.")
    if preview is None:
        progress(10, "Trying the changes on shoppers' answers")
        preview = draft_preview()
    knowledge_publish_check(user=user, note=note, triage_confirmed=triage_confirmed, preview=preview)
    progress(40, "Writing the changes and keeping the version")
    with transaction.atomic():
        baseline_ensure()
        before = knowledge_rows()
        drafts_apply(drafts)
        after = knowledge_rows()
        _safety_check(user=user, changes=safety_changes(before, after), confirmed=triage_confirmed, what="This publish")
        changes = rows_diff(before, after)
        publication = version_record(
            kind=PublicationKind.PUBLISH, user=user, note=note.strip(), changes=changes, effects=preview.summary()
        )
        DraftChange.objects.filter(pk__in=[draft.pk for draft in drafts]).delete()
    progress(75, "Rebuilding the recommendations shoppers get")
    index_rebuild_now()
    logger.info("Knowledge base published by %s: %d change(s).", publication.published_by_name, len(changes))
    return publication


@dataclass(frozen=True)
class RestorePreview:
    """What restoring a version would change: every row, one sentence each, and those that are safety advice."""

    changes: list[str]
    safety_changes: list[str]


def restore_preview(*, publication: Publication) -> RestorePreview:
    """Say what restoring this version would change, comparing its kept rows with what is live (nothing written)."""
    if publication.revision_id is None:
        return RestorePreview(changes=[], safety_changes=[])
    before = knowledge_rows()
    after = version_restore_rows(publication=publication, before=before)
    return RestorePreview(changes=rows_diff(before, after), safety_changes=safety_changes(before, after))


def knowledge_restore_check(*, publication: Publication, user) -> None:
    """Raise PublishRefused, in plain words, when this user cannot restore this version at all."""
    if not user_may_publish(user):
        raise PublishRefused(NOT_A_PUBLISHER)
    if publication.revision_id is None:
        raise PublishRefused("This version's contents were not kept, so it cannot be restored.")


def knowledge_restore(
    *, publication: Publication, user, safety_confirmed: bool = False, progress: Progress = _no_progress
) -> Publication:
    """Put back an earlier published version, record it as a new version, and rebuild the index."""
    knowledge_restore_check(publication=publication, user=user)
    progress(10, "Putting back the version and keeping the restore as a new version")
    with transaction.atomic():
        before = knowledge_rows()
        restored = version_restore(publication=publication, user=user)
        changes = safety_changes(before, knowledge_rows())
        _safety_check(user=user, changes=changes, confirmed=safety_confirmed, what="This restore")
    progress(75, "Rebuilding the recommendations shoppers get")
    index_rebuild_now()
    return restored
