"""Synthetic but plausible Limber data, for benchmarks: in a database, or as engine objects.

`plan_make()` draws, from a seeded random generator, a catalogue and a knowledge base shaped
like the real one: products across ~20 categories serving 1–3 of the 8 treatment approaches and
made for some of 10 body areas (~10% out of stock, ~3% inactive); conditions spread over the
body areas, each with a short published guide, 5–8 symptoms from a pool of ~400, 4–6 treatments
across both phases and a pin and an exclusion; and a questionnaire: "where does it hurt", five
safety questions with red flags, two general and four symptom questions per body area.

The same plan is then either

* written to the configured database with `bulk_create` in chunks (`database_fill()`), which
  sends no ``post_save`` or ``m2m_changed`` signal, so no index rebuild is requested per row;
  call `recommendations.index.build.index_rebuild(force=True)` once afterwards; or
* turned straight into the engine's frozen objects and a `KnowledgeIndex` (`engine_index()`),
  with no database and no Django, for the engine benchmark.

The questionnaire and the conditions do not depend on the number of products (each part draws
from its own random stream), so answer sets drawn for one size are valid for every size.

Command line (fills the database named by ``--database-url`` or ``DATABASE_URL``; it refuses to
fall back to the development SQLite file)::

    python -m benchmarks.synthetic --products 50000 --conditions 200 [--reset]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import resource
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recommendations.engine.types import ConditionInfo, KnowledgeIndex, ProductInfo, QuestionInfo

DEFAULT_SEED = 20_240_601
IMMEDIATE, LONG_TERM = "immediate", "long_term"
WHERE_QUESTION = "where-does-it-hurt"
NOT_SURE = "not-sure"

# --- Vocabulary -------------------------------------------------------------------------

# (slug, name): ten body areas, in display order.
BODY_AREAS: list[tuple[str, str]] = [
    ("knee", "Knee"),
    ("hip-thigh", "Hip and thigh"),
    ("lower-leg", "Shin and calf"),
    ("foot-ankle", "Foot and ankle"),
    ("lower-back", "Lower back"),
    ("upper-back", "Upper back"),
    ("neck", "Neck"),
    ("shoulder", "Shoulder"),
    ("elbow-wrist", "Elbow and wrist"),
    ("hand-fingers", "Hand and fingers"),
]

# (slug, name, description, has_products): the real approaches.
APPROACHES: list[tuple[str, str, str, bool]] = [
    ("stretching", "Stretching", "Slow, held stretches that ease tight muscles.", True),
    ("massage", "Massage and myofascial release", "Rolling and pressing tight muscles to ease tension.", True),
    ("cold-therapy", "Cold therapy", "Short spells of cold that calm pain and swelling.", True),
    ("heat", "Heat", "Gentle warmth that relaxes stiff muscles.", True),
    ("support", "Support and bracing", "Straps, sleeves and braces that take some load off.", True),
    ("strengthening", "Strengthening", "Gradual exercise that builds muscles and tendons.", True),
    ("rest", "Rest and load management", "Easing off what provokes the pain, then building back up.", True),
    ("physical-therapy", "Physical therapy", "An assessment and a tailored plan from a therapist.", False),
]
PRODUCT_APPROACHES = [slug for slug, _name, _description, has_products in APPROACHES if has_products]
APPROACH_NAMES = {slug: name for slug, name, _description, _has_products in APPROACHES}
RATIONALES = {
    "stretching": "eases the tight tissue that pulls on the sore spot",
    "massage": "loosens the muscles around it and eases soreness",
    "cold-therapy": "calms pain and swelling after a flare-up",
    "heat": "relaxes stiff muscles once the first days have passed",
    "support": "takes some load off while it settles",
    "strengthening": "builds the muscles that protect it",
    "rest": "lets it settle before building back up step by step",
    "physical-therapy": "gives a tailored plan and checks progress",
}

# (slug, name, parent slug, the approach its products are made for): five shelves of three.
CATEGORIES: list[tuple[str, str, str | None, str]] = [
    ("stretching-tools", "Stretching tools", None, "stretching"),
    ("stretch-straps", "Stretch straps", "stretching-tools", "stretching"),
    ("calf-stretchers", "Calf stretchers", "stretching-tools", "stretching"),
    ("yoga-props", "Yoga props", "stretching-tools", "stretching"),
    ("massage-tools", "Massage tools", None, "massage"),
    ("foam-rollers", "Foam rollers", "massage-tools", "massage"),
    ("massage-balls", "Massage balls", "massage-tools", "massage"),
    ("massage-sticks", "Massage sticks", "massage-tools", "massage"),
    ("hot-and-cold", "Hot and cold", None, "cold-therapy"),
    ("cold-packs", "Cold packs", "hot-and-cold", "cold-therapy"),
    ("heat-wraps", "Heat wraps", "hot-and-cold", "heat"),
    ("contrast-therapy", "Contrast therapy", "hot-and-cold", "cold-therapy"),
    ("supports", "Supports and braces", None, "support"),
    ("knee-supports", "Knee supports", "supports", "support"),
    ("ankle-supports", "Ankle supports", "supports", "support"),
    ("back-supports", "Back supports", "supports", "support"),
    ("strength", "Strength and mobility", None, "strengthening"),
    ("resistance-bands", "Resistance bands", "strength", "strengthening"),
    ("grip-trainers", "Grip trainers", "strength", "strengthening"),
    ("recovery-aids", "Recovery aids", "strength", "rest"),
]
CATEGORY_NOUNS = {
    "stretching-tools": ["stretch kit", "mobility set"],
    "stretch-straps": ["loop stretch strap", "D-ring yoga strap", "hamstring rope"],
    "calf-stretchers": ["calf rocker", "slant board", "foam calf wedge"],
    "yoga-props": ["yoga block", "stretch wheel", "bolster"],
    "massage-tools": ["massage kit", "recovery set"],
    "foam-rollers": ["foam roller", "vibrating roller", "half-round roller"],
    "massage-balls": ["massage ball", "peanut ball", "spiky ball"],
    "massage-sticks": ["massage stick", "roller stick", "trigger point hook"],
    "hot-and-cold": ["hot-cold pack", "therapy wrap"],
    "cold-packs": ["cold pack", "ice wrap", "cold compression sleeve"],
    "heat-wraps": ["heat wrap", "heat pad", "wheat bag"],
    "contrast-therapy": ["contrast sleeve", "ice massage cup"],
    "supports": ["support", "brace"],
    "knee-supports": ["knee sleeve", "patella strap", "knee brace"],
    "ankle-supports": ["ankle brace", "arch support", "night splint"],
    "back-supports": ["lumbar belt", "posture brace", "lumbar cushion"],
    "strength": ["training kit", "mobility trainer"],
    "resistance-bands": ["resistance band", "loop band set", "tube band"],
    "grip-trainers": ["grip trainer", "flex bar", "finger extensor"],
    "recovery-aids": ["wedge pillow", "kinesiology tape", "knee pillow"],
}
ADJECTIVES = ["Classic", "Pro", "Soft", "Firm", "Compact", "Travel", "Deluxe", "Sport", "Everyday", "Ultra"]
BRANDS = [
    "Arcflex",
    "Bendwell",
    "Coreline",
    "Duraloop",
    "Easemotion",
    "Flexpoint",
    "Glidefit",
    "Heatherly",
    "Iceberg Labs",
    "Jointwise",
    "Kinetic Co",
    "Loopstrong",
    "Mobilis",
    "Northstretch",
    "Oakrest",
    "Pliant",
    "Quietmove",
    "Restora",
    "Suppleworks",
    "Tendra",
    "Unwind",
    "Vitaroll",
    "Wellstride",
    "Yielda",
    "Zenband",
]

GENERAL_SYMPTOMS: list[tuple[str, str]] = [
    ("gradual-onset", "Came on gradually over days or weeks"),
    ("sudden-onset", "Started suddenly at one clear moment"),
    ("pain-worse-with-activity", "Pain that builds during or after activity"),
    ("stiffness-after-rest", "Stiffness when first moving after rest"),
    ("worse-long-sitting", "Worse after long spells of sitting"),
    ("eases-with-movement", "Eases once warmed up and moving"),
    ("eases-with-rest", "Eases with rest"),
    ("night-pain", "Pain that wakes you at night"),
    ("long-morning-stiffness", "Stiffness for more than half an hour each morning"),
    ("pain-after-long-walks", "Pain after long walks"),
    ("weather-sensitive", "Worse in cold or damp weather"),
    ("training-increase", "Followed a recent jump in training"),
    ("new-footwear", "Followed a change of shoes"),
    ("desk-work", "Long hours at a desk"),
    ("heavy-lifting-job", "Heavy lifting at work"),
    ("previous-injury", "An old injury in the same spot"),
    ("radiating-pain", "Pain that spreads away from the spot"),
    ("numbness", "Numbness nearby"),
    ("visible-bruising", "Visible bruising"),
    ("warmth-over-area", "The area feels warm"),
]
# Area symptoms are a quality felt with a trigger: "Sharp pain in the knee on stairs".
QUALITIES = [
    ("sharp", "Sharp pain"),
    ("ache", "Dull ache"),
    ("burning", "Burning pain"),
    ("stiff", "Stiffness"),
    ("swelling", "Swelling"),
    ("clicking", "Clicking or catching"),
    ("weak", "Weakness"),
    ("tender", "Tenderness"),
    ("tingling", "Tingling"),
    ("throbbing", "Throbbing"),
]
TRIGGERS = [
    ("stairs", "on stairs or slopes"),
    ("sitting", "after sitting"),
    ("morning", "first thing in the morning"),
    ("running", "when running or jumping"),
    ("lifting", "when lifting or carrying"),
    ("night", "at night"),
    ("leaning", "when leaning or kneeling on it"),
    ("twisting", "when twisting or turning"),
    ("exercise", "the day after exercise"),
    ("pressed", "when pressed"),
]
SYMPTOMS_PER_AREA = 38  # 10 areas x 38 + 20 general = 400

CONDITION_KINDS = [
    "tendinopathy",
    "strain",
    "sprain",
    "bursitis",
    "impingement",
    "overuse pain",
    "joint irritation",
    "muscle tightness",
    "nerve irritation",
    "ligament strain",
    "cartilage wear",
    "stress reaction",
    "fascia irritation",
    "trigger points",
    "postural pain",
    "instability",
    "stiffness",
    "tenosynovitis",
    "enthesopathy",
    "bruising",
]

# (slug, text, red flag of "yes", message): the safety check.
SAFETY_QUESTIONS: list[tuple[str, str, str, str]] = [
    (
        "safety-injury-deformity",
        "Did it start with a fall or blow, with a pop, or does the joint look out of shape?",
        "urgent",
        "Pain after a fall or blow with a pop or a misshapen joint needs urgent care today.",
    ),
    (
        "safety-cannot-bear-weight",
        "Are you unable to put weight on it or use the joint at all?",
        "urgent",
        "Not being able to take weight or use the joint needs an examination today.",
    ),
    (
        "safety-numbness-weakness",
        "Do you have new numbness, pins and needles or weakness in an arm or leg?",
        "see_doctor",
        "New numbness or weakness should be checked by a doctor soon.",
    ),
    (
        "safety-night-pain-unwell",
        "Does the pain keep you awake at night, with fever or weight loss?",
        "see_doctor",
        "Night pain with fever or weight loss should be checked by a doctor.",
    ),
    (
        "safety-not-improving",
        "Has it kept getting worse for more than two weeks despite rest?",
        "see_doctor",
        "Pain that keeps getting worse for weeks deserves a doctor's or physiotherapist's opinion.",
    ),
]


# --- The plan ---------------------------------------------------------------------------


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


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _rng(seed: int, part: str) -> random.Random:
    """A random stream of its own for each part, so sizes of one part do not shift another."""
    return random.Random(f"{seed}:{part}")


def _symptom_pool(seed: int) -> tuple[list[tuple[str, str, str | None]], dict[str, list[str]]]:
    rng = _rng(seed, "symptoms")
    symptoms: list[tuple[str, str, str | None]] = [(slug, name, None) for slug, name in GENERAL_SYMPTOMS]
    by_area: dict[str, list[str]] = {}
    for area, area_name in BODY_AREAS:
        combos = [(quality, trigger) for quality in QUALITIES for trigger in TRIGGERS]
        chosen = sorted(rng.sample(range(len(combos)), SYMPTOMS_PER_AREA))
        by_area[area] = []
        for index in chosen:
            (quality_slug, quality_name), (trigger_slug, trigger_text) = combos[index]
            slug = f"{area}-{quality_slug}-{trigger_slug}"
            symptoms.append((slug, f"{quality_name} in the {area_name.lower()} {trigger_text}", area))
            by_area[area].append(slug)
    return symptoms, by_area


def _products(count: int, seed: int) -> list[ProductSpec]:
    rng = _rng(seed, "products")
    area_slugs = [slug for slug, _name in BODY_AREAS]
    products = []
    for number in range(1, count + 1):
        category, _category_name, _parent, main_approach = rng.choice(CATEGORIES)
        noun = rng.choice(CATEGORY_NOUNS[category])
        brand = rng.choice(BRANDS)
        name = f"{brand} {rng.choice(ADJECTIVES)} {noun} {number:06d}"
        others = [slug for slug in PRODUCT_APPROACHES if slug != main_approach]
        approaches = [(main_approach, round(rng.uniform(0.7, 1.0), 2))]
        approaches += [(slug, round(rng.uniform(0.2, 0.7), 2)) for slug in rng.sample(others, rng.choice((0, 0, 1, 2)))]
        areas = tuple(rng.sample(area_slugs, rng.choices((0, 1, 2, 3), weights=(10, 50, 30, 10))[0]))
        roll = rng.random()
        products.append(
            ProductSpec(
                slug=f"{_slugify(noun)}-{number:06d}",
                name=name,
                sku=f"SYN-{number:07d}",
                category=category,
                brand=_slugify(brand),
                price=Decimal(f"{rng.uniform(4, 160):.2f}"),
                stock=0 if roll < 0.10 else rng.randint(1, 250),
                is_active=not 0.10 <= roll < 0.13,
                short_description=f"A {noun} for {APPROACH_NAMES[main_approach].lower()}, by {brand}.",
                approaches=tuple(approaches),
                body_areas=areas,
            )
        )
    return products


def _guide(
    name: str, area_names: str, treatments: Sequence[tuple[str, str, float, str]], pinned: str | None
) -> tuple[tuple[str, str], ...]:
    """Return the guide's six short Markdown sections."""
    by_phase = {
        phase: ", ".join(APPROACH_NAMES[approach].lower() for approach, p, _w, _r in treatments if p == phase)
        for phase in (IMMEDIATE, LONG_TERM)
    }
    mention = f"\n\n[[product:{pinned}]]" if pinned else ""
    return (
        ("overview", f"**{name}** is a common cause of pain in the {area_names}. It usually settles with care."),
        ("causes", "It often follows:\n\n- a jump in training\n- long hours in one position\n- an old injury"),
        ("symptoms", f"Typical features are an ache in the {area_names} that builds with use and eases with rest."),
        ("immediate_relief", f"At first, try {by_phase[IMMEDIATE] or 'relative rest'}.{mention}"),
        ("long_term_healing", f"Over the following weeks, {by_phase[LONG_TERM] or 'gradual loading'} helps most."),
        ("when_to_see_doctor", "See a doctor if the pain is severe, follows a fall, or is not improving."),
    )


def _conditions(
    count: int, seed: int, symptoms_by_area: dict[str, list[str]], products: Sequence[ProductSpec]
) -> list[ConditionSpec]:
    rng = _rng(seed, "conditions")
    pick_rng = _rng(seed, "curations")  # the only draw that depends on the catalogue
    active_by_area: dict[str, list[str]] = defaultdict(list)
    for product in products:
        if product.is_active:
            for area in product.body_areas:
                active_by_area[area].append(product.slug)
    general = [slug for slug, _name in GENERAL_SYMPTOMS]
    pairs = [(approach, phase) for approach, *_rest in APPROACHES for phase in (IMMEDIATE, LONG_TERM)]
    conditions = []
    for number in range(count):
        area_index = number % len(BODY_AREAS)
        area, area_name = BODY_AREAS[area_index]
        areas = [area]
        if rng.random() < 0.3:
            areas.append(BODY_AREAS[(area_index + 1) % len(BODY_AREAS)][0])
        kind = CONDITION_KINDS[(number // len(BODY_AREAS)) % len(CONDITION_KINDS)]
        round_ = number // (len(BODY_AREAS) * len(CONDITION_KINDS))
        name = f"{area_name} {kind}" + (f" (type {round_ + 1})" if round_ else "")
        slug = _slugify(name)
        local = [symptom for a in areas for symptom in symptoms_by_area[a]]
        linked = rng.sample(local, rng.randint(4, 6)) + rng.sample(general, rng.randint(1, 2))
        likelihoods = tuple((symptom, round(rng.uniform(0.2, 0.95), 2)) for symptom in linked)
        while True:
            treatments = rng.sample(pairs, rng.randint(4, 6))
            if {phase for _approach, phase in treatments} == {IMMEDIATE, LONG_TERM}:
                break
        treatment_rows = tuple(
            (approach, phase, round(rng.uniform(0.3, 1.0), 2), f"{APPROACH_NAMES[approach]} {RATIONALES[approach]}.")
            for approach, phase in treatments
        )
        candidates = sorted({slug for a in areas for slug in active_by_area[a]})
        curations = []
        if len(candidates) >= 3:
            pinned, excluded, boosted = pick_rng.sample(candidates, 3)
            curations.append(CurationSpec(pinned, "pin", 0.0, "", "Our physiotherapist's pick.", 0))
            curations.append(CurationSpec(excluded, "exclude", 0.0, "", "", 1))
            if pick_rng.random() < 0.3:
                curations.append(CurationSpec(boosted, "boost", 0.3, LONG_TERM, "", 2))
        area_names = " and ".join(name.lower() for slug, name in BODY_AREAS if slug in areas)
        conditions.append(
            ConditionSpec(
                slug=slug,
                name=name,
                summary=f"{name}: pain in the {area_names} that builds with use and settles with the right care.",
                prior=round(rng.uniform(0.02, 0.2), 3),
                body_areas=tuple(areas),
                symptoms=likelihoods,
                treatments=treatment_rows,
                curations=tuple(curations),
                guide_slug=slug,
                guide_sections=_guide(name, area_names, treatment_rows, curations[0].product if curations else None),
            )
        )
    return conditions


def _questions(
    seed: int, symptoms: list[tuple[str, str, str | None]], conditions: Sequence[ConditionSpec]
) -> list[QuestionSpec]:
    rng = _rng(seed, "questions")
    names = {slug: name for slug, name, _area in symptoms}
    area_of = {slug: area for slug, _name, area in symptoms}
    questions = [
        QuestionSpec(
            slug=WHERE_QUESTION,
            text="Where does it hurt most?",
            stage=10,
            position=0,
            allows_multiple=False,
            body_areas=(),
            options=tuple(OptionSpec(slug=slug, label=name, body_area=slug) for slug, name in BODY_AREAS),
        )
    ]
    for position, (slug, text, flag, message) in enumerate(SAFETY_QUESTIONS):
        options = (OptionSpec("yes", "Yes", red_flag=flag, message=message), OptionSpec("no", "No"))
        questions.append(QuestionSpec(slug, text, 20, position, False, (), options))
    questions.append(
        QuestionSpec(
            "how-did-it-start",
            "How did it start?",
            30,
            0,
            False,
            (),
            (
                OptionSpec("gradually", "Gradually", present=("gradual-onset",), absent=("sudden-onset",)),
                OptionSpec("suddenly", "Suddenly", present=("sudden-onset",), absent=("gradual-onset",)),
            ),
        )
    )
    questions.append(
        QuestionSpec(
            "when-is-it-worst",
            "When does it bother you most?",
            30,
            1,
            False,
            (),
            (
                OptionSpec("after-rest", "When I first get moving", present=("stiffness-after-rest",)),
                OptionSpec("activity", "During or after activity", present=("pain-worse-with-activity",)),
                OptionSpec("sitting", "After long sitting", present=("worse-long-sitting",)),
                OptionSpec("night", "At night", present=("night-pain",)),
            ),
        )
    )
    # Per area: four questions over the area's symptoms the conditions use most.
    used: dict[str, Counter] = defaultdict(Counter)
    for condition in conditions:
        for symptom, _likelihood in condition.symptoms:
            if area_of[symptom]:
                used[area_of[symptom]][symptom] += 1
    for area, area_name in BODY_AREAS:
        pool = [symptom for symptom, _count in sorted(used[area].items(), key=lambda item: (-item[1], item[0]))]
        pool += [slug for slug, _name, a in symptoms if a == area and slug not in pool]
        queue = iter(pool)

        def option(symptom: str, *, absent: tuple[str, ...] = (), area: str = area) -> OptionSpec:
            return OptionSpec(symptom.removeprefix(f"{area}-"), names[symptom], present=(symptom,), absent=absent)

        worse = [next(queue) for _ in range(4)]
        feel = [next(queue) for _ in range(3)]
        yes_no = next(queue)
        extra = [next(queue) for _ in range(rng.choice((2, 3)))]
        lower = area_name.lower()
        questions += [
            QuestionSpec(
                f"{area}-worse-when",
                f"When is your {lower} worse? Choose all that apply.",
                30,
                10,
                True,
                (area,),
                tuple(option(symptom) for symptom in worse),
            ),
            QuestionSpec(
                f"{area}-feels-like",
                f"What does your {lower} feel like?",
                30,
                11,
                False,
                (area,),
                tuple(option(symptom, absent=(feel[(i + 1) % 3],)) for i, symptom in enumerate(feel)),
            ),
            QuestionSpec(
                f"{area}-{yes_no.removeprefix(f'{area}-')}",
                f"{names[yes_no]}?",
                30,
                12,
                False,
                (area,),
                (
                    OptionSpec("yes", "Yes", present=(yes_no,)),
                    OptionSpec("no", "No", absent=(yes_no,)),
                ),
            ),
            QuestionSpec(
                f"{area}-also-noticed",
                f"Which of these have you noticed in your {lower}?",
                30,
                13,
                False,
                (area,),
                tuple(option(symptom) for symptom in extra),
            ),
        ]
    return questions


def plan_make(*, products: int, conditions: int, seed: int = DEFAULT_SEED) -> Plan:
    """Draw a deterministic plan of `products` products and `conditions` conditions."""
    symptoms, by_area = _symptom_pool(seed)
    product_specs = _products(products, seed)
    condition_specs = _conditions(conditions, seed, by_area, product_specs)
    question_specs = _questions(seed, symptoms, condition_specs)
    return Plan(
        seed=seed, symptoms=symptoms, products=product_specs, conditions=condition_specs, questions=question_specs
    )


# --- Answer sets --------------------------------------------------------------------------

# Kinds of answer sets and how many of every 20 are of each kind.
ANSWER_KINDS: list[tuple[str, int]] = [
    ("empty", 1),
    ("area only", 3),
    ("area + red flags", 4),
    ("area + symptoms", 10),
    ("urgent red flag", 2),
]


def _answers(plan: Plan, kind: str, rng: random.Random) -> dict[str, Any]:
    """Draw one valid answer set of a kind."""
    if kind == "empty":
        return {}
    area = rng.choice(BODY_AREAS)[0]
    answers: dict[str, Any] = {WHERE_QUESTION: area}
    if kind == "area only":
        return answers
    safety = [question for question in plan.questions if question.stage == 20]
    for question in safety:
        answers[question.slug] = rng.choice(("no", "no", "no", NOT_SURE))
    if kind == "urgent red flag":
        urgent = [q for q in safety if any(option.red_flag == "urgent" for option in q.options)]
        answers[rng.choice(urgent).slug] = "yes"
        return answers
    if kind == "area + red flags":
        doctor = [q for q in safety if any(option.red_flag == "see_doctor" for option in q.options)]
        for question in rng.sample(doctor, rng.randint(1, 2)):
            answers[question.slug] = "yes"
        return answers
    symptom_questions = [q for q in plan.questions if q.stage == 30 and (not q.body_areas or area in q.body_areas)]
    for question in rng.sample(symptom_questions, rng.randint(2, min(5, len(symptom_questions)))):
        slugs = [option.slug for option in question.options]
        if rng.random() < 0.12:
            answers[question.slug] = NOT_SURE
        elif question.allows_multiple:
            answers[question.slug] = sorted(rng.sample(slugs, rng.randint(1, min(3, len(slugs)))))
        else:
            answers[question.slug] = rng.choice(slugs)
    return answers


def answer_sets(plan: Plan, count: int, *, seed: int = DEFAULT_SEED) -> list[tuple[str, dict[str, Any]]]:
    """Return `count` (kind, answers) pairs spread over ANSWER_KINDS in fixed proportions."""
    rng = _rng(seed, "answers")
    cycle = [kind for kind, share in ANSWER_KINDS for _ in range(share)]
    return [(cycle[i % len(cycle)], _answers(plan, cycle[i % len(cycle)], rng)) for i in range(count)]


def body_key(body: dict[str, Any]) -> str:
    """Canonical JSON of a request body, as the result cache sees it (multiple choices sorted)."""
    answers = {k: sorted(v) if isinstance(v, list) else v for k, v in body["answers"].items()}
    return json.dumps({"answers": answers, "limit": body.get("limit", 6)}, sort_keys=True)


def request_bodies(plan: Plan, count: int, *, seed: int, seen: set[str] | None = None) -> list[str]:
    """Return `count` distinct JSON bodies for POST /api/v1/recommendations/, none of them in `seen`.

    Most ask for the default six products; some for 1..12, which widens the space of distinct bodies.
    `seen` is updated, so successive calls never repeat a body.
    """
    seen = set() if seen is None else seen
    rng = _rng(seed, "bodies")
    cycle = [kind for kind, share in ANSWER_KINDS for _ in range(share)]
    bodies: list[str] = []
    attempts = 0
    while len(bodies) < count:
        attempts += 1
        if attempts > count * 50:
            raise RuntimeError(f"could only draw {len(bodies)} distinct bodies of {count}")
        kind = cycle[attempts % len(cycle)]
        body = {"answers": _answers(plan, kind, rng), "limit": 6 if rng.random() < 0.7 else rng.randint(1, 12)}
        key = body_key(body)
        if key in seen:
            continue
        seen.add(key)
        bodies.append(json.dumps(body, separators=(",", ":")))
    return bodies


# --- Engine objects, without a database ------------------------------------------------------


def engine_products(plan: Plan) -> list[ProductInfo]:
    """Active products as `recommendations.index.sources.product_infos` would return them."""
    from recommendations.engine.types import ProductInfo

    return [
        ProductInfo(
            id=number,
            slug=spec.slug,
            name=spec.name,
            price=str(spec.price),
            currency="USD",
            in_stock=spec.stock > 0,
            url=f"/products/{spec.slug}/",
            short_description=spec.short_description,
            strengths=spec.approaches,
            body_areas=frozenset(spec.body_areas),
        )
        for number, spec in enumerate(plan.products, start=1)
        if spec.is_active
    ]


def engine_conditions(plan: Plan) -> tuple[ConditionInfo, ...]:
    """Conditions as `recommendations.index.sources.condition_infos` would return them."""
    from recommendations.engine.types import ConditionInfo, Curation, Treatment

    has_products = {slug: flag for slug, _name, _description, flag in APPROACHES}
    return tuple(
        ConditionInfo(
            slug=spec.slug,
            name=spec.name,
            prior=spec.prior,
            summary=spec.summary,
            body_areas=frozenset(spec.body_areas),
            likelihoods=dict(spec.symptoms),
            treatments=tuple(
                Treatment(approach, APPROACH_NAMES[approach], phase, weight, rationale, has_products[approach])
                for approach, phase, weight, rationale in spec.treatments
            ),
            curations=tuple(
                Curation(c.product, c.action, c.boost, c.phase, c.note, c.position)
                for c in sorted(spec.curations, key=lambda c: c.position)
            ),
            article_url=f"/guides/{spec.guide_slug}/",
        )
        for spec in plan.conditions
    )


def engine_questions(plan: Plan) -> tuple[QuestionInfo, ...]:
    """Questions as `recommendations.index.sources.question_infos` would return them, in asking order."""
    from recommendations.engine.types import OptionInfo, QuestionInfo

    ordered = sorted(plan.questions, key=lambda q: (q.stage, q.position, q.slug))
    return tuple(
        QuestionInfo(
            slug=q.slug,
            text=q.text,
            allows_multiple=q.allows_multiple,
            stage=q.stage,
            position=q.position,
            body_areas=frozenset(q.body_areas),
            options=tuple(
                OptionInfo(
                    slug=o.slug,
                    label=o.label,
                    present=frozenset(o.present),
                    absent=frozenset(o.absent),
                    body_area=o.body_area,
                    red_flag=o.red_flag,
                    red_flag_message=o.message,
                )
                for o in q.options
            ),
        )
        for q in ordered
    )


def engine_index(plan: Plan) -> tuple[KnowledgeIndex, dict[str, float]]:
    """Compile the plan as `recommendations.index.build.index_build` does, minus the queries.

    Return the index and the seconds spent ranking: a fresh `Catalogue` and `rank_condition()`
    for every condition (whatever the catalogue prepares for ranking, it prepares in that time).
    """
    from recommendations.engine.ranking import Catalogue, rank_condition
    from recommendations.engine.types import KnowledgeIndex

    products, conditions, questions = engine_products(plan), engine_conditions(plan), engine_questions(plan)
    started = time.perf_counter()
    catalogue = Catalogue(products)
    rankings = {condition.slug: rank_condition(condition, catalogue) for condition in conditions}
    seconds = time.perf_counter() - started
    needed = sorted({item.slug for ranking in rankings.values() for items in ranking.phases.values() for item in items})
    index = KnowledgeIndex(
        version=f"synthetic-{plan.seed}-{len(plan.products)}x{len(plan.conditions)}",
        conditions=conditions,
        questions=questions,
        rankings=rankings,
        products={slug: catalogue.products[slug] for slug in needed},
        symptoms={slug: name for slug, name, _area in plan.symptoms},
    )
    return index, {"rank_s": seconds}


# --- The database -----------------------------------------------------------------------


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def database_fill(plan: Plan, *, chunk_size: int = 2000) -> dict[str, float]:
    """Write the plan to the configured (empty) database with bulk_create; return seconds per part.

    Bulk inserts send no signals, so no index rebuild is requested on the way; rebuild once after.
    """
    from django.db import transaction

    from catalog.models import Brand, Category, Product
    from guides.models import (
        AnswerOption,
        Article,
        BodyArea,
        Condition,
        ConditionSymptom,
        ConditionTreatment,
        CuratedProduct,
        ProductApproach,
        ProductBodyArea,
        Question,
        Symptom,
        TreatmentApproach,
    )

    if Product.objects.exists() or Condition.objects.exists() or Question.objects.exists():
        raise RuntimeError("the database already holds products, conditions or questions; reset it first")
    seconds: dict[str, float] = {}
    mark = time.perf_counter()

    def lap(part: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        seconds[part] = now - mark
        mark = now

    with transaction.atomic():
        areas = {
            a.slug: a.pk
            for a in BodyArea.objects.bulk_create(
                BodyArea(slug=slug, name=name, position=i) for i, (slug, name) in enumerate(BODY_AREAS)
            )
        }
        approaches = {
            a.slug: a.pk
            for a in TreatmentApproach.objects.bulk_create(
                TreatmentApproach(slug=slug, name=name, description=text, has_products=flag, position=i)
                for i, (slug, name, text, flag) in enumerate(APPROACHES)
            )
        }
        categories: dict[str, int] = {}
        for parent_level in (True, False):  # parents first
            rows = [
                Category(slug=slug, name=name, parent_id=categories.get(parent), position=i)
                for i, (slug, name, parent, _approach) in enumerate(CATEGORIES)
                if (parent is None) == parent_level
            ]
            categories |= {c.slug: c.pk for c in Category.objects.bulk_create(rows)}
        brands = {b.slug: b.pk for b in Brand.objects.bulk_create(Brand(slug=_slugify(n), name=n) for n in BRANDS)}
        symptoms = {
            s.slug: s.pk
            for s in Symptom.objects.bulk_create(
                (Symptom(slug=slug, name=name, body_area_id=areas.get(area)) for slug, name, area in plan.symptoms),
                batch_size=chunk_size,
            )
        }
        lap("reference rows")

        product_ids: dict[str, int] = {}
        for chunk in _chunks(plan.products, chunk_size):
            created = Product.objects.bulk_create(
                Product(
                    slug=spec.slug,
                    name=spec.name,
                    sku=spec.sku,
                    category_id=categories[spec.category],
                    brand_id=brands[spec.brand],
                    price=spec.price,
                    currency="USD",
                    stock_quantity=spec.stock,
                    is_active=spec.is_active,
                    short_description=spec.short_description,
                    description=f"{spec.short_description}\n\nMade by {spec.name.split(' ')[0]}.",
                )
                for spec in chunk
            )
            product_ids |= {product.slug: product.pk for product in created}
            ProductApproach.objects.bulk_create(
                ProductApproach(product_id=product_ids[spec.slug], approach_id=approaches[slug], strength=strength)
                for spec in chunk
                for slug, strength in spec.approaches
            )
            ProductBodyArea.objects.bulk_create(
                ProductBodyArea(product_id=product_ids[spec.slug], body_area_id=areas[area])
                for spec in chunk
                for area in spec.body_areas
            )
        lap("products and their links")

        conditions = {
            c.slug: c.pk
            for c in Condition.objects.bulk_create(
                (
                    Condition(slug=spec.slug, name=spec.name, summary=spec.summary, prior=spec.prior, is_published=True)
                    for spec in plan.conditions
                ),
                batch_size=chunk_size,
            )
        }
        Through = Condition.body_areas.through
        Through.objects.bulk_create(
            Through(condition_id=conditions[spec.slug], bodyarea_id=areas[area])
            for spec in plan.conditions
            for area in spec.body_areas
        )
        ConditionSymptom.objects.bulk_create(
            (
                ConditionSymptom(condition_id=conditions[spec.slug], symptom_id=symptoms[slug], likelihood=value)
                for spec in plan.conditions
                for slug, value in spec.symptoms
            ),
            batch_size=chunk_size,
        )
        ConditionTreatment.objects.bulk_create(
            (
                ConditionTreatment(
                    condition_id=conditions[spec.slug],
                    approach_id=approaches[approach],
                    phase=phase,
                    weight=weight,
                    rationale=rationale,
                )
                for spec in plan.conditions
                for approach, phase, weight, rationale in spec.treatments
            ),
            batch_size=chunk_size,
        )
        CuratedProduct.objects.bulk_create(
            CuratedProduct(
                condition_id=conditions[spec.slug],
                product_id=product_ids[c.product],
                action=c.action,
                boost=c.boost,
                phase=c.phase,
                note=c.note,
                position=c.position,
            )
            for spec in plan.conditions
            for c in spec.curations
        )
        Article.objects.bulk_create(
            (
                Article(
                    condition_id=conditions[spec.slug],
                    title=spec.name,
                    slug=spec.guide_slug,
                    seo_description=spec.summary[:160],
                    reviewed_on=date(2024, 6, 1),
                    is_published=True,
                    **dict(spec.guide_sections),
                )
                for spec in plan.conditions
            ),
            batch_size=chunk_size,
        )
        lap("conditions and guides")

        questions = {
            q.slug: q.pk
            for q in Question.objects.bulk_create(
                Question(
                    slug=q.slug, text=q.text, stage=q.stage, position=q.position, allows_multiple=q.allows_multiple
                )
                for q in plan.questions
            )
        }
        QuestionAreas = Question.body_areas.through
        QuestionAreas.objects.bulk_create(
            QuestionAreas(question_id=questions[q.slug], bodyarea_id=areas[area])
            for q in plan.questions
            for area in q.body_areas
        )
        specs = [(q, o, position) for q in plan.questions for position, o in enumerate(q.options)]
        options = AnswerOption.objects.bulk_create(
            AnswerOption(
                question_id=questions[q.slug],
                slug=o.slug,
                label=o.label,
                position=position,
                body_area_id=areas.get(o.body_area) if o.body_area else None,
                red_flag=o.red_flag,
                red_flag_message=o.message,
            )
            for q, o, position in specs
        )
        Present, Absent = AnswerOption.symptoms_present.through, AnswerOption.symptoms_absent.through
        Present.objects.bulk_create(
            Present(answeroption_id=row.pk, symptom_id=symptoms[slug])
            for row, (_q, o, _p) in zip(options, specs, strict=True)
            for slug in o.present
        )
        Absent.objects.bulk_create(
            Absent(answeroption_id=row.pk, symptom_id=symptoms[slug])
            for row, (_q, o, _p) in zip(options, specs, strict=True)
            for slug in o.absent
        )
        lap("questionnaire")
    lap("commit")
    return seconds


def _rss_bytes() -> int:
    """This process's resident set size now."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def index_rebuild_measure(*, trace_memory: bool = True) -> dict[str, float]:
    """Rebuild the index once for time and RSS, then (optionally) once more under tracemalloc."""
    from recommendations.index.build import index_rebuild
    from recommendations.models import IndexSnapshot

    gc.collect()
    rss_before, peak_before = _rss_bytes(), _peak_rss_bytes()
    started = time.perf_counter()
    index = index_rebuild(force=True)
    seconds = time.perf_counter() - started
    rss_after, peak_after = _rss_bytes(), _peak_rss_bytes()
    snapshot = IndexSnapshot.objects.order_by("-pk").first()
    figures: dict[str, float] = {
        "rebuild_s": seconds,
        "build_s": snapshot.build_seconds,
        "publish_s": seconds - snapshot.build_seconds,
        "catalogue_products": snapshot.product_count,
        "index_products": len(index.products) if index else 0,
        "conditions": snapshot.condition_count,
        "payload_bytes": snapshot.size_bytes,
        "rss_before_bytes": rss_before,
        "rss_after_bytes": rss_after,
        "rss_delta_bytes": rss_after - rss_before,
        # Peak RSS of the process; only meaningful as a delta if the rebuild set a new peak.
        "peak_rss_delta_bytes": max(peak_after - max(peak_before, rss_before), 0),
    }
    if trace_memory:
        del index
        gc.collect()
        tracemalloc.start()
        traced = time.perf_counter()
        index_rebuild(force=True)
        figures["traced_rebuild_s"] = time.perf_counter() - traced
        figures["tracemalloc_peak_bytes"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return figures


# --- Command line ---------------------------------------------------------------------------


def _mb(value: float) -> str:
    return f"{value / 1_048_576:.1f} MB"


def _print_table(title: str, rows: Sequence[tuple[str, str]]) -> None:
    width = max(len(name) for name, _value in rows)
    print(f"\n{title}")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--conditions", type=int, default=200)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--chunk-size", type=int, default=2000)
    parser.add_argument("--database-url", help="defaults to DATABASE_URL; one of them is required")
    parser.add_argument("--reset", action="store_true", help="flush every table of the database first")
    parser.add_argument("--migrate", action="store_true", help="run migrations first")
    parser.add_argument("--skip-fill", action="store_true", help="only rebuild (and measure) the index")
    parser.add_argument("--skip-rebuild", action="store_true", help="only fill")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the second, traced rebuild")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    database_url = args.database_url or os.environ.get("DATABASE_URL")
    if not database_url:
        parser.error("set DATABASE_URL or --database-url: this fills a database and never the development one")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    import django

    django.setup()
    from django.core.management import call_command

    figures: dict[str, Any] = {"products": args.products, "conditions": args.conditions, "seed": args.seed}
    if args.migrate:
        call_command("migrate", interactive=False, verbosity=0)
    if args.reset:
        call_command("flush", interactive=False, verbosity=0)
    if not args.skip_fill:
        started = time.perf_counter()
        plan = plan_make(products=args.products, conditions=args.conditions, seed=args.seed)
        figures["plan_s"] = time.perf_counter() - started
        figures["shape"] = plan.shape()
        figures["fill_parts_s"] = database_fill(plan, chunk_size=args.chunk_size)
        figures["fill_s"] = sum(figures["fill_parts_s"].values())
        _print_table(
            f"Synthetic data: {args.products} products x {args.conditions} conditions (seed {args.seed})",
            [(name, str(count)) for name, count in figures["shape"].items()]
            + [("drawing the plan", f"{figures['plan_s']:.2f} s")]
            + [(f"insert: {part}", f"{value:.2f} s") for part, value in figures["fill_parts_s"].items()]
            + [("insert: total", f"{figures['fill_s']:.2f} s")],
        )
    if not args.skip_rebuild:
        figures["index"] = index = index_rebuild_measure(trace_memory=not args.no_tracemalloc)
        rows = [
            ("products scanned / kept in index", f"{index['catalogue_products']} / {index['index_products']}"),
            ("conditions ranked", str(index["conditions"])),
            ("index_rebuild(force=True)", f"{index['rebuild_s']:.2f} s"),
            ("  of which build (queries + ranking)", f"{index['build_s']:.2f} s"),
            ("  of which publish (pickle, DB, cache)", f"{index['publish_s']:.2f} s"),
            ("stored payload", f"{index['payload_bytes'] / 1024:.0f} KB"),
            ("RSS before -> after", f"{_mb(index['rss_before_bytes'])} -> {_mb(index['rss_after_bytes'])}"),
            ("peak RSS growth during rebuild", _mb(index["peak_rss_delta_bytes"])),
        ]
        if "tracemalloc_peak_bytes" in index:
            rows.append(("tracemalloc peak (2nd rebuild)", _mb(index["tracemalloc_peak_bytes"])))
            rows.append(("  2nd rebuild under tracemalloc", f"{index['traced_rebuild_s']:.2f} s"))
        _print_table("Recommendation index rebuild", rows)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
