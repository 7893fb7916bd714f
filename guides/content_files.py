"""Read the knowledge-base files under guides/content/ into checked entries, without touching the database."""

import re
from collections.abc import Callable, Mapping
from pathlib import Path

from guides.content_checks import ContentError, FileChecker, front_matter_split
from guides.content_entries import (
    ApproachEntry,
    BodyAreaEntry,
    CurationEntry,
    GuideEntry,
    KnowledgeContent,
    ProductUseEntry,
    SymptomEntry,
    TreatmentEntry,
)
from guides.content_questionnaire import QuestionnaireReader, max_len
from guides.content_red_flags import RedFlagReader
from guides.models import (
    PRODUCT_MENTION,
    Article,
    BodyArea,
    Condition,
    ConditionTreatment,
    CuratedProduct,
    CurationAction,
    Phase,
    Symptom,
    TreatmentApproach,
)

CONTENT_DIR = Path(__file__).resolve().parent / "content"
TAXONOMY = "taxonomy.yaml"
PRODUCT_USES = "product_uses.yaml"
GUIDES = "guides"

GUIDE_FIELDS = {
    *("name", "slug", "summary", "prior", "published", "body_areas", "reviewed_on", "symptoms", "treatments"),
    *("curation", "title", "seo_title", "seo_description", "defining"),
}
HEADING = re.compile(r"^## +(.*?)[ \t]*$", re.MULTILINE)
ANY_MENTION = re.compile(r"\[\[product:([^\]]*)\]\]")


class _Reader(QuestionnaireReader, RedFlagReader):
    """Read each file, collecting problems; references are checked against what the taxonomy defines."""

    def __init__(self, root: Path, products: Mapping[str, bool]):
        self.root = root
        self.products = products
        self.problems: list[str] = []
        # None until taxonomy.yaml is read: a taxonomy that cannot be parsed leaves references unchecked.
        self.areas: set[str] | None = None
        self.approaches: dict[str, ApproachEntry] | None = None
        self.symptoms: set[str] | None = None
        self.conditions: dict[str, GuideEntry] | None = None  # None until the guides are read

    # ---------------------------------------------------------------- taxonomy.yaml
    def taxonomy(self) -> tuple[tuple[BodyAreaEntry, ...], tuple[ApproachEntry, ...], tuple[SymptomEntry, ...]]:
        check, data = self._yaml_file(TAXONOMY)
        if data is None:
            return (), (), ()
        data = check.fields(data, "", {"body_areas", "approaches", "symptoms"})
        areas = self._entries(check, data.get("body_areas"), "body_areas", {"slug", "name"}, self._area)
        self.areas = {area.slug for area in areas}
        approaches = self._entries(
            check, data.get("approaches"), "approaches", {"slug", "name", "description", "has_products"}, self._approach
        )
        self.approaches = {approach.slug: approach for approach in approaches}
        symptoms = self._entries(
            check, data.get("symptoms"), "symptoms", {"slug", "name", "body_area", "base_rate"}, self._symptom
        )
        self.symptoms = {symptom.slug for symptom in symptoms}
        return areas, approaches, symptoms

    def _entries(self, check: FileChecker, items, field: str, allowed: set[str], build: Callable) -> tuple:
        """Build each entry of a taxonomy list; slugs and names must be unique."""
        entries, slugs, names = [], {}, {}
        for index, item in enumerate(check.items(items, field, required=True)):
            where = f"{field}[{index}]"
            entry = build(check, check.fields(item, where, allowed), where)
            check.unique(slugs, entry.slug, f"{where}.slug", "slug")
            check.unique(names, entry.name, f"{where}.name", "name")
            entries.append(entry)
        return tuple(entries)

    def _area(self, check: FileChecker, item: dict, field: str) -> BodyAreaEntry:
        return BodyAreaEntry(
            slug=check.slug(item.get("slug"), f"{field}.slug"),
            name=check.text(item.get("name"), f"{field}.name", max_length=max_len(BodyArea, "name")),
        )

    def _approach(self, check: FileChecker, item: dict, field: str) -> ApproachEntry:
        return ApproachEntry(
            slug=check.slug(item.get("slug"), f"{field}.slug"),
            name=check.text(item.get("name"), f"{field}.name", max_length=max_len(TreatmentApproach, "name")),
            description=check.text(
                item.get("description"),
                f"{field}.description",
                max_length=max_len(TreatmentApproach, "description"),
                blank=True,
            ),
            has_products=check.flag(item.get("has_products"), f"{field}.has_products", default=True),
        )

    def _symptom(self, check: FileChecker, item: dict, field: str) -> SymptomEntry:
        area = item.get("body_area")
        base_rate = item.get("base_rate")
        return SymptomEntry(
            slug=check.slug(item.get("slug"), f"{field}.slug"),
            name=check.text(item.get("name"), f"{field}.name", max_length=max_len(Symptom, "name")),
            body_area=None if area is None else check.known(area, f"{field}.body_area", self.areas, "body area"),
            base_rate=None if base_rate is None else check.share(base_rate, f"{field}.base_rate"),
        )

    # ---------------------------------------------------------------- guides/<condition-slug>.md
    def guides(self) -> tuple[GuideEntry, ...]:
        folder = self.root / GUIDES
        paths = sorted(folder.glob("*.md")) if folder.is_dir() else []
        if not paths:
            FileChecker(f"{GUIDES}/", self.problems).report("", "no guides: expected one <condition-slug>.md each")
        guides, slugs, names = [], {}, {}
        for path in paths:
            check = FileChecker(f"{GUIDES}/{path.name}", self.problems)
            guide = self._guide(check, path)
            if guide is not None:
                check.unique(slugs, guide.slug, "slug", "condition slug", place=check.file)
                check.unique(names, guide.name, "name", "condition name", place=check.file)
                guides.append(guide)
        self.conditions = {guide.slug: guide for guide in guides}
        return tuple(guides)

    def _guide(self, check: FileChecker, path: Path) -> GuideEntry | None:
        text = check.read(path)
        parts = None if text is None else front_matter_split(text)
        if parts is None:
            if text is not None:
                check.report("front matter", "the file must open with a “---” line, the YAML front matter, then “---”")
            return None
        front, body = parts
        data = check.parse_yaml(front, first_line=2)
        if data is None:
            return None
        data = check.fields(data, "", GUIDE_FIELDS)
        slug = check.slug(data.get("slug"), "slug")
        if slug and slug != path.stem:
            check.report("slug", f"“{slug}” does not match the file name; name the file {slug}.md")
        name = check.text(data.get("name"), "name", max_length=max_len(Condition, "name"))
        symptoms = self._likelihoods(check, data.get("symptoms"))
        return GuideEntry(
            slug=slug,
            name=name,
            summary=check.text(data.get("summary"), "summary", max_length=max_len(Condition, "summary")),
            prior=check.share(data.get("prior"), "prior", above_zero=True),
            published=check.flag(data.get("published"), "published", default=False),
            body_areas=check.known_list(data.get("body_areas"), "body_areas", self.areas, "body area", required=True),
            symptoms=symptoms,
            defining=check.known_list(
                data.get("defining"), "defining", {slug for slug, _likelihood in symptoms}, "symptom of this condition"
            ),
            treatments=self._treatments(check, data.get("treatments")),
            curation=self._curation(check, data.get("curation")),
            title=check.text(data.get("title", name), "title", max_length=max_len(Article, "title")),
            seo_title=check.text(
                data.get("seo_title"), "seo_title", max_length=max_len(Article, "seo_title"), blank=True
            ),
            seo_description=check.text(
                data.get("seo_description"),
                "seo_description",
                max_length=max_len(Article, "seo_description"),
                blank=True,
            ),
            reviewed_on=check.date(data.get("reviewed_on"), "reviewed_on"),
            sections=self._sections(check, body),
        )

    def _likelihoods(self, check: FileChecker, data) -> tuple[tuple[str, float], ...]:
        likelihoods = check.mapping(data, "symptoms", "symptom slug to likelihood", required=True)
        return tuple(
            (
                check.known(slug, f"symptoms.{slug}", self.symptoms, "symptom"),
                check.share(likelihood, f"symptoms.{slug}"),
            )
            for slug, likelihood in likelihoods.items()
        )

    def _treatments(self, check: FileChecker, items) -> tuple[TreatmentEntry, ...]:
        treatments, seen = [], {}
        for index, item in enumerate(check.items(items, "treatments")):
            field = f"treatments[{index}]"
            item = check.fields(item, field, {"approach", "phase", "weight", "rationale"})
            treatment = TreatmentEntry(
                approach=check.known(item.get("approach"), f"{field}.approach", self.approaches, "approach"),
                phase=check.choice(item.get("phase"), f"{field}.phase", Phase.values),
                weight=check.share(item.get("weight"), f"{field}.weight"),
                rationale=check.text(
                    item.get("rationale"),
                    f"{field}.rationale",
                    max_length=max_len(ConditionTreatment, "rationale"),
                ),
            )
            if treatment.approach and treatment.phase:
                pair = f"{treatment.approach} ({treatment.phase})"
                check.unique(seen, pair, f"{field}.approach", "approach and phase")
            treatments.append(treatment)
        return tuple(treatments)

    def _curation(self, check: FileChecker, items) -> tuple[CurationEntry, ...]:
        entries, seen = [], {}
        for index, item in enumerate(check.items(items, "curation")):
            field = f"curation[{index}]"
            item = check.fields(item, field, {"product", "action", "boost", "phase", "note", "position"})
            entry = CurationEntry(
                product=check.known(item.get("product"), f"{field}.product", self.products, "product"),
                action=check.choice(item.get("action"), f"{field}.action", CurationAction.values),
                boost=check.share(item.get("boost", 0.0), f"{field}.boost"),
                phase=check.choice(item.get("phase", ""), f"{field}.phase", ["", *Phase.values]),
                note=check.text(
                    item.get("note"), f"{field}.note", max_length=max_len(CuratedProduct, "note"), blank=True
                ),
                position=check.position(item.get("position", index), f"{field}.position"),
            )
            if entry.action == CurationAction.BOOST and not entry.boost:
                check.report(f"{field}.boost", "a boost needs an amount above 0")
            if entry.action == CurationAction.EXCLUDE and entry.boost:
                check.report(f"{field}.boost", "an excluded product is never shown; leave the boost out")
            check.unique(seen, entry.product, f"{field}.product", "product")
            entries.append(entry)
        return tuple(entries)

    def _sections(self, check: FileChecker, body: str) -> tuple[tuple[str, str], ...]:
        """Split the Markdown body on its "## " headings: Article.SECTIONS' labels, each once, in order."""
        fields = {label: name for name, label in Article.SECTIONS}
        parts = HEADING.split(body)
        if parts[0].strip():
            check.report("body", "text before the first “## ” section heading")
        found: dict[str, str] = {}
        for label, text in zip(parts[1::2], parts[2::2], strict=True):
            field = f"## {label}"
            if label not in fields:
                check.report(field, f"unknown section heading; the sections are: {', '.join(fields)}")
            elif label in found:
                check.report(field, "section appears twice")
            else:
                found[label] = text.strip()
                if not found[label]:
                    check.report(field, "section is empty")
                self._mentions(check, field, found[label])
        for label in fields:
            if label not in found:
                check.report(f"## {label}", "required section is missing")
        if list(found) != [label for label in fields if label in found]:
            check.report("body", f"sections must come in this order: {', '.join(fields)}")
        return tuple((name, found.get(label, "")) for label, name in fields.items())

    def _mentions(self, check: FileChecker, field: str, text: str) -> None:
        for slug in ANY_MENTION.findall(text):
            mention = f"[[product:{slug}]]"
            if not PRODUCT_MENTION.fullmatch(mention):
                check.report(field, f"{mention} is not a product mention: put a product slug after “product:”")
            elif slug not in self.products:
                check.report(field, f"{mention}: unknown product slug “{slug}”")
            elif not self.products[slug]:
                check.report(field, f"{mention}: “{slug}” is not an active product, so shoppers would see no card")

    # ---------------------------------------------------------------- product_uses.yaml
    def product_uses(self) -> tuple[ProductUseEntry, ...]:
        check, data = self._yaml_file(PRODUCT_USES)
        if data is None:
            return ()
        uses_by_product = check.mapping(data, "", "product slug to its uses", required=True)
        entries = []
        for product, uses in uses_by_product.items():
            field = str(product)
            check.known(product, field, self.products, "product")
            uses = check.fields(uses, field, {"approaches", "body_areas", "only_for"})
            strengths = []
            approaches = check.mapping(uses.get("approaches"), f"{field}.approaches", "approach slug to strength")
            for approach, strength in approaches.items():
                where = f"{field}.approaches.{approach}"
                check.known(approach, where, self.approaches, "approach")
                if self.approaches and approach in self.approaches and not self.approaches[approach].has_products:
                    check.report(where, f"“{approach}” is advice only (has_products: false); no product serves it")
                strengths.append((approach, check.share(strength, where)))
            body_areas = check.known_list(uses.get("body_areas"), f"{field}.body_areas", self.areas, "body area")
            only_for = check.known_list(uses.get("only_for"), f"{field}.only_for", self.conditions, "condition")
            entries.append(
                ProductUseEntry(product=field, approaches=tuple(strengths), body_areas=body_areas, only_for=only_for)
            )
        self._fit_check(entries)
        return tuple(entries)

    def _fit_check(self, uses: list[ProductUseEntry]) -> None:
        """Refuse a guide that pins, boosts or shows a product whose purpose does not fit its condition."""
        purposes = {entry.product: entry for entry in uses}
        for guide in (self.conditions or {}).values():
            check = FileChecker(f"{GUIDES}/{guide.slug}.md", self.problems)
            for index, entry in enumerate(guide.curation):
                if entry.action != CurationAction.EXCLUDE and entry.product in purposes:
                    self._fit_report(check, f"curation[{index}].product", purposes[entry.product], guide)
            for field, text in guide.sections:
                for slug in dict.fromkeys(PRODUCT_MENTION.findall(text)):
                    if slug in purposes:
                        self._fit_report(check, f"## {dict(Article.SECTIONS)[field]}", purposes[slug], guide)

    def _fit_report(self, check: FileChecker, field: str, purpose: ProductUseEntry, guide: GuideEntry) -> None:
        names = {slug: entry.name for slug, entry in (self.conditions or {}).items()}
        if purpose.only_for and guide.slug not in purpose.only_for:
            made_for = ", ".join(names.get(slug, slug) for slug in purpose.only_for)
            check.report(field, f"“{purpose.product}” is made only for {made_for} ({PRODUCT_USES} only_for)")
        elif purpose.body_areas and not set(purpose.body_areas) & set(guide.body_areas):
            check.report(
                field,
                f"“{purpose.product}” is made for {', '.join(purpose.body_areas)}, not where {guide.name} is felt "
                f"({PRODUCT_USES} body_areas)",
            )


def content_read(*, root: Path = CONTENT_DIR, products: Mapping[str, bool]) -> KnowledgeContent:
    """Read and check every content file; raise ContentError listing every problem, or return the content.

    `products` maps each catalogue product slug to whether it is active.
    """
    reader = _Reader(root, products)
    body_areas, approaches, symptoms = reader.taxonomy()
    guides = reader.guides()
    product_uses = reader.product_uses()
    questions = reader.questionnaire()
    rules, age_question = reader.red_flag_rules(questions)
    content = KnowledgeContent(
        body_areas=body_areas,
        approaches=approaches,
        symptoms=symptoms,
        guides=guides,
        product_uses=product_uses,
        questions=questions,
        red_flag_rules=rules,
        age_question=age_question,
    )
    if reader.problems:
        raise ContentError(reader.problems)
    return content


def red_flag_rules_read(*, root: Path = CONTENT_DIR) -> tuple[KnowledgeContent, dict[str, str]]:
    """Read and check the taxonomy, questionnaire and red-flag rules alone; return them with body area names.

    Raise ContentError listing every problem in those files (guides and products are not read).
    """
    reader = _Reader(root, {})
    body_areas, approaches, symptoms = reader.taxonomy()
    questions = reader.questionnaire()
    rules, age_question = reader.red_flag_rules(questions)
    if reader.problems:
        raise ContentError(reader.problems)
    content = KnowledgeContent(
        body_areas=body_areas,
        approaches=approaches,
        symptoms=symptoms,
        guides=(),
        product_uses=(),
        questions=questions,
        red_flag_rules=rules,
        age_question=age_question,
    )
    return content, {area.slug: area.name for area in body_areas}
