"""Every published version of the knowledge base, kept whole so that any of them can be restored.

django-reversion stores each publish as one revision holding every knowledge row
(with who, when and a note), which is exactly a version staff can name and go
back to; see the README's Staff section for why it was chosen over per-row history.
"""

import json
from collections.abc import Callable

import reversion
from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.db.models.functions import Lower
from reversion.models import Revision

from guides.drafts import SKIPPED_FIELDS, rows_diff, rows_serialize
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


def _history_objects(model: type[models.Model]) -> models.QuerySet:
    """Return a model's rows in pk order, with what serializing and naming them reads fetched up front."""
    related = [field.name for field in model._meta.concrete_fields if field.is_relation]
    linked = [field.name for field in model._meta.many_to_many]
    return model.objects.order_by("pk").select_related(*related).prefetch_related(*linked)


def knowledge_rows() -> list[dict]:
    """Return every knowledge row a version holds, serialized."""
    objects = []
    for model in HISTORY_MODELS:
        objects.extend(_history_objects(model))
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
            for obj in _history_objects(model):
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


def _versions_by_model(publication: Publication) -> dict[type, list]:
    """Return the rows a version keeps, by model, in the order a restore writes them."""
    by_model: dict[type, list] = {}
    for version in publication.revision.version_set.select_related("content_type"):
        by_model.setdefault(version.content_type.model_class(), []).append(version)
    return by_model


def _live_targets(by_model: dict[type, list]) -> dict[type, list[int]]:
    """Return, for each model outside the history that kept rows point at, the ids that exist, in its own order."""
    wanted: dict[type, set[int]] = {}
    for versions in by_model.values():
        for version in versions:
            obj = version._object_version.object
            for field in obj._meta.concrete_fields:
                value = getattr(obj, field.attname) if field.is_relation else None
                if value is not None and field.related_model not in HISTORY_MODELS:
                    wanted.setdefault(field.related_model, set()).add(value)
            for field in obj._meta.many_to_many:
                stored = (version._object_version.m2m_data or {}).get(field.name, ())
                wanted.setdefault(field.related_model, set()).update(stored)
    return {
        model: list(model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
        for model, ids in wanted.items()
    }


def _kept_row(version, *, links: dict[str, list[int]]) -> dict:
    """Return a kept row as knowledge_rows() reads it once written back: its stored fields, then its links."""
    obj = version._object_version.object
    own = [field.name for field in obj._meta.concrete_fields if not field.primary_key]
    [row] = json.loads(serializers.serialize("json", [obj], fields=own, cls=DjangoJSONEncoder))
    row["fields"].update(links)
    return row


Key = Callable[[dict], tuple | None]


def _unique_keys(model: type[models.Model]) -> list[Key]:
    """Return the model's uniqueness rules as functions of a row's fields (None: the rule does not bind the row)."""

    def key_of(parts: list[tuple[str, bool]]) -> Key:
        def key(fields: dict) -> tuple | None:
            values = []
            for name, lower in parts:
                value = fields.get(name)
                if value is None:
                    return None
                values.append(value.lower() if lower and isinstance(value, str) else value)
            return tuple(values)

        return key

    rules = [[(field.name, False)] for field in model._meta.concrete_fields if field.unique and not field.primary_key]
    rules += [[(name, False) for name in names] for names in model._meta.unique_together]
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or constraint.condition is not None:
            continue
        if constraint.fields:
            rules.append([(name, False) for name in constraint.fields])
        elif all(isinstance(part, F | Lower) for part in constraint.expressions):
            rules.append(
                [
                    (part.name, False) if isinstance(part, F) else (part.source_expressions[0].name, True)
                    for part in constraint.expressions
                ]
            )
    return [key_of(parts) for parts in rules]


class _Rows:
    """One model's rows while a restore is worked out, indexed by each of its uniqueness rules."""

    def __init__(self, model: type[models.Model], rows: dict[int, dict]):
        self.rows = rows
        self.keys = _unique_keys(model)
        self.taken: list[dict[tuple, set[int]]] = [{} for _key in self.keys]
        for row in rows.values():
            self._index(row, add=True)

    def _index(self, row: dict, *, add: bool) -> None:
        for key, taken in zip(self.keys, self.taken, strict=True):
            value = key(row["fields"])
            if value is None:
                continue
            holders = taken.setdefault(value, set())
            holders.add(row["pk"]) if add else holders.discard(row["pk"])

    def clashes(self, row: dict) -> bool:
        """Whether writing the row would break a uniqueness rule against another row."""
        for key, taken in zip(self.keys, self.taken, strict=True):
            value = key(row["fields"])
            if value is not None and taken.get(value, set()) - {row["pk"]}:
                return True
        return False

    def put(self, row: dict) -> None:
        """Write the row, in place of the row with its id if there is one."""
        if row["pk"] in self.rows:
            self._index(self.rows[row["pk"]], add=False)
        self.rows[row["pk"]] = row
        self._index(row, add=True)


def version_restore_rows(*, publication: Publication, before: list[dict]) -> list[dict]:
    """Return the knowledge rows as restoring this version would leave them, worked out without writing anything.

    It follows version_restore() step by step on the rows `before` (knowledge_rows() now): rows added
    since are hidden or removed, then each kept row is put back unless something it points at is gone
    or it would break a uniqueness rule, where the restore skips it too.
    """
    by_model = _versions_by_model(publication)
    found = _live_targets(by_model)
    targets = {model: set(ids) for model, ids in found.items()}
    order = {model: {pk: place for place, pk in enumerate(ids)} for model, ids in found.items()}
    state: dict[str, dict[int, dict]] = {model._meta.label_lower: {} for model in HISTORY_MODELS}
    for row in before:
        state[row["model"]][row["pk"]] = row
    for model in reversed(HISTORY_MODELS):
        rows = state[model._meta.label_lower]
        keep = {int(version.object_id) for version in by_model.get(model, [])}
        for pk in [pk for pk in rows if pk not in keep]:
            if model in HIDE_INSTEAD_OF_DELETE:
                rows[pk] = {**rows[pk], "fields": {**rows[pk]["fields"], **HIDE_INSTEAD_OF_DELETE[model]}}
            elif model not in KEEP_WHEN_MISSING:
                del rows[pk]
    for model in HISTORY_MODELS:
        rows = _Rows(model, state[model._meta.label_lower])
        for version in by_model.get(model, []):
            obj = version._object_version.object
            if not _targets_exist(obj, state=state, targets=targets):
                continue
            links = _kept_links(version, live=rows.rows.get(obj.pk), state=state, targets=targets, order=order)
            row = _kept_row(version, links=links)
            if not rows.clashes(row):
                rows.put(row)
    return [row for model in HISTORY_MODELS for _pk, row in sorted(state[model._meta.label_lower].items())]


def _exists(model: type[models.Model], pk, *, state: dict, targets: dict) -> bool:
    if model in HISTORY_MODELS:
        return pk in state[model._meta.label_lower]
    return pk in targets.get(model, ())


def _targets_exist(obj: models.Model, *, state: dict, targets: dict) -> bool:
    """Whether everything a kept row points at is there (else the restore skips the row)."""
    return all(
        _exists(field.related_model, getattr(obj, field.attname), state=state, targets=targets)
        for field in obj._meta.concrete_fields
        if field.is_relation and getattr(obj, field.attname) is not None
    )


def _kept_links(version, *, live: dict | None, state: dict, targets: dict, order: dict) -> dict[str, list[int]]:
    """Return a kept row's many-to-many links as they read once written back: those there, in their model's order."""
    obj = version._object_version.object
    stored = version._object_version.m2m_data or {}
    links = {}
    for field in obj._meta.many_to_many:
        if field.name not in stored:  # kept before the field existed: the restore leaves the links alone
            links[field.name] = live["fields"].get(field.name, []) if live else []
            continue
        there = {pk for pk in stored[field.name] if _exists(field.related_model, pk, state=state, targets=targets)}
        place = order.get(field.related_model, {})
        links[field.name] = sorted(there, key=lambda pk, place=place: (pk not in place, place.get(pk, 0), pk))
    return links


@transaction.atomic
def version_restore(*, publication: Publication, user) -> Publication:
    """Put the knowledge base back as it was in a published version; record the restore as a new version.

    Only rows that differ from what is live are written, so restoring a version one change away saves one row.
    """
    before = knowledge_rows()
    live = {(row["model"], row["pk"]): row for row in before}
    by_model = _versions_by_model(publication)
    for model in reversed(HISTORY_MODELS):
        keep = [int(version.object_id) for version in by_model.get(model, [])]
        extra = model.objects.exclude(pk__in=keep)
        if model in HIDE_INSTEAD_OF_DELETE:
            hidden = HIDE_INSTEAD_OF_DELETE[model]
            for obj in extra.exclude(**hidden):
                for name, value in hidden.items():
                    setattr(obj, name, value)
                obj.save()
        elif model not in KEEP_WHEN_MISSING:
            extra.delete()
    for model in HISTORY_MODELS:
        for version in by_model.get(model, []):
            _version_revert(version, live=live)
    changes = rows_diff(before, knowledge_rows())
    note = f"Restored the version of {publication.published_at:%d %b %Y, %H:%M}" + (
        f" (“{publication.note}”)." if publication.note else "."
    )
    return version_record(kind=PublicationKind.RESTORE, user=user, note=note, changes=changes)


def _version_revert(version, *, live: dict) -> None:
    """Write one stored row back unless it is what is live, or something it points at (a product) is gone."""
    obj = version._object_version.object
    stored = version._object_version.m2m_data or {}
    now = live.get((obj._meta.label_lower, obj.pk))
    if now is not None and _same_row(now, _kept_row(version, links=stored), links=stored):
        return
    for field in obj._meta.concrete_fields:
        if field.is_relation and getattr(obj, field.attname) is not None:
            target = apps.get_model(field.related_model._meta.label)
            if not target.objects.filter(pk=getattr(obj, field.attname)).exists():
                return
    try:
        with transaction.atomic():
            obj.save()
            for name, values in stored.items():
                related = obj._meta.get_field(name).related_model
                getattr(obj, name).set(related._default_manager.filter(pk__in=values).values_list("pk", flat=True))
    except IntegrityError:
        return


def _same_row(live: dict, kept: dict, *, links) -> bool:
    """Whether a kept row says what the live row says: its links compared as sets, its timestamps aside."""

    def content(row: dict) -> dict:
        return {
            name: set(value) if name in links else value
            for name, value in row["fields"].items()
            if name not in SKIPPED_FIELDS
        }

    return content(live) == content(kept)
