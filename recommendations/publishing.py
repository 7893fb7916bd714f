"""Publish the waiting drafts, or restore an earlier version, and rebuild the index shoppers are served from."""

import logging

from django.db import transaction

from guides.drafts import drafts_apply, rows_diff
from guides.history import baseline_ensure, knowledge_rows, version_record, version_restore
from guides.models import DraftChange, Publication, PublicationKind
from recommendations.drafts_preview import DraftPreview, draft_preview
from recommendations.index.build import index_rebuild
from recommendations.index.requests import index_rebuild_request
from recommendations.index.store import IndexBusy

logger = logging.getLogger(__name__)


class PublishRefused(ValueError):
    """The drafts cannot be published as asked; the message says why, in plain words."""


def index_rebuild_now() -> None:
    """Rebuild the index at once; when another rebuild is running, queue one to follow it."""
    try:
        index_rebuild(force=True)
    except IndexBusy:
        with transaction.atomic():
            index_rebuild_request()


def knowledge_publish(*, user, note: str, triage_confirmed: bool, preview: DraftPreview | None = None) -> Publication:
    """Make every waiting draft live together, record the version, and rebuild the index."""
    drafts = list(DraftChange.objects.all())
    if not drafts:
        raise PublishRefused("There are no changes waiting to be published.")
    if not note.strip():
        raise PublishRefused("Write a short note saying why: it is kept with the version.")
    preview = preview or draft_preview()
    if preview.triage_changes and not triage_confirmed:
        raise PublishRefused(
            f"{len(preview.triage_changes)} answer set(s) get different safety advice. "
            "Check them and tick the confirmation to publish."
        )
    with transaction.atomic():
        baseline_ensure()
        before = knowledge_rows()
        drafts_apply(drafts)
        changes = rows_diff(before, knowledge_rows())
        publication = version_record(
            kind=PublicationKind.PUBLISH, user=user, note=note.strip(), changes=changes, effects=preview.summary()
        )
        DraftChange.objects.filter(pk__in=[draft.pk for draft in drafts]).delete()
    index_rebuild_now()
    logger.info("Knowledge base published by %s: %d change(s).", publication.published_by_name, len(changes))
    return publication


def knowledge_restore(*, publication: Publication, user) -> Publication:
    """Put back an earlier published version, record it as a new version, and rebuild the index."""
    if publication.revision_id is None:
        raise PublishRefused("This version's contents were not kept, so it cannot be restored.")
    restored = version_restore(publication=publication, user=user)
    index_rebuild_now()
    return restored
