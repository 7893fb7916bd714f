"""Plain, frozen data the engine works on; built from the database by the index builder."""

from dataclasses import dataclass, field
from functools import cached_property

from guides.vocabulary import (  # noqa: F401 - re-exported for the engine's modules
    IMMEDIATE,
    INCOMPLETE,
    LONG_TERM,
    MATCH_LIKELY,
    MATCH_NONE,
    MATCH_NOT_COVERED,
    MATCH_PENDING,
    MATCH_POSSIBLE,
    NOT_SURE,
    NOT_SURE_LABEL,
    PHASE_LABELS,
    PHASE_PHRASES,
    PHASES,
    SEE_DOCTOR,
    SELF_CARE,
    STAGE_SAFETY,
    STAGE_SYMPTOMS,
    STAGE_WHERE,
    TRIAGE_ORDER,
    URGENT,
)


@dataclass(frozen=True, slots=True)
class ProductInfo:
    """A product as the engine and a product card need it."""

    id: int
    slug: str
    name: str
    price: str
    currency: str
    in_stock: bool
    url: str
    image_url: str | None = None
    image_srcset: str = ""  # the picture's smaller copies for a card (catalog.images)
    short_description: str = ""
    strengths: tuple[tuple[str, float], ...] = ()
    body_areas: frozenset[str] = frozenset()
    popularity: float = 0.0
    is_active: bool = True
    # Condition slugs a specialised product is made for; empty when it suits any condition where it is used.
    only_for: frozenset[str] = frozenset()
    # Products of one family (sizes, packs, firmer or longer cuts of the same thing) count as one in lists.
    family: str = ""

    def strength(self, approach: str) -> float:
        """How well the product serves an approach, 0 when it does not."""
        for slug, value in self.strengths:
            if slug == approach:
                return value
        return 0.0


@dataclass(frozen=True, slots=True)
class Treatment:
    """An approach that helps a condition in one phase."""

    approach: str
    approach_name: str
    phase: str
    weight: float
    rationale: str
    has_products: bool = True


@dataclass(frozen=True, slots=True)
class Curation:
    """A staff pin, boost or exclusion of one product for one condition."""

    product: str
    action: str
    boost: float = 0.0
    phase: str = ""
    note: str = ""
    position: int = 0


@dataclass(frozen=True, slots=True)
class ConditionInfo:
    """A condition with what the engine needs to infer and rank for it."""

    slug: str
    name: str
    prior: float
    body_areas: frozenset[str] = frozenset()
    likelihoods: dict[str, float] = field(default_factory=dict)
    treatments: tuple[Treatment, ...] = ()
    curations: tuple[Curation, ...] = ()
    article_url: str | None = None
    summary: str = ""
    # Product slug -> what shoppers who bought it for this condition say (−1 no help .. 1 helped); a small prior.
    helpfulness: dict[str, float] = field(default_factory=dict)
    # Symptoms that set the condition apart: it is called "likely" only once each is confirmed present.
    defining: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class RankedProduct:
    """A product placed in one phase of a condition's list, with why."""

    slug: str
    phase: str
    score: float
    in_stock: bool
    pinned: bool = False
    pin_position: int = 0
    fallback: bool = False
    instead: bool = False  # an in-stock stand-in, shown because the phase's own picks are all out of stock
    approaches: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    note: str = ""  # staff's own words for a curated product, also the last of its reasons
    # The slug of the family member shown in this product's place: lists skip it, "helps with" keeps it.
    variant_of: str = ""

    def sort_key(self) -> tuple:
        """In stock first, then pinned (in pin order), then by score; the slug breaks ties."""
        return (not self.in_stock, not self.pinned, self.pin_position, -self.score, self.slug)


@dataclass(frozen=True, slots=True)
class ConditionRanking:
    """A condition's products, best first, in each phase."""

    condition: str
    phases: dict[str, tuple[RankedProduct, ...]]
    excluded: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class OptionInfo:
    """An answer option and the evidence it gives."""

    slug: str
    label: str
    present: frozenset[str] = frozenset()
    absent: frozenset[str] = frozenset()
    body_area: str | None = None
    red_flag: str = ""
    red_flag_message: str = ""
    withhold_products: bool = False  # a see-doctor flag serious enough to show no products

    @property
    def is_informative(self) -> bool:
        """Whether choosing this option says anything about symptoms."""
        return bool(self.present or self.absent)


NOT_SURE_OPTION = OptionInfo(slug=NOT_SURE, label=NOT_SURE_LABEL)


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    """A question of the symptom check; "Not sure" is always among its options."""

    slug: str
    text: str
    help_text: str = ""
    allows_multiple: bool = False
    stage: int = STAGE_SYMPTOMS
    position: int = 0
    body_areas: frozenset[str] = frozenset()
    options: tuple[OptionInfo, ...] = ()
    concern: str = ""  # safety questions: what "Not sure" leaves unexcluded, e.g. "a blood clot"
    offers_not_sure: bool = True  # False for a question everyone can answer (how old you are)

    @property
    def choices(self) -> tuple[OptionInfo, ...]:
        """The options shoppers see: the question's own, then "Not sure" where it is offered."""
        return (*self.options, NOT_SURE_OPTION) if self.offers_not_sure else self.options

    @property
    def is_safety(self) -> bool:
        """Whether the question asks about a red flag: it must be answered before any result."""
        return self.stage == STAGE_SAFETY

    def option(self, slug: str) -> OptionInfo | None:
        """Return the option with this slug, "Not sure" included."""
        if slug == NOT_SURE:
            return NOT_SURE_OPTION if self.offers_not_sure else None
        for option in self.options:
            if option.slug == slug:
                return option
        return None

    def applies_to(self, body_areas: frozenset[str]) -> bool:
        """Whether to ask this question of a shopper who reported these body areas."""
        return not self.body_areas or bool(self.body_areas & body_areas)


@dataclass(frozen=True, slots=True)
class RuleClause:
    """One answer a red-flag rule needs: the question answered with one of `options`, or any of `any_of` met."""

    question: str = ""
    options: frozenset[str] = frozenset()
    any_of: tuple["RuleClause", ...] = ()

    @property
    def questions(self) -> frozenset[str]:
        """The questions this clause reads."""
        if self.any_of:
            return frozenset().union(*(clause.questions for clause in self.any_of))
        return frozenset({self.question})


@dataclass(frozen=True, slots=True)
class RedFlagRuleInfo:
    """A warning sign as data: where (and at what age) it counts, the answers that show it, its level and message."""

    slug: str
    level: str
    message: str
    regions: frozenset[str] = frozenset()  # body areas it counts for; empty for anywhere
    when: tuple[RuleClause, ...] = ()  # all must hold; the age bands are one more clause
    withhold_products: bool = False
    watch_out: str = ""  # said when the first clause holds but the rule does not fire

    @property
    def questions(self) -> frozenset[str]:
        """The questions whose answers the rule reads."""
        return frozenset().union(*(clause.questions for clause in self.when))


@dataclass(frozen=True, slots=True)
class Source:
    """The answer a piece of evidence came from."""

    question: str
    question_text: str
    answer: str


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A safety answer that calls for a professional: a "yes", or a "not sure" that cannot be ruled out."""

    level: str
    message: str
    source: Source
    withhold_products: bool = False
    not_sure: bool = False
    rule: str = ""  # the red-flag rule's slug, when a rule raised it


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a shopper's answers say: symptoms present and absent, body areas, red flags."""

    answers: dict[str, tuple[OptionInfo, ...]]
    present: dict[str, Source]
    absent: dict[str, Source]
    body_areas: frozenset[str]
    red_flags: tuple[RedFlag, ...]
    # Facts about the person (age) among the evidence -> their share among all shoppers: neutral for "something else".
    base_rates: dict[str, float] = field(default_factory=dict)
    watch_outs: tuple[str, ...] = ()  # what to watch for after an injury whose warning signs were ruled out


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One answer that moved a condition's probability, and which way."""

    question: str
    question_text: str
    answer: str
    effect: str  # "for" or "against"
    weight: float


@dataclass(frozen=True, slots=True)
class ConditionResult:
    """A condition the answers point to, with how strongly and why."""

    slug: str
    name: str
    probability: float
    label: str
    article_url: str | None
    evidence: tuple[EvidenceItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Triage:
    """Whether the answers call for self-care, a doctor, or urgent care (or safety answers are still owed)."""

    level: str
    message: str
    withhold_products: bool = False  # urgent, or a serious see-doctor flag: advice only

    @property
    def ends_check(self) -> bool:
        """Whether the check stops at once: urgent answers get advice first, nothing more to answer."""
        return self.level == URGENT


@dataclass(frozen=True, slots=True)
class RecommendedProduct:
    """A product recommended for the shopper's answers, with its phase and reasons."""

    product: ProductInfo
    score: float
    phase: str
    approach: str | None
    pinned: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Recommendation:
    """Everything the symptom check answers."""

    triage: Triage
    conditions: tuple[ConditionResult, ...]
    products: tuple[RecommendedProduct, ...]
    next_question: QuestionInfo | None
    body_areas: frozenset[str] = frozenset()
    match: str = MATCH_PENDING
    safety_pending: tuple[str, ...] = ()  # slugs of the safety questions still to answer
    # No condition is named "likely": products only if they suit every candidate, and `advice` says see a physio.
    cannot_tell: bool = False
    advice: str = ""
    # The questions to ask together now (one screen): next_question first; empty when it is None.
    next_questions: tuple[QuestionInfo, ...] = ()


@dataclass(frozen=True)
class KnowledgeIndex:
    """The compiled knowledge one recommendation needs; built from the database, versioned."""

    version: str
    conditions: tuple[ConditionInfo, ...]
    questions: tuple[QuestionInfo, ...]
    rankings: dict[str, ConditionRanking]
    products: dict[str, ProductInfo]
    symptoms: dict[str, str] = field(default_factory=dict)  # slug -> name
    # Facts about the person (age), slug -> share of all shoppers; conditions that do not list one are neutral to it.
    base_rates: dict[str, float] = field(default_factory=dict)
    red_flag_rules: tuple[RedFlagRuleInfo, ...] = ()

    @cached_property
    def questions_by_slug(self) -> dict[str, QuestionInfo]:
        return {question.slug: question for question in self.questions}

    @cached_property
    def conditions_by_slug(self) -> dict[str, ConditionInfo]:
        return {condition.slug: condition for condition in self.conditions}

    @cached_property
    def conditions_by_product(self) -> dict[str, list[str]]:
        """Product slug -> the conditions that rank it on its merits (fallback picks aside)."""
        helped: dict[str, list[str]] = {}
        for slug, ranking in self.rankings.items():
            for items in ranking.phases.values():
                for item in items:
                    if not item.fallback and slug not in helped.setdefault(item.slug, []):
                        helped[item.slug].append(slug)
        return helped
