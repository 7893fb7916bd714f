"""The symptom check's questions and the evidence each answer gives."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from guides import vocabulary
from guides.models.conditions import BodyArea, Symptom
from shop.constraints import slug_unique_ignoring_case


class QuestionStage(models.IntegerChoices):
    """Where a question sits in the symptom check: place first, safety next, then symptoms."""

    WHERE = vocabulary.STAGE_WHERE, vocabulary.STAGE_LABELS[vocabulary.STAGE_WHERE]
    SAFETY = vocabulary.STAGE_SAFETY, vocabulary.STAGE_LABELS[vocabulary.STAGE_SAFETY]
    SYMPTOMS = vocabulary.STAGE_SYMPTOMS, vocabulary.STAGE_LABELS[vocabulary.STAGE_SYMPTOMS]


class QuestionQuerySet(models.QuerySet):
    def active(self):
        """Questions shoppers are asked."""
        return self.filter(is_active=True)


class Question(models.Model):
    """A question of the symptom check."""

    slug = models.SlugField(max_length=80, unique=True, help_text="Identifier API clients send answers under.")
    text = models.CharField(max_length=200, help_text="The question as shoppers read it.")
    help_text = models.CharField(max_length=300, blank=True, help_text="Optional hint shown under the question.")
    allows_multiple = models.BooleanField(
        "multiple choice", default=False, help_text="Tick if shoppers may choose several options."
    )
    stage = models.PositiveSmallIntegerField(
        choices=QuestionStage.choices,
        default=QuestionStage.SYMPTOMS,
        help_text="Where-it-hurts and safety questions come first, in position order; "
        "symptom questions are chosen by how much they tell apart.",
    )
    body_areas = models.ManyToManyField(
        BodyArea,
        blank=True,
        related_name="questions",
        help_text="Ask only when the shopper reports one of these areas; leave empty to ask everyone.",
    )
    concern = models.CharField(
        max_length=150,
        blank=True,
        help_text="Safety questions: what a “Not sure” answer leaves open, in plain words, e.g. “a blood clot”. "
        "Shoppers who are not sure are told this could not be ruled out.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within the stage.")
    offers_not_sure = models.BooleanField(
        "offers “Not sure”",
        default=True,
        help_text="Untick for a question everyone can answer (how old you are): it then has no “Not sure”.",
    )
    is_active = models.BooleanField("active", default=True, help_text="Inactive questions are never asked.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["stage", "position", "slug", "pk"]
        constraints = [slug_unique_ignoring_case("question")]

    def __str__(self):
        return self.text


class RedFlag(models.TextChoices):
    """How urgently an answer calls for a professional."""

    NONE = "", "None"
    SEE_DOCTOR = vocabulary.SEE_DOCTOR, vocabulary.RED_FLAG_LABELS[vocabulary.SEE_DOCTOR]
    URGENT = vocabulary.URGENT, vocabulary.RED_FLAG_LABELS[vocabulary.URGENT]


class AnswerOption(models.Model):
    """One answer to a question, and the evidence it gives."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    slug = models.SlugField(max_length=80, help_text="Identifier API clients send; unique within the question.")
    label = models.CharField(max_length=200, help_text="The answer as shoppers read it.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order among the question's options.")
    body_area = models.ForeignKey(
        BodyArea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answer_options",
        help_text="The body area this answer reports, if any.",
    )
    symptoms_present = models.ManyToManyField(
        Symptom, blank=True, related_name="present_in_options", help_text="Symptoms this answer says the shopper has."
    )
    symptoms_absent = models.ManyToManyField(
        Symptom, blank=True, related_name="absent_in_options", help_text="Symptoms this answer rules out."
    )
    red_flag = models.CharField(
        max_length=20,
        choices=RedFlag.choices,
        blank=True,
        default=RedFlag.NONE,
        help_text="Set when this answer needs a professional rather than a purchase.",
    )
    red_flag_message = models.CharField(
        max_length=300, blank=True, help_text="What to tell the shopper when the red flag is raised."
    )
    withhold_products = models.BooleanField(
        default=False,
        help_text="For a see-a-doctor red flag serious enough that no product should be offered "
        "(urgent red flags never show products).",
    )

    class Meta:
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "slug"], name="answer_option_slug_unique_per_question"),
            slug_unique_ignoring_case("answer_option", within=("question",)),
            models.CheckConstraint(
                condition=Q(red_flag="") | ~Q(red_flag_message=""), name="answer_option_red_flag_has_message"
            ),
            models.CheckConstraint(condition=~Q(slug=vocabulary.NOT_SURE), name="answer_option_not_sure_reserved"),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        errors = {}
        if self.red_flag and not self.red_flag_message.strip():
            errors["red_flag_message"] = "Write the message shoppers see when this red flag is raised."
        if self.slug == vocabulary.NOT_SURE:
            errors["slug"] = f"“{vocabulary.NOT_SURE}” is reserved: every question offers “Not sure” by itself."
        if errors:
            raise ValidationError(errors)


class RedFlagRuleQuerySet(models.QuerySet):
    def active(self):
        """Rules the symptom check applies."""
        return self.filter(is_active=True)


class RedFlagRule(models.Model):
    """One warning sign: where and at what age it counts, which answers show it, how urgent it is, and why.

    Loaded from guides/content/red_flags.yaml, which is the source: a clinical reviewer changes the file.
    """

    slug = models.SlugField(max_length=80, unique=True, help_text="Identifier of the rule, e.g. “ottawa-ankle”.")
    sign = models.CharField(max_length=200, help_text="The warning sign in plain words, as the safety table lists it.")
    regions = models.ManyToManyField(
        BodyArea,
        blank=True,
        related_name="red_flag_rules",
        help_text="Where it hurts for the rule to count; leave empty for anywhere.",
    )
    ages = models.JSONField(
        default=list,
        blank=True,
        help_text="Age answers it counts for, by the identifiers of the age question's options; empty: any.",
    )
    when = models.JSONField(
        default=list,
        blank=True,
        help_text="Answers that must all be given, each written {“question”: the question's identifier, “answers”: "
        "[its options' identifiers]}, or {“any_of”: [...]} when one of several will do, all in [ ]; "
        "empty: the place (and age) alone.",
    )
    level = models.CharField(
        max_length=20,
        choices=[choice for choice in RedFlag.choices if choice[0]],
        help_text="How urgently the sign calls for a professional.",
    )
    withhold_products = models.BooleanField(
        default=False, help_text="For a see-a-doctor rule serious enough that no product should be offered."
    )
    message = models.CharField(max_length=300, help_text="What to do and how soon, as shoppers read it.")
    watch_out = models.CharField(
        max_length=300,
        blank=True,
        help_text="Said when the rule's first answer is given but the sign is not: what to watch for.",
    )
    source = models.CharField(max_length=200, help_text="The guidance the rule comes from.")
    reason = models.CharField(max_length=300, help_text="Why the sign has this level.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the rule set and the safety table.")
    is_active = models.BooleanField("active", default=True, help_text="Inactive rules are never applied.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RedFlagRuleQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(level=""), name="red_flag_rule_has_level"),
            models.CheckConstraint(
                condition=Q(withhold_products=False) | Q(level=vocabulary.SEE_DOCTOR),
                name="red_flag_rule_withholds_only_when_see_doctor",
            ),
        ]

    def __str__(self):
        return self.sign
