"""Draw a plan: products, conditions with their guides, and the questionnaire, from a seeded generator.

Each part draws from its own random stream, so the questionnaire and the conditions do not
depend on the number of products and answer sets drawn for one size are valid for every size.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from decimal import Decimal

from benchmarks.synthetic.specs import (
    DEFAULT_SEED,
    IMMEDIATE,
    LONG_TERM,
    WHERE_QUESTION,
    ConditionSpec,
    CurationSpec,
    OptionSpec,
    Plan,
    ProductSpec,
    QuestionSpec,
)
from benchmarks.synthetic.vocabulary import (
    ADJECTIVES,
    APPROACH_NAMES,
    APPROACHES,
    AREA_QUESTIONS,
    BODY_AREAS,
    BRANDS,
    CATEGORIES,
    CATEGORY_NOUNS,
    CONDITION_KINDS,
    CONDITION_SUMMARY,
    GENERAL_QUESTIONS,
    GENERAL_SYMPTOMS,
    GUIDE_SECTIONS,
    GUIDE_WITHOUT_IMMEDIATE,
    GUIDE_WITHOUT_LONG_TERM,
    PIN_NOTE,
    PRODUCT_APPROACHES,
    PRODUCT_SUMMARY,
    QUALITIES,
    RATIONALES,
    SAFETY_QUESTIONS,
    TRIGGERS,
    WHERE_QUESTION_TEXT,
)

SYMPTOMS_PER_AREA = 38  # 10 areas x 38 + 20 general = 400


def slugify(text: str) -> str:
    """Return the text as a slug: lower case, runs of anything else as one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def rng_for(seed: int, part: str) -> random.Random:
    """A random stream of its own for each part, so sizes of one part do not shift another."""
    return random.Random(f"{seed}:{part}")


def _symptom_pool(seed: int) -> tuple[list[tuple[str, str, str | None]], dict[str, list[str]]]:
    """Return every symptom as (slug, name, body area) and each body area's symptom slugs."""
    rng = rng_for(seed, "symptoms")
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
    """Draw `count` products over the categories, approaches and body areas."""
    rng = rng_for(seed, "products")
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
                slug=f"{slugify(noun)}-{number:06d}",
                name=name,
                sku=f"SYN-{number:07d}",
                category=category,
                brand=slugify(brand),
                price=Decimal(f"{rng.uniform(4, 160):.2f}"),
                stock=0 if roll < 0.10 else rng.randint(1, 250),
                is_active=not 0.10 <= roll < 0.13,
                short_description=PRODUCT_SUMMARY.format(
                    noun=noun, approach=APPROACH_NAMES[main_approach].lower(), brand=brand
                ),
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
    fields = {
        "name": name,
        "area_names": area_names,
        "immediate": by_phase[IMMEDIATE] or GUIDE_WITHOUT_IMMEDIATE,
        "long_term": by_phase[LONG_TERM] or GUIDE_WITHOUT_LONG_TERM,
        "mention": f"\n\n[[product:{pinned}]]" if pinned else "",
    }
    return tuple((section, template.format(**fields)) for section, template in GUIDE_SECTIONS.items())


def _conditions(
    count: int, seed: int, symptoms_by_area: dict[str, list[str]], products: Sequence[ProductSpec]
) -> list[ConditionSpec]:
    """Draw `count` conditions spread evenly over the body areas, each with its guide and curation."""
    rng = rng_for(seed, "conditions")
    pick_rng = rng_for(seed, "curations")  # the only draw that depends on the catalogue
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
        slug = slugify(name)
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
            curations.append(CurationSpec(pinned, "pin", 0.0, "", PIN_NOTE, 0))
            curations.append(CurationSpec(excluded, "exclude", 0.0, "", "", 1))
            if pick_rng.random() < 0.3:
                curations.append(CurationSpec(boosted, "boost", 0.3, LONG_TERM, "", 2))
        area_names = " and ".join(name.lower() for slug, name in BODY_AREAS if slug in areas)
        conditions.append(
            ConditionSpec(
                slug=slug,
                name=name,
                summary=CONDITION_SUMMARY.format(name=name, area_names=area_names),
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
    """Return the questionnaire: where, safety, general, and four questions per body area."""
    rng = rng_for(seed, "questions")
    names = {slug: name for slug, name, _area in symptoms}
    area_of = {slug: area for slug, _name, area in symptoms}
    questions = [
        QuestionSpec(
            slug=WHERE_QUESTION,
            text=WHERE_QUESTION_TEXT,
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
    for position, question in enumerate(GENERAL_QUESTIONS):
        options = tuple(
            OptionSpec(
                option["slug"],
                option["label"],
                present=tuple(option.get("present", ())),
                absent=tuple(option.get("absent", ())),
            )
            for option in question["options"]
        )
        questions.append(QuestionSpec(question["slug"], question["text"], 30, position, False, (), options))
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
                AREA_QUESTIONS["worse_when"].format(area=lower),
                30,
                10,
                True,
                (area,),
                tuple(option(symptom) for symptom in worse),
            ),
            QuestionSpec(
                f"{area}-feels-like",
                AREA_QUESTIONS["feels_like"].format(area=lower),
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
                AREA_QUESTIONS["also_noticed"].format(area=lower),
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
