"""What a synthetic plan holds: frozen specs of products, conditions and questions, in creation order."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

DEFAULT_SEED = 20_240_601
IMMEDIATE, LONG_TERM = "immediate", "long_term"
WHERE_QUESTION = "where-does-it-hurt"
NOT_SURE = "not-sure"


@dataclass(frozen=True, slots=True)
class ProductSpec:
    """A product to create: catalogue fields plus what it is for."""

    slug: str
    name: str
    sku: str
    category: str
    brand: str
    price: Decimal
    stock: int
    is_active: bool
    short_description: str
    approaches: tuple[tuple[str, float], ...]
    body_areas: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CurationSpec:
    """A staff pin, boost or exclusion of one product for one condition."""

    product: str
    action: str
    boost: float
    phase: str
    note: str
    position: int


@dataclass(frozen=True, slots=True)
class ConditionSpec:
    """A published condition with its guide, symptoms, treatments and curation."""

    slug: str
    name: str
    summary: str
    prior: float
    body_areas: tuple[str, ...]
    symptoms: tuple[tuple[str, float], ...]
    treatments: tuple[tuple[str, str, float, str], ...]  # (approach, phase, weight, rationale)
    curations: tuple[CurationSpec, ...]
    guide_slug: str
    guide_sections: tuple[tuple[str, str], ...]  # (field, markdown), in Article.SECTIONS order


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """An answer option and the evidence it gives."""

    slug: str
    label: str
    body_area: str | None = None
    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    red_flag: str = ""
    message: str = ""


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    """A question of the symptom check."""

    slug: str
    text: str
    stage: int
    position: int
    allows_multiple: bool
    body_areas: tuple[str, ...]
    options: tuple[OptionSpec, ...]


@dataclass(frozen=True)
class Plan:
    """Everything to create, in creation order."""

    seed: int
    symptoms: list[tuple[str, str, str | None]]  # (slug, name, body area slug)
    products: list[ProductSpec]
    conditions: list[ConditionSpec]
    questions: list[QuestionSpec]

    def shape(self) -> dict[str, int]:
        """Return how many rows of each kind the plan creates."""
        return {
            "products": len(self.products),
            "active products": sum(product.is_active for product in self.products),
            "out of stock": sum(product.stock == 0 for product in self.products),
            "product approach links": sum(len(product.approaches) for product in self.products),
            "product body area links": sum(len(product.body_areas) for product in self.products),
            "conditions": len(self.conditions),
            "symptoms": len(self.symptoms),
            "condition symptoms": sum(len(condition.symptoms) for condition in self.conditions),
            "condition treatments": sum(len(condition.treatments) for condition in self.conditions),
            "curations": sum(len(condition.curations) for condition in self.conditions),
            "questions": len(self.questions),
            "options": sum(len(question.options) for question in self.questions),
        }
