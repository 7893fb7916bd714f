"""What the knowledge-base files say, as checked, immutable entries ready to write."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class BodyAreaEntry:
    """A body area, listed in taxonomy order."""

    slug: str
    name: str


@dataclass(frozen=True)
class ApproachEntry:
    """A treatment approach, listed in taxonomy order."""

    slug: str
    name: str
    description: str
    has_products: bool


@dataclass(frozen=True)
class SymptomEntry:
    """A symptom, felt in one body area or (None) wherever the problem is."""

    slug: str
    name: str
    body_area: str | None
    base_rate: float | None = None  # facts about the person (age): share of all shoppers; None for symptoms


@dataclass(frozen=True)
class TreatmentEntry:
    """An approach that helps a condition in one phase."""

    approach: str
    phase: str
    weight: float
    rationale: str


@dataclass(frozen=True)
class CurationEntry:
    """A staff decision about one product for one condition."""

    product: str
    action: str
    boost: float
    phase: str
    note: str
    position: int


@dataclass(frozen=True)
class GuideEntry:
    """A condition, how it shows and what helps, with its article: one Markdown file."""

    slug: str
    name: str
    summary: str
    prior: float
    published: bool
    body_areas: tuple[str, ...]
    symptoms: tuple[tuple[str, float], ...]
    treatments: tuple[TreatmentEntry, ...]
    curation: tuple[CurationEntry, ...]
    title: str
    seo_title: str
    seo_description: str
    reviewed_on: datetime.date | None
    sections: tuple[tuple[str, str], ...]  # (Article field, Markdown), in Article.SECTIONS order
    defining: tuple[str, ...] = ()  # symptom slugs that must be confirmed before the condition is "likely"


@dataclass(frozen=True)
class ProductUseEntry:
    """How one catalogue product serves approaches and body areas."""

    product: str
    approaches: tuple[tuple[str, float], ...]
    body_areas: tuple[str, ...]
    only_for: tuple[str, ...] = ()  # condition slugs: a specialised product is recommended for these alone


@dataclass(frozen=True)
class OptionEntry:
    """One answer to a question, and the evidence or red flag it gives."""

    slug: str
    label: str
    body_area: str | None
    symptoms_present: tuple[str, ...]
    symptoms_absent: tuple[str, ...]
    red_flag: str
    red_flag_message: str
    withhold_products: bool = False  # a see_doctor red flag serious enough to show no products


@dataclass(frozen=True)
class QuestionEntry:
    """A question of the symptom check, with its options in order."""

    slug: str
    text: str
    help_text: str
    stage: int
    position: int
    allows_multiple: bool
    body_areas: tuple[str, ...]
    options: tuple[OptionEntry, ...]
    concern: str = ""  # safety questions: what "Not sure" leaves open
    offers_not_sure: bool = True  # False for a question everyone can answer (how old you are)


@dataclass(frozen=True)
class RuleClauseEntry:
    """An answer a red-flag rule needs: `question` answered with one of `answers`, or any of `any_of` met."""

    question: str = ""
    answers: tuple[str, ...] = ()
    any_of: tuple["RuleClauseEntry", ...] = ()

    def as_data(self) -> dict:
        """The clause as stored in the database (RedFlagRule.when)."""
        if self.any_of:
            return {"any_of": [clause.as_data() for clause in self.any_of]}
        return {"question": self.question, "answers": list(self.answers)}


@dataclass(frozen=True)
class RedFlagRuleEntry:
    """A warning sign from red_flags.yaml: where and at what age, the answers that show it, level, message, why."""

    slug: str
    sign: str
    regions: tuple[str, ...]  # body area slugs; empty for anywhere
    ages: tuple[str, ...]  # options of the age question; empty for any age
    when: tuple[RuleClauseEntry, ...]
    level: str
    message: str
    source: str
    reason: str
    withhold_products: bool = False
    watch_out: str = ""


@dataclass(frozen=True)
class KnowledgeContent:
    """Everything the files say, checked and ready to write."""

    body_areas: tuple[BodyAreaEntry, ...]
    approaches: tuple[ApproachEntry, ...]
    symptoms: tuple[SymptomEntry, ...]
    guides: tuple[GuideEntry, ...]
    product_uses: tuple[ProductUseEntry, ...]
    questions: tuple[QuestionEntry, ...]
    red_flag_rules: tuple[RedFlagRuleEntry, ...] = ()
    age_question: str = ""  # the question whose options red-flag rules name as ages
