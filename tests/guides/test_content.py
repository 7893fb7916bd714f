"""The knowledge-base files: the real content loads, a broken file says where, and a bad load writes nothing."""

import re
import shutil

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from guides.content_checks import ContentError, front_matter_split
from guides.content_files import CONTENT_DIR
from guides.knowledge import knowledge_load
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
    ProductFit,
    Question,
    QuestionStage,
    RedFlagRule,
    Symptom,
    TreatmentApproach,
)
from recommendations.models import IndexState

pytestmark = pytest.mark.django_db

KNOWLEDGE_MODELS = [
    RedFlagRule,
    BodyArea,
    TreatmentApproach,
    Symptom,
    Condition,
    Article,
    ConditionSymptom,
    ConditionTreatment,
    CuratedProduct,
    ProductApproach,
    ProductBodyArea,
    ProductFit,
    Question,
    AnswerOption,
]
RUNNERS_KNEE = "guides/runners-knee.md"


@pytest.fixture
def catalogue(db):
    """The demo catalogue, which the content's product slugs refer to."""
    from catalog.demo import catalog_demo_load

    catalog_demo_load(with_images=False)


@pytest.fixture
def content(tmp_path):
    """A copy of the real content folder, safe to break."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    return root


def edit(root, name: str, old: str, new: str) -> None:
    """Replace the first `old` in a content file; fail if it is not there, so no case passes by accident."""
    path = root / name
    text = path.read_text()
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1))


def snapshot() -> dict[str, list[tuple]]:
    """Every knowledge-base row, with its timestamps, and the index's rebuild counter."""
    rows = {model.__name__: list(model.objects.order_by("pk").values_list()) for model in KNOWLEDGE_MODELS}
    rows["rebuilds requested"] = list(IndexState.objects.values_list("requested_generation"))
    return rows


def markdown_sections(text: str) -> dict[str, str]:
    """Split a guide file's body on its "## " headings, as a physio reads it."""
    body = text.split("\n---\n", 1)[1]
    parts = re.split(r"^## (.+)$", body, flags=re.MULTILINE)
    return {label: section.strip() for label, section in zip(parts[1::2], parts[2::2], strict=True)}


# ---------------------------------------------------------------------------- the real content


def test_the_real_content_loads_every_guide_question_and_product_use(catalogue):
    guide_files = sorted(path.stem for path in (CONTENT_DIR / "guides").glob("*.md"))

    counts = knowledge_load()

    assert counts["conditions"] == len(guide_files) >= 10
    assert sorted(Condition.objects.published().values_list("slug", flat=True)) == guide_files
    assert sorted(Article.objects.published().values_list("slug", flat=True)) == guide_files
    assert counts["questions"] == Question.objects.active().count() >= 20
    assert list(BodyArea.objects.values_list("slug", flat=True))[:2] == ["knee", "hip-thigh"]
    knee = Condition.objects.get(slug="runners-knee")
    assert knee.symptom_links.get(symptom__slug="knee-front-dull-ache").likelihood == 0.85
    assert list(knee.curations.values_list("product__slug", "action")) == [
        ("loop-stretch-strap", "pin"),
        ("knee-cold-wrap", "pin"),
        ("open-patella-knee-brace", "boost"),
    ]
    where = Question.objects.get(slug="where-does-it-hurt")
    assert where.options.get(slug="knee").body_area.slug == "knee"
    ankle = RedFlagRule.objects.get(slug="ottawa-ankle-weight")
    assert ankle.level == "urgent"
    assert ankle.source.startswith("Ottawa ankle rules")
    assert list(ankle.regions.values_list("slug", flat=True)) == ["foot-ankle"]
    assert ankle.when[1] == {"question": "safety-cannot-bear-weight", "answers": ["yes"]}
    knee_age = RedFlagRule.objects.get(slug="ottawa-knee-age")
    assert knee_age.ages == ["50-to-64", "65-or-over"]
    assert knee_age.when[-1] == {"question": "age", "answers": ["50-to-64", "65-or-over"]}  # the age is one more answer
    assert RedFlagRule.objects.get(slug="cancer-or-weight-loss").withhold_products
    assert not RedFlagRule.objects.get(slug="knee-locking-giving-way").withhold_products
    assert counts["red-flag rules"] == RedFlagRule.objects.active().count() >= 40
    assert Question.objects.get(slug="safety-calf-swollen").concern == "a blood clot in the leg"
    assert not Question.objects.get(slug="age").offers_not_sure
    for question in Question.objects.filter(stage=QuestionStage.SAFETY, offers_not_sure=True):
        assert question.concern, question.slug
    for article in Article.objects.all():
        article.full_clean()  # every section present, every product mention an active product


def test_loading_twice_changes_no_row_and_asks_for_no_rebuild(catalogue):
    knowledge_load()
    before = snapshot()

    knowledge_load()

    assert snapshot() == before


def test_a_guide_reads_section_for_section_as_the_article(catalogue, content):
    edit(content, RUNNERS_KNEE, "When the knee is sore, the aim", "When your knee is sore, the aim")
    sections = markdown_sections((content / RUNNERS_KNEE).read_text())

    knowledge_load(root=content)

    article = Article.objects.get(slug="runners-knee")
    assert list(sections) == [label for _name, label in Article.SECTIONS]
    assert {label: getattr(article, name) for name, label in Article.SECTIONS} == sections
    assert article.immediate_relief.startswith("When your knee is sore")
    assert "[[product:knee-cold-wrap]]" in article.immediate_relief


def test_what_a_file_no_longer_lists_is_removed_on_the_next_load(catalogue, content):
    knowledge_load(root=content)
    edit(content, RUNNERS_KNEE, "  knee-grinding: 0.3\n", "")
    edit(
        content,
        RUNNERS_KNEE,
        "  - product: knee-cold-wrap\n    action: pin\n    phase: immediate\n",
        "  - product: patella-strap\n    action: exclude\n",
    )
    edit(
        content,
        "questionnaire.yaml",
        "      - slug: elbow-wrist\n        label: Elbow, wrist and hand\n        body_area: elbow-wrist\n",
        "",
    )
    edit(
        content,
        "product_uses.yaml",
        "  body_areas: [knee, hip-thigh, lower-leg, neck-shoulder]",
        "  body_areas: [knee]",
    )

    knowledge_load(root=content)

    knee = Condition.objects.get(slug="runners-knee")
    assert not knee.symptom_links.filter(symptom__slug="knee-grinding").exists()
    assert not knee.curations.filter(product__slug="knee-cold-wrap").exists()
    assert knee.curations.get(product__slug="patella-strap").action == "exclude"
    assert not AnswerOption.objects.filter(question__slug="where-does-it-hurt", slug="elbow-wrist").exists()
    strap_areas = ProductBodyArea.objects.filter(product__slug="loop-stretch-strap")
    assert list(strap_areas.values_list("body_area__slug", flat=True)) == ["knee"]


# ---------------------------------------------------------------------------- broken files

BROKEN = [
    # unknown references
    (
        RUNNERS_KNEE,
        "  knee-pain-stairs: 0.75",
        "  knee-pain-stairz: 0.75",
        "guides/runners-knee.md: symptoms.knee-pain-stairz: unknown symptom slug “knee-pain-stairz”",
    ),
    (
        RUNNERS_KNEE,
        "approach: cold-therapy",
        "approach: ice",
        "guides/runners-knee.md: treatments[0].approach: unknown approach slug “ice”",
    ),
    (
        RUNNERS_KNEE,
        "body_areas: [knee]",
        "body_areas: [kneecap]",
        "guides/runners-knee.md: body_areas[0]: unknown body area slug “kneecap”",
    ),
    (
        RUNNERS_KNEE,
        "product: knee-cold-wrap",
        "product: knee-ice-wrap",
        "guides/runners-knee.md: curation[1].product: unknown product slug “knee-ice-wrap”",
    ),
    (
        RUNNERS_KNEE,
        "[[product:knee-cold-wrap]]",
        "[[product:knee-ice-wrap]]",
        "guides/runners-knee.md: ## Immediate relief: [[product:knee-ice-wrap]]: unknown product slug",
    ),
    (
        "product_uses.yaml",
        "loop-stretch-strap-long:",
        "loop-strap-extra-long:",
        "product_uses.yaml: loop-strap-extra-long: unknown product slug “loop-strap-extra-long”",
    ),
    (
        "product_uses.yaml",
        "approaches: {stretching: 1.0}",
        "approaches: {stretchin: 1.0}",
        "product_uses.yaml: loop-stretch-strap.approaches.stretchin: unknown approach slug “stretchin”",
    ),
    (
        "product_uses.yaml",
        "approaches: {stretching: 1.0}",
        "approaches: {physical-therapy: 1.0}",
        "product_uses.yaml: loop-stretch-strap.approaches.physical-therapy: “physical-therapy” is advice only",
    ),
    (
        "product_uses.yaml",
        "body_areas: [knee, hip-thigh",
        "body_areas: [knees, hip-thigh",
        "product_uses.yaml: loop-stretch-strap.body_areas[0]: unknown body area slug “knees”",
    ),
    (
        "taxonomy.yaml",
        "body_area: knee",
        "body_area: knees",
        "taxonomy.yaml: symptoms[8].body_area: unknown body area slug “knees”",
    ),
    (
        "questionnaire.yaml",
        "symptoms_present: [gradual-onset]",
        "symptoms_present: [slow-onset]",
        "questionnaire.yaml: questions.how-did-it-start.options.gradually.symptoms_present[0]: "
        "unknown symptom slug “slow-onset”",
    ),
    (
        "questionnaire.yaml",
        "body_area: knee",
        "body_area: knees",
        "questionnaire.yaml: questions.where-does-it-hurt.options.knee.body_area: unknown body area slug “knees”",
    ),
    (
        "questionnaire.yaml",
        "body_areas: [knee]",
        "body_areas: [knees]",
        "questionnaire.yaml: questions.safety-knee-bone-tender.body_areas[0]: unknown body area slug “knees”",
    ),
    # the guide's sections
    (
        RUNNERS_KNEE,
        "## When to see a doctor\n",
        "",
        "guides/runners-knee.md: ## When to see a doctor: required section is missing",
    ),
    (
        RUNNERS_KNEE,
        "## Causes\n",
        "## Why it happens\n",
        "guides/runners-knee.md: ## Why it happens: unknown section heading",
    ),
    (
        RUNNERS_KNEE,
        "## Symptoms\n",
        "## What it is\n",
        "guides/runners-knee.md: ## What it is: section appears twice",
    ),
    # numbers out of range
    (RUNNERS_KNEE, "prior: 0.12", "prior: 0", "guides/runners-knee.md: prior: 0 is out of range"),
    (RUNNERS_KNEE, "prior: 0.12", "prior: 1.2", "guides/runners-knee.md: prior: 1.2 is out of range"),
    (
        RUNNERS_KNEE,
        "knee-front-dull-ache: 0.85",
        "knee-front-dull-ache: 85",
        "guides/runners-knee.md: symptoms.knee-front-dull-ache: 85 is out of range",
    ),
    (RUNNERS_KNEE, "weight: 0.9", "weight: -0.9", "guides/runners-knee.md: treatments[3].weight: -0.9 is out of range"),
    (RUNNERS_KNEE, "boost: 0.25", "boost: 25", "guides/runners-knee.md: curation[2].boost: 25 is out of range"),
    (
        RUNNERS_KNEE,
        "    boost: 0.25\n",
        "",
        "guides/runners-knee.md: curation[2].boost: a boost needs an amount above 0",
    ),
    (
        "product_uses.yaml",
        "approaches: {stretching: 1.0}",
        "approaches: {stretching: 1.5}",
        "product_uses.yaml: loop-stretch-strap.approaches.stretching: 1.5 is out of range",
    ),
    (
        RUNNERS_KNEE,
        "weight: 0.9",
        "weight: high",
        "guides/runners-knee.md: treatments[3].weight: expected a number between 0 and 1",
    ),
    # choices
    (
        RUNNERS_KNEE,
        "phase: immediate",
        "phase: soon",
        "guides/runners-knee.md: treatments[0].phase: 'soon' is not one of",
    ),
    (
        RUNNERS_KNEE,
        "action: pin",
        "action: promote",
        "guides/runners-knee.md: curation[0].action: 'promote' is not one of",
    ),
    (
        "questionnaire.yaml",
        "stage: where",
        "stage: first",
        "questionnaire.yaml: questions.where-does-it-hurt.stage: 'first'",
    ),
    (
        "questionnaire.yaml",
        "        label: 'No'\n",
        "        label: 'No'\n        red_flag: panic\n",
        "questionnaire.yaml: questions.safety-injury.options.no.red_flag: 'panic' is not one of",
    ),
    (
        "questionnaire.yaml",
        "        label: 'No'\n",
        "        label: 'No'\n        red_flag: see_doctor\n",
        "questionnaire.yaml: questions.safety-injury.options.no.red_flag_message: a red flag needs",
    ),
    # red-flag rules: every question and answer they name exists, and every rule says where it comes from and why
    (
        "red_flags.yaml",
        "      - question: safety-deformity\n",
        "      - question: safety-deformed\n",
        "red_flags.yaml: rules.injury-deformity.when[1].question: unknown question slug “safety-deformed”",
    ),
    (
        "red_flags.yaml",
        "answers: [hard-impact, minor]",
        "answers: [hard-impact, mild]",
        "red_flags.yaml: rules.injury-deformity.when[0].answers[1]: unknown answer of “safety-injury” slug “mild”",
    ),
    (
        "red_flags.yaml",
        '    source: "NHS: Broken bones and dislocations — when to go to A&E"\n',
        "",
        "red_flags.yaml: rules.injury-deformity.source: missing",
    ),
    (
        "red_flags.yaml",
        "    reason: A visible deformity",
        "    reasoning: A visible deformity",
        "red_flags.yaml: rules.injury-deformity.reason: missing",
    ),
    (
        "red_flags.yaml",
        "regions: [knee, hip-thigh, lower-leg",
        "regions: [knees, hip-thigh, lower-leg",
        "red_flags.yaml: rules.injury-deformity.regions[0]: unknown region slug “knees”",
    ),
    (
        "red_flags.yaml",
        "    regions: [chest]\n    when:\n      - question: safety-chest-heart-type",
        "    regions: [chest, knee]\n    when:\n      - question: safety-chest-heart-type",
        "red_flags.yaml: rules.chest-heart-type.when[0].question: “safety-chest-heart-type” is asked only for chest,",
    ),
    (
        "red_flags.yaml",
        "ages: [65-or-over]",
        "ages: [70-or-over]",
        "red_flags.yaml: rules.hip-fall-older.ages[0]: unknown age answer slug “70-or-over”",
    ),
    (
        "red_flags.yaml",
        "    level: urgent\n",
        "    level: asap\n",
        "red_flags.yaml: rules.injury-deformity.level: 'asap' is not one of",
    ),
    (
        "red_flags.yaml",
        "answers: ['yes']",
        "answers: [yes]",
        "red_flags.yaml: rules.injury-deformity.when[1].answers[0]: expected text, got bool True",
    ),
    (
        "red_flags.yaml",
        "      - question: safety-injury\n        answers: [hard-impact, minor]\n      - question: safety-deformity",
        "      - question: how-did-it-start\n        answers: [suddenly]\n      - question: safety-deformity",
        "red_flags.yaml: rules.injury-deformity.when[0].question: “how-did-it-start” is not a safety question",
    ),
    (
        "questionnaire.yaml",
        "    not_sure: false\n",
        "",
        "red_flags.yaml: age_question: “age” must set not_sure: false",
    ),
    # duplicates
    (
        "taxonomy.yaml",
        "  - slug: hip-thigh\n",
        "  - slug: knee\n",
        "taxonomy.yaml: body_areas[1].slug: duplicate slug “knee” (first at body_areas[0].slug)",
    ),
    (
        "taxonomy.yaml",
        "  - slug: knee-pain-stairs\n",
        "  - slug: knee-grinding\n",
        "taxonomy.yaml: symptoms[",
    ),
    (
        "questionnaire.yaml",
        "      - slug: suddenly\n",
        "      - slug: gradually\n",
        "questionnaire.yaml: questions.how-did-it-start.options[1].slug: duplicate option slug “gradually”",
    ),
    (
        "questionnaire.yaml",
        "  - slug: age\n",
        "  - slug: where-does-it-hurt\n",
        "questionnaire.yaml: questions[1].slug: duplicate question slug “where-does-it-hurt”",
    ),
    (
        RUNNERS_KNEE,
        "  - approach: rest\n    phase: immediate",
        "  - approach: cold-therapy\n    phase: immediate",
        "guides/runners-knee.md: treatments[1].approach: duplicate approach and phase “cold-therapy (immediate)”",
    ),
    (
        "product_uses.yaml",
        "loop-stretch-strap-long:",
        "loop-stretch-strap:",
        "product_uses.yaml: line 8: not valid YAML: found the key 'loop-stretch-strap' twice",
    ),
    # malformed files
    ("taxonomy.yaml", "body_areas:\n", "body_areas: [\n", "taxonomy.yaml: line "),
    (RUNNERS_KNEE, "---\nname:", "name:", "guides/runners-knee.md: front matter: the file must open with a “---” line"),
    (RUNNERS_KNEE, "prior: 0.12", "prior: [0.12", "guides/runners-knee.md: line "),
    (RUNNERS_KNEE, "prior: 0.12", "priority: 0.12", "guides/runners-knee.md: priority: unknown field"),
    (
        RUNNERS_KNEE,
        "defining: [knee-front-dull-ache, knee-pain-stairs]\n",
        "defining: [ankle-rolled]\n",
        "guides/runners-knee.md: defining[0]: unknown symptom of this condition slug “ankle-rolled”",
    ),
    (
        "taxonomy.yaml",
        "    base_rate: 0.35\n",
        "    base_rate: 35\n",
        "taxonomy.yaml: symptoms[",
    ),
    (
        RUNNERS_KNEE,
        "slug: runners-knee",
        "slug: Runner's knee",
        "guides/runners-knee.md: slug: “Runner's knee” is not a slug",
    ),
    (
        "questionnaire.yaml",
        "      - slug: 'yes'",
        "      - slug: yes",
        "questionnaire.yaml: questions.safety-deformity.options[0].slug: expected text, got bool True "
        "(put yes, no, on and off in quotes)",
    ),
    # what a safety question leaves open, and answers that withhold products
    (
        "questionnaire.yaml",
        "    concern: a blood clot in the leg\n",
        "",
        "questionnaire.yaml: questions.safety-calf-swollen.concern: a safety question needs what “Not sure”",
    ),
    (
        "questionnaire.yaml",
        "    stage: symptoms\n",
        "    concern: nothing\n    stage: symptoms\n",
        "questionnaire.yaml: questions.how-did-it-start.concern: is never shown: only safety questions name a concern",
    ),
    (
        "questionnaire.yaml",
        "        label: 'No'\n",
        "        label: 'No'\n        withhold_products: true\n",
        "questionnaire.yaml: questions.safety-injury.options.no.withhold_products: only a see_doctor",
    ),
    (
        "questionnaire.yaml",
        "        label: 'No'\n",
        "        label: 'No'\n        red_flag: urgent\n        red_flag_message: Go.\n"
        "        withhold_products: true\n",
        "questionnaire.yaml: questions.safety-injury.options.no.withhold_products: urgent red flags never show",
    ),
    (
        "questionnaire.yaml",
        "        label: 'No'\n",
        "        label: 'No'\n        red_flag: see_doctor\n        red_flag_message: Go.\n"
        "        withhold_products: maybe\n",
        "questionnaire.yaml: questions.safety-injury.options.no.withhold_products: ",
    ),
    (
        "questionnaire.yaml",
        "      - slug: 'yes'",
        "      - slug: not-sure",
        "questionnaire.yaml: questions.safety-deformity.options.not-sure.slug: “not-sure” is reserved",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "problem"), BROKEN, ids=[case[3][:70] for case in BROKEN])
def test_a_broken_file_names_the_file_and_field_and_writes_nothing(catalogue, content, name, old, new, problem):
    edit(content, name, old, new)

    with pytest.raises(ContentError) as raised:
        knowledge_load(root=content)

    assert [found for found in raised.value.problems if found.startswith(problem)], raised.value.problems
    assert problem in str(raised.value)
    assert not any(model.objects.exists() for model in KNOWLEDGE_MODELS)


def test_a_guide_whose_slug_is_taken_by_another_file_is_refused(catalogue, content):
    shutil.copy(content / RUNNERS_KNEE, content / "guides/anterior-knee-pain.md")

    with pytest.raises(ContentError) as raised:
        knowledge_load(root=content)

    assert raised.value.problems == [
        "guides/anterior-knee-pain.md: slug: “runners-knee” does not match the file name; "
        "name the file runners-knee.md",
        "guides/runners-knee.md: slug: duplicate condition slug “runners-knee” (first at guides/anterior-knee-pain.md)",
        "guides/runners-knee.md: name: duplicate condition name “Runner's knee” "
        "(first at guides/anterior-knee-pain.md)",
    ]


def test_a_product_missing_from_the_catalogue_is_refused(db, content):
    with pytest.raises(ContentError) as raised:
        knowledge_load(root=content)

    assert "product_uses.yaml: loop-stretch-strap: unknown product slug “loop-stretch-strap”" in raised.value.problems
    assert not Condition.objects.exists()


def test_a_broken_file_leaves_the_loaded_knowledge_base_as_it_was(catalogue, content):
    knowledge_load(root=content)
    before = snapshot()
    edit(content, RUNNERS_KNEE, "A dull ache around", "A nagging ache around")
    edit(content, "questionnaire.yaml", "stage: where", "stage: first")

    with pytest.raises(ContentError):
        knowledge_load(root=content)

    assert snapshot() == before
    assert Condition.objects.get(slug="runners-knee").summary.startswith("A dull ache")


# ---------------------------------------------------------------------------- the command


def test_load_knowledge_prints_what_it_loaded(catalogue, capsys):
    call_command("load_knowledge")

    out = capsys.readouterr().out
    assert "Knowledge base loaded:" in out
    assert f"{Condition.objects.count()} conditions" in out
    assert f"{Question.objects.count()} questions" in out


def test_load_knowledge_lists_every_problem_and_loads_nothing(catalogue, content):
    edit(content, RUNNERS_KNEE, "## When to see a doctor\n", "")
    edit(content, "taxonomy.yaml", "body_area: knee", "body_area: knees")

    with pytest.raises(CommandError) as raised:
        call_command("load_knowledge", "--content-dir", str(content))

    message = str(raised.value)
    assert "Nothing was loaded" in message
    assert "- guides/runners-knee.md: ## When to see a doctor: required section is missing" in message
    assert "- taxonomy.yaml: symptoms[8].body_area: unknown body area slug “knees”" in message
    assert not Condition.objects.exists()


def test_defining_signs_and_facts_about_the_person_are_loaded(catalogue, content):
    edit(
        content,
        RUNNERS_KNEE,
        "defining: [knee-front-dull-ache, knee-pain-stairs]\n",
        "defining: [knee-front-dull-ache]\n",
    )

    knowledge_load(root=content)

    links = ConditionSymptom.objects.filter(condition__slug="runners-knee")
    assert set(links.filter(defining=True).values_list("symptom__slug", flat=True)) == {"knee-front-dull-ache"}
    assert links.filter(defining=False).count() == links.count() - 1
    assert Symptom.objects.get(slug="age-fifty-plus").base_rate == 0.35
    assert Symptom.objects.get(slug="knee-pain-stairs").base_rate is None


def test_every_body_area_the_search_words_name_is_in_the_taxonomy():
    from guides.search import area_words

    taxonomy = yaml.safe_load((CONTENT_DIR / "taxonomy.yaml").read_text(encoding="utf-8"))
    known = {area["slug"] for area in taxonomy["body_areas"]}

    assert set(area_words()) <= known
    assert all(area_words().values())


# ---------------------------------------------------------------------------- product fit

MISFITS = [
    (
        "product_uses.yaml",
        "  only_for: [it-band-syndrome]",
        "  only_for: [it-band-syndrom]",
        "product_uses.yaml: it-band-strap.only_for[0]: unknown condition slug “it-band-syndrom”",
    ),
    (
        RUNNERS_KNEE,
        "  - product: knee-cold-wrap\n    action: pin",
        "  - product: it-band-strap\n    action: pin",
        "guides/runners-knee.md: curation[1].product: “it-band-strap” is made only for IT band syndrome "
        "(product_uses.yaml only_for)",
    ),
    (
        RUNNERS_KNEE,
        "[[product:knee-cold-wrap]]",
        "[[product:patella-strap]]",
        "guides/runners-knee.md: ## Immediate relief: “patella-strap” is made only for Patellar tendinopathy "
        "(jumper's knee), Osgood-Schlatter disease",
    ),
    (
        RUNNERS_KNEE,
        "  - product: open-patella-knee-brace\n",
        "  - product: spiky-massage-ball\n",
        "guides/runners-knee.md: curation[2].product: “spiky-massage-ball” is made for foot-ankle, neck-shoulder, "
        "not where Runner's knee is felt",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "problem"), MISFITS, ids=[case[3][:70] for case in MISFITS])
def test_a_product_picked_or_shown_where_its_purpose_does_not_fit_is_refused(
    catalogue, content, name, old, new, problem
):
    edit(content, name, old, new)

    with pytest.raises(ContentError) as raised:
        knowledge_load(root=content)

    assert [found for found in raised.value.problems if found.startswith(problem)], raised.value.problems
    assert not Condition.objects.exists()


def test_the_conditions_a_product_is_made_for_are_loaded_and_an_exclusion_of_it_is_fine(catalogue, content):
    knowledge_load(root=content)

    made_for = ProductFit.objects.filter(product__slug="night-splint-plantar").values_list("condition__slug", flat=True)
    assert sorted(made_for) == ["achilles-tendinopathy", "plantar-fasciitis"]
    assert not ProductFit.objects.filter(product__slug="reusable-cold-pack").exists()
    assert Condition.objects.get(slug="it-band-syndrome").curations.get(product__slug="open-patella-knee-brace").action
    edit(content, "product_uses.yaml", "  only_for: [plantar-fasciitis, achilles-tendinopathy]\n", "")

    knowledge_load(root=content)

    assert not ProductFit.objects.filter(product__slug="night-splint-plantar").exists()


def test_defining_signs_are_few_and_each_can_be_confirmed_by_a_symptom_question():
    questions = yaml.safe_load((CONTENT_DIR / "questionnaire.yaml").read_text())["questions"]
    confirmable = {
        symptom
        for question in questions
        if question["stage"] == "symptoms"
        for option in question["options"]
        for symptom in option.get("symptoms_present", ())
    }
    listed = {}
    for path in sorted((CONTENT_DIR / "guides").glob("*.md")):
        front, _body = front_matter_split(path.read_text())
        if defining := yaml.safe_load(front).get("defining"):
            listed[path.stem] = defining

    assert len(listed) >= 20
    assert {slug: signs for slug, signs in listed.items() if not 1 <= len(signs) <= 3} == {}
    assert {slug: set(signs) - confirmable for slug, signs in listed.items() if set(signs) - confirmable} == {}
