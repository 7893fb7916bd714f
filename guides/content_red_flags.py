"""Read red_flags.yaml: the red-flag rules, one per warning sign, checked against the questionnaire."""

from guides import vocabulary
from guides.content_checks import FileChecker
from guides.content_entries import QuestionEntry, RedFlagRuleEntry, RuleClauseEntry
from guides.content_questionnaire import max_len
from guides.models import RedFlagRule

RED_FLAGS = "red_flags.yaml"
ANYWHERE = "any"
RULE_FIELDS = {
    *("slug", "sign", "regions", "ages", "when", "level", "withhold_products", "message", "watch_out"),
    *("source", "reason"),
}
LEVELS = (vocabulary.SEE_DOCTOR, vocabulary.URGENT)


class RedFlagReader:
    """The red-flag part of the content reader; it runs after the questionnaire is read."""

    areas: set[str] | None
    problems: list[str]

    def red_flag_rules(self, questions: tuple[QuestionEntry, ...]) -> tuple[tuple[RedFlagRuleEntry, ...], str]:
        """Return the rules and the age question's slug; each rule must name questions and answers that exist."""
        check, data = self._yaml_file(RED_FLAGS)
        if data is None:
            return (), ""
        data = check.fields(data, "", {"age_question", "rules"})
        by_slug = {question.slug: question for question in questions}
        age_slug = check.text(data.get("age_question"), "age_question")
        age = by_slug.get(age_slug)
        if age_slug and age is None:
            check.report("age_question", f"unknown question slug “{age_slug}”")
        elif age is not None and age.offers_not_sure:
            check.report("age_question", f"“{age_slug}” must set not_sure: false: rules depend on the answer")
        places = self.areas
        rules, slugs = [], {}
        for index, item in enumerate(check.items(data.get("rules"), "rules", required=True)):
            item = check.fields(item, f"rules[{index}]", RULE_FIELDS)
            slug = check.slug(item.get("slug"), f"rules[{index}].slug")
            check.unique(slugs, slug, f"rules[{index}].slug", "rule slug")
            field = f"rules.{slug}" if slug else f"rules[{index}]"
            rules.append(self._rule(check, item, field, slug, by_slug, age, places))
        return tuple(rules), age_slug

    def _rule(self, check: FileChecker, item: dict, field: str, slug: str, by_slug, age, places) -> RedFlagRuleEntry:
        regions = check.known_list(
            item.get("regions"),
            f"{field}.regions",
            None if places is None else {*places, ANYWHERE},
            "region",
            required=True,
        )
        if ANYWHERE in regions and len(regions) > 1:
            check.report(f"{field}.regions", f"“{ANYWHERE}” stands alone: it means every region")
        regions = tuple(region for region in regions if region != ANYWHERE)
        ages = check.known_list(
            item.get("ages"), f"{field}.ages", None if age is None else {o.slug for o in age.options}, "age answer"
        )
        when = tuple(
            self._clause(check, clause, f"{field}.when[{index}]", by_slug, regions)
            for index, clause in enumerate(check.items(item.get("when"), f"{field}.when"))
        )
        level = check.choice(item.get("level"), f"{field}.level", LEVELS)
        withhold = check.flag(item.get("withhold_products"), f"{field}.withhold_products", default=False)
        if withhold and level != vocabulary.SEE_DOCTOR:
            check.report(f"{field}.withhold_products", "only a see_doctor rule withholds; urgent never shows products")
        if not (regions or ages or when):
            check.report(field, "a rule needs a region, an age or a `when`: as written it would flag every shopper")
        watch_out = self._words(check, item, "watch_out", field, blank=True)
        if watch_out and not when:
            check.report(f"{field}.watch_out", "is never shown: it is said when the first `when` answer is given")
        return RedFlagRuleEntry(
            slug=slug,
            sign=self._words(check, item, "sign", field),
            regions=regions,
            ages=ages,
            when=when,
            level=level,
            withhold_products=withhold,
            message=self._words(check, item, "message", field),
            watch_out=watch_out,
            source=self._words(check, item, "source", field),
            reason=self._words(check, item, "reason", field),
        )

    def _words(self, check: FileChecker, item: dict, name: str, field: str, *, blank: bool = False) -> str:
        """Return a text field, required unless `blank`; every rule names its source and the reason for its level."""
        return check.text(item.get(name), f"{field}.{name}", max_length=max_len(RedFlagRule, name), blank=blank).strip()

    def _clause(self, check: FileChecker, data, field: str, by_slug, regions: tuple[str, ...]) -> RuleClauseEntry:
        """Read one clause: a question and the answers that meet it, or `any_of` a list of such clauses."""
        if isinstance(data, dict) and "any_of" in data:
            data = check.fields(data, field, {"any_of"})
            parts = check.items(data.get("any_of"), f"{field}.any_of", required=True)
            if len(parts) < 2:
                check.report(f"{field}.any_of", "needs two or more clauses; write a single one without any_of")
            return RuleClauseEntry(
                any_of=tuple(
                    self._clause(check, part, f"{field}.any_of[{index}]", by_slug, regions)
                    for index, part in enumerate(parts)
                )
            )
        data = check.fields(data, field, {"question", "answers"})
        slug = check.known(data.get("question"), f"{field}.question", by_slug, "question")
        question = by_slug.get(slug)
        options = None if question is None else {option.slug for option in question.options}
        answers = check.known_list(
            data.get("answers"), f"{field}.answers", options, f"answer of “{slug}”", required=True
        )
        if question is not None:
            if question.stage != vocabulary.STAGE_SAFETY:
                check.report(f"{field}.question", f"“{slug}” is not a safety question: rules read the safety step only")
            elif question.body_areas and (not regions or not set(regions) <= set(question.body_areas)):
                where = ", ".join(regions) or ANYWHERE
                asked = ", ".join(question.body_areas)
                check.report(
                    f"{field}.question", f"“{slug}” is asked only for {asked}, so the rule cannot be met for {where}"
                )
        return RuleClauseEntry(question=slug, answers=answers)
