"""Every published version of the knowledge base, kept whole so that any of them can be restored.

django-reversion stores each publish as one revision holding every knowledge row
(with who, when and a note), which is exactly a version staff can name and go
back to; see the README's Staff section for why it was chosen over per-row history.
"""

import reversion
from django.apps import apps
from django.db import IntegrityError, transaction
from reversion.models import Revision

from guides.drafts import rows_diff, rows_serialize
from guides.models import (
    AnswerOption,
    Article,
    Condition,
    ConditionSymptom,
    ConditionTreatment,
    CuratedProduct,
    ProductApproach,
    ProductBodyArea,
    ProductFit,
    Publication,
    PublicationKind,
    Question,
    Symptom,
    TreatmentApproach,
)

# Objects before the rows that point at them: restoring writes in this order.
HISTORY_MODELS = [
    TreatmentApproach,
    Symptom,
    Condition,
    Article,
    Question,
    ConditionSymptom,
    ConditionTreatment,
    CuratedProduct,
    AnswerOption,
    ProductApproach,
    ProductBodyArea,
    ProductFit,
]
# Whole objects are never deleted by a restore (a condition's guide would go with it): they are hidden.
HIDE_INSTEAD_OF_DELETE = {Condition: {"is_published": False}, Question: {"is_active": False}}
# Guides joined the versions later: a version kept before then leaves today's guides as they are.
KEEP_WHEN_MISSING = {TreatmentApproach, Symptom, Article}


def history_register() -> None:
    """Register the knowledge-base models with django-reversion (called once from the app's ready())."""
    for model in HISTORY_MODELS:
        if not reversion.is_registered(model):
            reversion.register(model)


def knowledge_rows() -> list[dict]:
    """Return every knowledge row a version holds, serialized."""
    objects = []
    for model in HISTORY_MODELS:
        objects.extend(model.objects.order_by("pk"))
    return rows_serialize(objects)


def user_name(user) -> str:
    """Return the name staff know a login by."""
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def version_record(*, kind: str, user, note: str, changes: list[str], effects: dict | None = None) -> Publication:
    """Record the knowledge base as it stands now as a published version."""
    with reversion.create_revision(manage_manually=True):
        reversion.set_user(user)
        reversion.set_comment(note)
        for model in HISTORY_MODELS:
            for obj in model.objects.order_by("pk"):
                reversion.add_to_revision(obj)
    revision = Revision.objects.order_by("-pk").first()
    return Publication.objects.create(
        kind=kind,
        published_by=user,
        published_by_name=user_name(user),
        note=note,
        changes=changes,
        effects=effects or {},
        revision=revision,
    )


def baseline_ensure() -> None:
    """Before the first publish, keep the knowledge base as it was, so a publish can always be undone."""
    if not Publication.objects.exists():
        version_record(
            kind=PublicationKind.BASELINE,
            user=None,
            note="The knowledge base as it was before the first publish.",
            changes=[],
        )


@transaction.atomic
def version_restore(*, publication: Publication, user) -> Publication:
    """Put the knowledge base back as it was in a published version; record the restore as a new version."""
    before = knowledge_rows()
    versions = list(publication.revision.version_set.select_related("content_type"))
    by_model: dict[type, list] = {}
    for version in versions:
        by_model.setdefault(version.content_type.model_class(), []).append(version)
    for model in reversed(HISTORY_MODELS):
        keep = [int(version.object_id) for version in by_model.get(model, [])]
        extra = model.objects.exclude(pk__in=keep)
        if model in HIDE_INSTEAD_OF_DELETE:
            for obj in extra:
                for name, value in HIDE_INSTEAD_OF_DELETE[model].items():
                    setattr(obj, name, value)
                obj.save()
        elif model not in KEEP_WHEN_MISSING:
            extra.delete()
    for model in HISTORY_MODELS:
        for version in by_model.get(model, []):
            _version_revert(version)
    changes = rows_diff(before, knowledge_rows())
    note = f"Restored the version of {publication.published_at:%d %b %Y, %H:%M}" + (
        f" (“{publication.note}”)." if publication.note else "."
    )
    return version_record(kind=PublicationKind.RESTORE, user=user, note=note, changes=changes)


def _version_revert(version) -> None:
    """Write one stored row back, skipping it when something it points at (a product) is gone."""
    obj = version._object_version.object
    for field in obj._meta.concrete_fields:
        if field.is_relation and getattr(obj, field.attname) is not None:
            target = apps.get_model(field.related_model._meta.label)
            if not target.objects.filter(pk=getattr(obj, field.attname)).exists():
                return
    try:
        with transaction.atomic():
            obj.save()
            for name, values in (version._object_version.m2m_data or {}).items():
                getattr(obj, name).set(values)
    except IntegrityError:
        return
