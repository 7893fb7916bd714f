"""The knowledge base staff edit: conditions and guides, the questionnaire, what products are for."""

from guides.models.conditions import (
    PRODUCT_MENTION,
    UNIT_INTERVAL,
    Article,
    BodyArea,
    Condition,
    ConditionSymptom,
    ConditionTreatment,
    Phase,
    Symptom,
    TreatmentApproach,
    unit_interval_constraint,
)
from guides.models.drafts import (
    DraftChange,
    Publication,
    PublicationKind,
    PublishingJob,
    PublishingJobKind,
    PublishingJobStatus,
)
from guides.models.products import CuratedProduct, CurationAction, ProductApproach, ProductBodyArea, ProductFit
from guides.models.questionnaire import AnswerOption, Question, QuestionStage, RedFlag, RedFlagRule

__all__ = [
    "PRODUCT_MENTION",
    "UNIT_INTERVAL",
    "AnswerOption",
    "Article",
    "BodyArea",
    "Condition",
    "ConditionSymptom",
    "ConditionTreatment",
    "CuratedProduct",
    "CurationAction",
    "DraftChange",
    "Phase",
    "ProductApproach",
    "ProductBodyArea",
    "ProductFit",
    "Publication",
    "PublicationKind",
    "PublishingJob",
    "PublishingJobKind",
    "PublishingJobStatus",
    "Question",
    "QuestionStage",
    "RedFlag",
    "RedFlagRule",
    "Symptom",
    "TreatmentApproach",
    "unit_interval_constraint",
]
