"""Read questionnaire.yaml: the symptom-check questions, their options and the evidence or red flag each gives."""

from collections.abc import Iterator

from guides import vocabulary
from guides.content_checks import FileChecker
from guides.content_entries import OptionEntry, QuestionEntry
from guides.models import AnswerOption, Question, QuestionStage, RedFlag

QUESTIONNAIRE = "questionnaire.yaml"
QUESTION_FIELDS = {
    *("slug", "text", "help_text", "stage", "position", "allows_multiple", "body_areas", "concern", "options"),
    "not_sure",
}
OPTION_FIELDS = {
    *("slug", "label", "body_area", "symptoms_present", "symptoms_absent", "red_flag", "red_flag_message"),
    "withhold_products",
}
STAGES = {stage.name.lower(): stage for stage in QuestionStage}  # where, safety, symptoms


def max_len(model, field: str) -> int:
    """Return a model field's max_length, the limit a content file's text must keep to."""
    return model._meta.get_field(field).max_length


class QuestionnaireReader:
    """The questionnaire part of the content reader; `areas` and `symptoms` come from taxonomy.yaml."""

    areas: set[str] | None
    symptoms: set[str] | None
    problems: list[str]

    def _yaml_file(self, name: str) -> tuple[FileChecker, object]:
        check = FileChecker(name, self.problems)
        text = check.read(self.root / name)
        return check, None if text is None else check.parse_yaml(text)

    def questionnaire(self) -> tuple[QuestionEntry, ...]:
        check, data = self._yaml_file(QUESTIONNAIRE)
        if data is None:
            return ()
        data = check.fields(data, "", {"questions"})
        questions, slugs = [], {}
        for index, item in enumerate(check.items(data.get("questions"), "questions", required=True)):
            item = check.fields(item, f"questions[{index}]", QUESTION_FIELDS)
            slug = check.slug(item.get("slug"), f"questions[{index}].slug")
            check.unique(slugs, slug, f"questions[{index}].slug", "question slug")
            field = f"questions.{slug}" if slug else f"questions[{index}]"
            stage = check.choice(item.get("stage"), f"{field}.stage", STAGES)
            concern = check.text(
                item.get("concern"), f"{field}.concern", max_length=max_len(Question, "concern"), blank=True
            ).strip()
            offers_not_sure = check.flag(item.get("not_sure"), f"{field}.not_sure", default=True)
            if stage == "safety" and offers_not_sure and not concern:
                check.report(
                    f"{field}.concern", "a safety question needs what “Not sure” leaves open, e.g. “a blood clot”"
                )
            elif stage and stage != "safety" and concern:
                check.report(f"{field}.concern", "is never shown: only safety questions name a concern")
            questions.append(
                QuestionEntry(
                    slug=slug,
                    text=check.text(item.get("text"), f"{field}.text", max_length=max_len(Question, "text")),
                    help_text=check.text(
                        item.get("help_text"),
                        f"{field}.help_text",
                        max_length=max_len(Question, "help_text"),
                        blank=True,
                    ),
                    stage=STAGES.get(stage, QuestionStage.SYMPTOMS),
                    position=check.position(item.get("position"), f"{field}.position"),
                    allows_multiple=check.flag(item.get("allows_multiple"), f"{field}.allows_multiple", default=False),
                    body_areas=check.known_list(item.get("body_areas"), f"{field}.body_areas", self.areas, "body area"),
                    concern=concern,
                    options=tuple(self._options(check, item.get("options"), f"{field}.options")),
                    offers_not_sure=offers_not_sure,
                )
            )
        return tuple(questions)

    def _options(self, check: FileChecker, items, field: str) -> Iterator[OptionEntry]:
        slugs = {}
        for index, item in enumerate(check.items(items, field, required=True)):
            item = check.fields(item, f"{field}[{index}]", OPTION_FIELDS)
            slug = check.slug(item.get("slug"), f"{field}[{index}].slug")
            check.unique(slugs, slug, f"{field}[{index}].slug", "option slug")
            where = f"{field}.{slug}" if slug else f"{field}[{index}]"
            if slug == vocabulary.NOT_SURE:
                check.report(f"{where}.slug", f"“{slug}” is reserved: every question offers “Not sure” by itself")
            red_flag = check.choice(item.get("red_flag", ""), f"{where}.red_flag", RedFlag.values)
            message = check.text(
                item.get("red_flag_message"),
                f"{where}.red_flag_message",
                max_length=max_len(AnswerOption, "red_flag_message"),
                blank=True,
            )
            if red_flag and not message.strip():
                check.report(f"{where}.red_flag_message", "a red flag needs the message shoppers see when it is raised")
            elif message.strip() and not item.get("red_flag"):
                check.report(f"{where}.red_flag_message", "is never shown: the option raises no red flag")
            withhold = check.flag(item.get("withhold_products"), f"{where}.withhold_products", default=False)
            if withhold and red_flag != RedFlag.SEE_DOCTOR:
                problem = (
                    "urgent red flags never show products; leave it out"
                    if red_flag == RedFlag.URGENT
                    else "only a see_doctor red flag can withhold products"
                )
                check.report(f"{where}.withhold_products", problem)
            area = item.get("body_area")
            yield OptionEntry(
                slug=slug,
                label=check.text(item.get("label"), f"{where}.label", max_length=max_len(AnswerOption, "label")),
                body_area=None if area is None else check.known(area, f"{where}.body_area", self.areas, "body area"),
                symptoms_present=check.known_list(
                    item.get("symptoms_present"), f"{where}.symptoms_present", self.symptoms, "symptom"
                ),
                symptoms_absent=check.known_list(
                    item.get("symptoms_absent"), f"{where}.symptoms_absent", self.symptoms, "symptom"
                ),
                red_flag=red_flag,
                red_flag_message=message,
                withhold_products=withhold,
            )
