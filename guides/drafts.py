"""Drafts of knowledge-base edits: capture an admin save without keeping it, describe it, apply it later.

A draft holds the edited object and its inline rows as they will be (Django's
serializer format), plus the ids of the rows that existed when it was saved, so
that applying it deletes only rows the editor removed and inserts the ones the
editor added, leaving alone rows somebody added directly since.
"""

import json
from dataclasses import dataclass

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from guides.models import DraftChange
from guides.wording import field_label, value_words


@dataclass(frozen=True)
class Draftable:
    """What a draft of one kind of object holds: the object's own fields or not, and which inline rows.

    `hide_field` is the flag that keeps a new object from shoppers until a publish shows it.
    """

    children: tuple[str, ...] = ()
    keeps_object: bool = True
    hide_field: str = ""


DRAFTABLE = {
    "guides.condition": Draftable(children=("symptom_links", "treatments", "curations"), hide_field="is_published"),
    "guides.article": Draftable(hide_field="is_published"),
    "guides.question": Draftable(children=("options",), hide_field="is_active"),
    "guides.symptom": Draftable(),
    "guides.treatmentapproach": Draftable(),
    # A product's own details (price, stock) always go live at once; only what it is for is drafted.
    "catalog.product": Draftable(children=("approach_links", "body_area_links", "fit_links"), keeps_object=False),
}


def draftable_of(obj: models.Model) -> Draftable | None:
    """Return how drafts of this object work, or None when it cannot be drafted."""
    return DRAFTABLE.get(obj._meta.label_lower)


def object_rows(obj: models.Model) -> list[dict]:
    """Return the draftable rows of an object (itself, then its inline rows) as plain JSON data."""
    kind = DRAFTABLE[obj._meta.label_lower]
    objects = [obj] if kind.keeps_object else []
    for accessor in kind.children:
        objects.extend(getattr(obj, accessor).order_by("pk"))
    return rows_serialize(objects)


def rows_serialize(objects) -> list[dict]:
    """Serialize model instances to JSON-safe dicts (Django's serializer format)."""
    return json.loads(serializers.serialize("json", objects, cls=DjangoJSONEncoder))


def _known_ids(rows: list[dict]) -> dict[str, list[int]]:
    known: dict[str, list[int]] = {}
    for row in rows:
        known.setdefault(row["model"], []).append(row["pk"])
    return known


def draft_save(*, obj: models.Model, before: list[dict], after: list[dict], user) -> DraftChange:
    """Keep an edit as a draft (replacing an earlier draft of the same object)."""
    changes = rows_diff(before, after)
    draft, _created = DraftChange.objects.update_or_create(
        model=obj._meta.label_lower,
        object_id=obj.pk,
        defaults={
            "label": f"{obj._meta.verbose_name.capitalize()}: {obj}",
            "rows": after,
            "known_ids": _known_ids(before),
            "changes": changes or ["No change from what is live."],
            "created_by": user,
            "created_by_name": user.get_full_name() or user.get_username(),
        },
    )
    return draft


def draft_for(obj: models.Model) -> DraftChange | None:
    """Return the draft waiting for this object, if any."""
    return DraftChange.objects.filter(model=obj._meta.label_lower, object_id=obj.pk).first()


@transaction.atomic
def drafts_apply(drafts=None) -> None:
    """Write drafts into the knowledge base (every waiting draft when none are given)."""
    for draft in drafts if drafts is not None else DraftChange.objects.all():
        _draft_apply(draft)


def draft_write_for_editing(draft: DraftChange) -> None:
    """Write a draft over what is live so the admin form shows and saves it; call inside a transaction rolled back.

    Rows the draft adds keep the ids the draft gave them, so a form showing them can be posted again;
    an id taken meanwhile by a row added directly gets a fresh one.
    """
    _draft_apply(draft, keep_new_ids=True)


def _draft_apply(draft: DraftChange, *, keep_new_ids: bool = False) -> None:
    model = apps.get_model(draft.model)
    root = model.objects.filter(pk=draft.object_id).first()
    if root is None:
        return  # deleted since: nothing to apply to
    kept = {(row["model"], row["pk"]) for row in draft.rows}
    kind = DRAFTABLE[draft.model]
    for accessor in kind.children:
        related = getattr(root, accessor)
        label = related.model._meta.label_lower
        gone = [pk for pk in draft.known_ids.get(label, []) if (label, pk) not in kept]
        related.filter(pk__in=gone).delete()
    for row in draft.rows:
        new = row["pk"] not in draft.known_ids.get(row["model"], [])
        _row_write(row, new=new, keep_id=keep_new_ids)


def _row_write(row: dict, *, new: bool, keep_id: bool = False) -> None:
    """Save one serialized row as a normal save (signals fire), inserting afresh when the draft added it."""
    [loaded] = serializers.deserialize("python", [row], ignorenonexistent=True)
    obj = loaded.object
    if new and not (keep_id and not type(obj).objects.filter(pk=obj.pk).exists()):
        obj.pk = None
    obj.save(force_insert=new)
    for name, values in (loaded.m2m_data or {}).items():
        getattr(obj, name).set(values)


def _instance(row: dict) -> models.Model:
    [loaded] = serializers.deserialize("python", [row], ignorenonexistent=True)
    obj = loaded.object
    obj._draft_m2m = loaded.m2m_data or {}
    return obj


def _field_words(obj: models.Model, field: models.Field) -> str:
    if field.many_to_many:
        ids = obj._draft_m2m.get(field.name, [])
        return ", ".join(str(o) for o in field.related_model.objects.filter(pk__in=ids)) or "none"
    if field.is_relation:
        target = getattr(obj, field.name, None)
        return str(target) if target is not None else "none"
    return value_words(field, getattr(obj, field.attname))


def row_name(obj: models.Model) -> str:
    """Name a row without the figures its own text may carry, e.g. “Runner's knee – Stretching (Long-term)”."""
    text = str(obj)
    return text.rsplit(" (", 1)[0] if text.endswith("%)") else text


SKIPPED_FIELDS = {"created_at", "updated_at"}


def rows_diff(before: list[dict], after: list[dict]) -> list[str]:
    """Say, one sentence a line, how the rows after differ from the rows before."""
    old = {(row["model"], row["pk"]): row for row in before}
    new = {(row["model"], row["pk"]): row for row in after}
    lines = []
    for key, row in new.items():
        obj = _instance(row)
        noun = obj._meta.verbose_name
        if key not in old:
            lines.append(f"Added {noun} “{row_name(obj)}”.")
            continue
        if old[key]["fields"] == row["fields"]:
            continue
        was = _instance(old[key])
        for field in obj._meta.get_fields():
            if not getattr(field, "concrete", False) or field.primary_key or field.name in SKIPPED_FIELDS:
                continue
            if old[key]["fields"].get(field.name) == row["fields"].get(field.name):
                continue
            label = field_label(field)
            lines.append(f"{row_name(obj)}: {label} {_field_words(was, field)} → {_field_words(obj, field)}.")
    for key, row in old.items():
        if key not in new:
            obj = _instance(row)
            lines.append(f"Removed {obj._meta.verbose_name} “{row_name(obj)}”.")
    return lines
