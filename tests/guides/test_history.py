"""Published versions: what restoring one would change is worked out from its kept rows, and matches the restore."""

import pytest
from django.db import transaction

from catalog.models import Product
from guides.history import baseline_ensure, knowledge_rows, version_record, version_restore
from guides.models import (
    AnswerOption,
    Article,
    Condition,
    ConditionSymptom,
    ConditionTreatment,
    CuratedProduct,
    Publication,
    PublicationKind,
    Question,
    Symptom,
)
from guides.safety import safety_changes
from recommendations.index.store import requested_generation
from recommendations.publishing import restore_preview

pytestmark = pytest.mark.django_db


def _restored_for_real(publication: Publication) -> tuple[list[str], list[str]]:
    """Restore the version and roll it back: what the restore itself says it changed."""
    with transaction.atomic():
        before = knowledge_rows()
        restored = version_restore(publication=publication, user=None)
        result = restored.changes, safety_changes(before, knowledge_rows())
        transaction.set_rollback(True)
    return result


def _edit_the_knowledge_base():
    """Change one of each kind of thing a version keeps, then publish it as a version."""
    treatment = ConditionTreatment.objects.filter(condition__slug="runners-knee").order_by("pk").first()
    treatment.weight = 0
    treatment.save()
    ConditionSymptom.objects.filter(condition__slug="runners-knee").order_by("pk").first().delete()
    Condition.objects.create(
        name="Audit elbow", slug="audit-elbow", summary="A test condition.", prior=0.05, is_published=True
    )
    question = Question.objects.filter(stage=20).order_by("pk").first()
    question.concern = "a softer concern"
    question.save()
    option = AnswerOption.objects.filter(question__stage=30).order_by("pk").first()
    option.symptoms_present.add(*Symptom.objects.exclude(pk__in=option.symptoms_present.all()).order_by("pk")[:2])
    AnswerOption.objects.create(question=option.question, slug="audit-new", label="Audit option", position=99)
    article = Article.objects.order_by("pk").first()
    article.overview = "Shorter."
    article.save()
    CuratedProduct.objects.create(
        condition=treatment.condition, product=Product.objects.order_by("pk").last(), action="exclude", note="No."
    )
    version_record(kind=PublicationKind.PUBLISH, user=None, note="Audit", changes=[])


def test_the_restore_page_says_what_the_restore_does_without_writing_anything(demo):
    baseline_ensure()
    baseline = Publication.objects.get(kind=PublicationKind.BASELINE)
    _edit_the_knowledge_base()
    generation, versions, live = requested_generation(), Publication.objects.count(), knowledge_rows()

    preview = restore_preview(publication=baseline)

    assert (requested_generation(), Publication.objects.count(), knowledge_rows()) == (generation, versions, live)
    changes, safety = _restored_for_real(baseline)
    assert preview.changes == changes
    assert preview.safety_changes == safety
    assert any("how much it helps 0/100 (none) →" in line for line in preview.changes)
    assert any(line.startswith("Removed answer option “") for line in preview.changes)
    assert any(line.startswith("Audit elbow: ") and "yes → no" in line for line in preview.changes)  # hidden
    assert any("a softer concern" in line for line in preview.safety_changes)


def test_restoring_the_version_that_is_live_changes_nothing_and_writes_no_row(demo):
    baseline_ensure()
    latest = Publication.objects.get()

    preview = restore_preview(publication=latest)
    generation = requested_generation()
    with transaction.atomic():
        restored = version_restore(publication=latest, user=None)

    assert preview.changes == restored.changes == []
    assert requested_generation() == generation  # no row written, so no index rebuild asked for
