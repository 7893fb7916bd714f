"""A small knee-and-foot knowledge index for engine tests."""

from recommendations.engine.ranking import Catalogue, rank_condition
from recommendations.engine.types import IMMEDIATE, LONG_TERM, KnowledgeIndex
from tests.recommendations.engine.builders import condition, curation, option, product, question, treatment, yes_no

RUNNERS_KNEE = condition(
    "runners-knee",
    "Runner's knee",
    prior=0.12,
    likelihoods={"front-ache": 0.85, "stairs": 0.8, "kneeling": 0.75, "sitting": 0.7, "outer-pain": 0.05},
    defining=("front-ache",),
    treatments=[
        treatment("cold-therapy", IMMEDIATE, 0.7, "Cold calms a flare-up."),
        treatment("massage", IMMEDIATE, 0.6, "Rolling the thigh eases pull on the kneecap."),
        treatment("stretching", LONG_TERM, 0.9, "Stretching the thigh takes load off the kneecap."),
        treatment("strengthening", LONG_TERM, 0.8, "Strong hips keep the kneecap on track."),
    ],
)
IT_BAND = condition(
    "it-band-syndrome",
    "IT band syndrome",
    prior=0.08,
    likelihoods={"outer-pain": 0.9, "downhill": 0.7, "stairs": 0.3, "front-ache": 0.1},
    defining=("outer-pain",),
    treatments=[
        treatment("massage", IMMEDIATE, 0.8, "Rolling the outer thigh eases tension."),
        treatment("stretching", LONG_TERM, 0.7, "Hip stretches help."),
    ],
    curations=[curation("knee-brace", "exclude")],
)
PLANTAR = condition(
    "plantar-fasciitis",
    "Plantar fasciitis",
    prior=0.1,
    areas=("foot",),
    likelihoods={"heel-morning": 0.9},
    defining=("heel-morning",),
    treatments=[
        treatment("cold-therapy", IMMEDIATE, 0.6, "Cold eases a sore heel."),
        treatment("stretching", LONG_TERM, 0.9, "Calf stretches ease the pull on the heel."),
    ],
)

PRODUCTS = [
    product("cold-pack", cold_therapy=1.0, areas=("knee", "foot")),
    product("grid-roller", massage=1.0, areas=("knee",)),
    product("roller-stick", massage=0.9, areas=("knee",)),
    product("soft-roller", massage=0.7, areas=("knee",)),
    product("loop-strap", stretching=1.0, areas=("knee", "foot")),
    product("band-set", strengthening=1.0, areas=("knee",)),
    product("knee-brace", support=1.0, stretching=0.2, areas=("knee",)),
    product("calf-rocker", stretching=1.0, areas=("foot",)),
    product("empty-roller", massage=1.0, areas=("knee",), in_stock=False),
]

WHERE = question(
    "where-does-it-hurt",
    option("knee", "Knee", area="knee"),
    option("foot", "Foot", area="foot"),
    stage=10,
)
FALL = question(
    "fall-with-deformity",
    option("yes", "Yes", red_flag="urgent", message="Get it checked at urgent care today."),
    option("no", "No"),
    stage=20,
    position=1,
)
NIGHT = question(
    "pain-at-night",
    option("yes", "Yes", red_flag="see_doctor", message="Pain at rest is worth a doctor's visit."),
    option("no", "No"),
    stage=20,
    position=2,
)
WORSE = question(
    "knee-worse-when",
    option("stairs", "On stairs", present=["stairs"]),
    option("kneeling", "Kneeling or squatting", present=["kneeling"]),
    option("downhill", "Running downhill", present=["downhill"]),
    areas=("knee",),
    multiple=True,
    position=5,
)
QUESTIONS = (
    WHERE,
    FALL,
    NIGHT,
    yes_no("knee-front", "front-ache", position=1, text="Is the ache at the front of the knee?"),
    yes_no("knee-outer", "outer-pain", position=2, text="Is the pain on the outer side of the knee?"),
    yes_no("knee-sitting", "sitting", position=3, text="Does standing up after sitting hurt?"),
    WORSE,
    yes_no("heel-morning", "heel-morning", areas=("foot",), text="Is the heel worst with the first steps?"),
)
SYMPTOMS = {
    "front-ache": "A dull ache at the front of the knee",
    "stairs": "Pain on stairs",
    "kneeling": "Pain when kneeling or squatting",
    "sitting": "Pain standing up after sitting",
    "outer-pain": "Pain on the outer side of the knee",
    "downhill": "Pain running downhill",
    "heel-morning": "Heel pain with the first steps",
}

NO_RED_FLAGS = {"fall-with-deformity": "no", "pain-at-night": "no"}
RUNNERS_KNEE_ANSWERS = {
    "where-does-it-hurt": "knee",
    **NO_RED_FLAGS,
    "knee-front": "yes",
    "knee-worse-when": ["stairs", "kneeling"],
    "knee-sitting": "yes",
}


def build_index(conditions=(RUNNERS_KNEE, IT_BAND, PLANTAR), products=PRODUCTS, questions=QUESTIONS):
    catalogue = Catalogue(products)
    rankings = {c.slug: rank_condition(c, catalogue) for c in conditions}
    return KnowledgeIndex(
        version="test",
        conditions=tuple(conditions),
        questions=tuple(questions),
        rankings=rankings,
        products=dict(catalogue.products),
        symptoms=SYMPTOMS,
    )


# A front-of-thigh world: a strain, and soreness after new exercise that only one question tells apart.
HIP_FLEXOR = condition(
    "hip-flexor-strain",
    "Hip flexor strain",
    prior=0.1,
    areas=("thigh",),
    likelihoods={"front-thigh": 0.9, "knee-lift": 0.8, "new-exercise": 0.05, "whole-muscles": 0.1},
    defining=("front-thigh", "knee-lift"),
    treatments=[
        treatment("cold-therapy", IMMEDIATE, 0.7, "Cold settles a fresh strain."),
        treatment("support", IMMEDIATE, 0.6, "A hip wrap steadies the strained muscle."),
        treatment("stretching", LONG_TERM, 0.8, "Gentle stretches restore length."),
    ],
)
DOMS = condition(
    "muscle-soreness",
    "Muscle soreness after exercise",
    prior=0.06,
    areas=("thigh",),
    likelihoods={"new-exercise": 0.9, "whole-muscles": 0.75, "front-thigh": 0.5, "knee-lift": 0.4},
    defining=("new-exercise",),
    treatments=[
        treatment("cold-therapy", IMMEDIATE, 0.5, "Cold eases sore muscles."),
        treatment("massage", IMMEDIATE, 0.6, "Rolling eases soreness."),
        treatment("stretching", LONG_TERM, 0.5, "Easy movement helps."),
    ],
)
THIGH_PRODUCTS = [
    product("thigh-cold-pack", cold_therapy=1.0, areas=("thigh",)),
    product("thigh-roller", massage=1.0, areas=("thigh",)),
    product("thigh-strap", stretching=1.0, areas=("thigh",)),
    product("hip-flexor-wrap", support=1.0, cold_therapy=0.4, areas=("thigh",), only_for=("hip-flexor-strain",)),
]
THIGH_QUESTIONS = (
    question("where-does-it-hurt", option("thigh", "Thigh", area="thigh"), stage=10),
    yes_no("front-thigh", "front-thigh", position=1, areas=("thigh",), text="Is it at the front of the thigh?"),
    yes_no("knee-lift", "knee-lift", position=2, areas=("thigh",), text="Does lifting the knee hurt?"),
    yes_no("whole-muscles", "whole-muscles", position=3, areas=("thigh",), text="Is it sore over whole muscles?"),
    yes_no("new-exercise", "new-exercise", position=4, areas=("thigh",), text="Did it start after new exercise?"),
)


def build_thigh_index(products=THIGH_PRODUCTS):
    return build_index(conditions=(HIP_FLEXOR, DOMS), products=products, questions=THIGH_QUESTIONS)
