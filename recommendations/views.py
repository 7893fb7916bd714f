"""Shopper pages that show recommendations: a guide with its products, a product page, the symptom check."""

from dataclasses import dataclass

from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from analytics.models import EventKind
from analytics.services import events_record
from analytics.visitors import VISITOR_COOKIE, VISITOR_COOKIE_AGE, visitor_id
from catalog.selectors import product_base_queryset, product_get, product_variants
from guides.sections import article_sections
from guides.selectors import article_get, condition_list
from guides.vocabulary import PHASES, STAGE_LABELS, STAGE_SYMPTOMS, STAGE_WHERE
from recommendations.check_screens import check_screens
from recommendations.engine.answers import InvalidAnswers
from recommendations.engine.recommend import recommend
from recommendations.engine.types import MATCH_LIKELY, MATCH_POSSIBLE, NOT_SURE_OPTION, QuestionInfo
from recommendations.index.current import index_current
from recommendations.related import related_products
from recommendations.selectors import (
    condition_ranking_get,
    conditions_helped,
    ranked_cards,
    recommendation_in_stock,
)
from recommendations.services import assessment_keep
from shop.pages import page_cached

PRODUCTS_PER_PHASE = 4
RESULTS_LIMIT = 8
REFERRING_SOURCES = {"symptom_check", "guide"}  # ?ref= values that make a product view a click
CART_SOURCES = REFERRING_SOURCES | {"related", "search"}  # ?ref= values an "Add to cart" on the page keeps
LAST_CONDITION_KEY = "limber_last_condition"  # session: the condition of the last guide or result the shopper saw


def guide_detail_view(request, slug):
    """Show a guide: its sections, mentioned products, and products that help by phase."""
    staff = request.user.is_staff
    index = index_current()

    def build():
        article = article_get(slug=slug, include_unpublished=staff)
        condition = article.condition
        ranking, products = condition_ranking_get(slug=condition.slug, include_unpublished=staff)
        mentioned = {
            product.slug: product
            for product in product_base_queryset().filter(slug__in=article.mentioned_product_slugs())
        }
        context = {
            "nav": "guides",
            "article": article,
            "condition": condition,
            "sections": article_sections(article, mentioned),
            "phases": ranked_cards(ranking, products, per_phase=PRODUCTS_PER_PHASE),
            "body_area": next(iter(condition.body_areas.all()), None),
            "preview": not (article.is_published and condition.is_published),
            "ref": f"ref=guide&c={condition.slug}",
            "cart_source": "guide",
            "cart_condition": condition.slug,
        }
        shown = [card["product"].id for cards in context["phases"].values() for card in cards]
        return context, {"shown": shown, "condition": condition.slug}

    response, meta = page_cached(request, "recommendations/guide_detail.html", key_parts=(index.version,), build=build)
    if request.session.session_key:  # only a shopper who has a session already (a cart): reading never starts one
        _condition_remember(request, meta["condition"])
    events_record(
        kind=EventKind.IMPRESSION,
        product_ids=meta["shown"],
        condition=meta["condition"],
        source="guide",
        visitor=_visitor(request),
    )
    return response


def _condition_remember(request, slug: str) -> None:
    """Keep the condition the shopper last read or was told about, for "Goes well with this" later."""
    if slug and request.session.get(LAST_CONDITION_KEY) != slug:
        request.session[LAST_CONDITION_KEY] = slug


def _condition_came_from(request) -> str:
    """Return the condition the shopper came from: the link's `c`, else the last one this session saw.

    Only a condition the index ranks counts; anything else is no condition.
    """
    slug = request.GET.get("c", "")[:100] or request.session.get(LAST_CONDITION_KEY, "")
    return slug if slug in index_current().rankings else ""


def _variant_chosen(product, variants) -> str:
    """Return the variant "Add to cart" starts on: this product, or the first in stock when it is sold out."""
    if product.in_stock or not variants:
        return product.slug
    return next((variant.slug for variant in variants if variant.in_stock), product.slug)


def _visitor(request) -> str:
    """Return the anonymous visitor id from its cookie, or a new one."""
    return visitor_id(request)


def product_detail_view(request, slug):
    """Show a product page with the conditions it helps with and products viewed alongside it."""
    visitor = _visitor(request)
    source = request.GET.get("ref", "")
    condition = _condition_came_from(request)

    def build():
        product = product_get(slug=slug)
        variants = product_variants(product=product)
        context = {
            "nav": "shop",
            "product": product,
            # Sizes, packs and cuts of the same thing: "Add to cart" offers them as a choice.
            "variants": variants,
            "variant_chosen": _variant_chosen(product, variants),
            "helps_with": condition_list().filter(slug__in=conditions_helped(product_slug=product.slug)),
            # A few spare: the page leaves out what is already in the cart (by the session, without a query).
            # Read for the condition the shopper came from: what completes its treatment comes first.
            "related": related_products(product=product, condition=condition, limit=8),
            "related_ref": f"ref=related&c={condition}" if condition else "ref=related",
            "related_condition": condition,
            # Carried from the card the shopper followed, so "Add to cart" here keeps the attribution.
            "cart_source": source if source in CART_SOURCES else "direct",
            "cart_condition": request.GET.get("c", "")[:100],
            "cart_assessment": request.GET.get("a", "")[:36],
        }
        return context, {"product_id": product.pk}

    # Related products leave out what is in the cart: the shared copy is for an empty cart only.
    response, meta = page_cached(
        request,
        "recommendations/product_detail.html",
        key_parts=(index_current().version, condition),
        build=build,
        cart_sensitive=True,
    )
    if source in REFERRING_SOURCES:
        events_record(
            kind=EventKind.CLICK,
            product_ids=[meta["product_id"]],
            condition=request.GET.get("c", "")[:100],
            source=source,
            visitor=visitor,
        )
    events_record(kind=EventKind.VIEW, product_ids=[meta["product_id"]], source="product_page", visitor=visitor)
    response.set_cookie(
        VISITOR_COOKIE, visitor, max_age=VISITOR_COOKIE_AGE, httponly=True, samesite="Lax", secure=request.is_secure()
    )
    return response


ANSWER_PREFIX = "q-"  # answers travel in the address as q-<question slug>=<option slug>


def _answers_from(query, index) -> dict[str, object]:
    """Read answers from `q-<question>` parameters, in the order they were given."""
    answers: dict[str, object] = {}
    for key in query:
        if not key.startswith(ANSWER_PREFIX):
            continue
        slug = key[len(ANSWER_PREFIX) :]
        values = [value for value in query.getlist(key) if value]
        question = index.questions_by_slug.get(slug)
        if not values:
            continue
        answers[slug] = values if question is not None and question.allows_multiple else values[-1]
    return answers


def _query(answers: dict[str, object], **extra) -> str:
    """Encode answers (and extra parameters) as a query string."""
    params = QueryDict(mutable=True)
    for slug, value in answers.items():
        params.setlist(f"{ANSWER_PREFIX}{slug}", value if isinstance(value, list) else [value])
    for key, value in extra.items():
        if value:
            params[key] = value
    return params.urlencode()


def symptom_check_view(request):
    """Show the check's current screen; answers travel in the address, so Back and links keep them.

    Parameters besides the answers: `screen` (the questions of a submitted screen), `at` (the
    number of an earlier screen to show again, for Back), `edit` (one question to change from the
    result), `area` (where it hurts, preselected from a guide).
    """
    index = index_current()
    answers = _answers_from(request.GET, index)
    area = request.GET.get("area")
    if area and not answers:
        where = next((q for q in index.questions if q.stage == STAGE_WHERE), None)
        option = next((o for o in where.options if o.body_area == area), None) if where else None
        if option is not None:
            return redirect(f"{reverse('recommendations:symptom-check')}?{_query({where.slug: option.slug})}")
    try:
        recommendation = recommend(index, answers, limit=1)
    except InvalidAnswers as exc:
        return _answers_rejected(request, exc)
    answers = _answers_that_apply(index, answers, recommendation.body_areas)
    screens = check_screens(index, answers)
    at = _screen_number(request.GET.get("at"), last=len(screens.done))
    edit = index.questions_by_slug.get(request.GET.get("edit", ""))
    submitted = [
        index.questions_by_slug[slug] for slug in _slugs(request.GET.get("screen")) if slug in index.questions_by_slug
    ]
    if submitted and "back" in request.GET and edit is None:
        # Back keeps what was chosen on this screen (unanswered lines are no error) and shows the one before.
        step = at or _screen_step(screens, submitted)
        return redirect(f"{reverse('recommendations:symptom-check')}?{_query(answers, at=step - 1)}")
    if submitted:
        missing = [question for question in submitted if question.slug not in answers]
        if missing:
            shown = CheckScreen(questions=tuple(submitted), step=at or screens.step, edit=edit)
            return _screen_render(request, index, answers, screens, shown, missing=missing)
        if recommendation.triage.ends_check:
            # Urgent (or serious) answers end the check: the advice comes first, with nothing more to answer.
            return redirect(_results_url(answers))
        if edit is not None and not (screens.current and screens.current[0].stage < STAGE_SYMPTOMS):
            return redirect(_results_url(answers))  # one answer changed: back to the result, unless safety is owed
        following = at + 1 if at and at < len(screens.done) else None
        return redirect(f"{reverse('recommendations:symptom-check')}?{_query(answers, at=following)}")
    if recommendation.triage.ends_check:
        return redirect(_results_url(answers))
    if edit is not None and edit.applies_to(recommendation.body_areas):
        shown = CheckScreen(questions=(edit,), step=screens.step, edit=edit)
    elif at:
        shown = CheckScreen(questions=screens.done[at - 1], step=at)
    elif screens.current:
        shown = CheckScreen(questions=screens.current, step=screens.step)
    else:
        return redirect(_results_url(answers))
    return _screen_render(request, index, answers, screens, shown)


@dataclass(frozen=True)
class CheckScreen:
    """One screen to show: its questions, its number, and the question being changed from the result, if any."""

    questions: tuple[QuestionInfo, ...]
    step: int
    edit: QuestionInfo | None = None


def _screen_render(request, index, answers, screens, shown: CheckScreen, *, missing=()):
    """Render a screen of questions, each with its answer preselected; name each one still unanswered."""
    on_screen = {question.slug for question in shown.questions}
    kept = {slug: value for slug, value in answers.items() if slug not in on_screen}
    stage = shown.questions[0].stage
    missing_slugs = {question.slug for question in missing}
    items = [
        {
            "question": question,
            "options": question.options if question.stage == STAGE_WHERE else question.choices,
            "chosen": _as_list(answers.get(question.slug, [])),
            "error": question.slug in missing_slugs,
        }
        for question in shown.questions
    ]
    back_to = shown.step - 1 if shown.edit is None else 0
    safety_done = stage >= STAGE_SYMPTOMS
    context = {
        "nav": "symptom-check",
        "stage": stage,
        "stage_label": STAGE_LABELS.get(stage, ""),
        "items": items,
        "missing": missing,
        "kept": [(f"{ANSWER_PREFIX}{slug}", value) for slug, values in kept.items() for value in _as_list(values)],
        "screen": ",".join(question.slug for question in shown.questions),
        "at": shown.step if shown.step <= len(screens.done) and shown.edit is None else None,
        "edit": shown.edit.slug if shown.edit is not None else "",
        "step_number": shown.step,
        "step_total": screens.total_shown(shown.step),  # None: more screens than foreseen, no number given
        "back": back_to >= 1,  # Back submits the form: what was chosen here is kept
        "results_url": _results_url(kept) if safety_done and kept and shown.edit is None else None,
        "cancel_url": _results_url(answers) if shown.edit is not None else None,
    }
    status = 400 if missing else 200
    return render(request, "recommendations/symptom_check_step.html", context, status=status)


def _screen_step(screens, submitted) -> int:
    """Return the number of the submitted screen: an answered one's place, or the current one's."""
    slugs = [question.slug for question in submitted]
    for number, screen in enumerate(screens.done, start=1):
        if [question.slug for question in screen] == slugs:
            return number
    return screens.step


def _screen_number(value, *, last: int) -> int:
    """Read `at`: the number of a screen already answered, or 0."""
    return int(value) if value and value.isdigit() and 1 <= int(value) <= last else 0


def _slugs(value) -> list[str]:
    return [slug for slug in (value or "").split(",") if slug][:100]


def _answers_that_apply(index, answers: dict[str, object], body_areas: frozenset[str]) -> dict[str, object]:
    """Leave out answers to questions that no longer apply, say after where it hurts was changed."""
    return {slug: value for slug, value in answers.items() if index.questions_by_slug[slug].applies_to(body_areas)}


def _results_url(answers: dict[str, object]) -> str:
    return f"{reverse('recommendations:symptom-check-results')}?{_query(answers)}"


def _answers_rejected(request, exc: InvalidAnswers):
    """Explain that answers in the address no longer fit the questions, and offer a restart."""
    context = {"nav": "symptom-check", "errors": exc.errors}
    return render(request, "recommendations/symptom_check_error.html", context, status=400)


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def symptom_check_results_view(request):
    """Show what the answers point to: triage first, then conditions and products with reasons."""
    index = index_current()
    answers = _answers_from(request.GET, index)
    try:
        recommendation = recommendation_in_stock(index, answers, limit=RESULTS_LIMIT)
    except InvalidAnswers as exc:
        return _answers_rejected(request, exc)
    assessment = ""
    if answers:
        assessment = assessment_keep(
            answers=answers, recommendation=recommendation, index_version=index.version, source="page"
        )
    top = recommendation.conditions[0].slug if recommendation.conditions else ""
    if recommendation.match in (MATCH_LIKELY, MATCH_POSSIBLE):
        _condition_remember(request, top)
    events_record(
        kind=EventKind.IMPRESSION,
        product_ids=[item.product.id for item in recommendation.products],
        condition=top,
        source="symptom_check",
        visitor=_visitor(request),
    )
    by_phase = {phase: [item for item in recommendation.products if item.phase == phase] for phase in PHASES}
    context = {
        "nav": "symptom-check",
        "ref": f"ref=symptom_check&c={top}" + (f"&a={assessment}" if assessment else ""),
        # What "Add to cart" on the result cards records as where the product was found.
        "cart_source": "symptom_check",
        "cart_condition": top,
        "cart_assessment": assessment,
        "recommendation": recommendation,
        "by_phase": by_phase,
        "pending": [index.questions_by_slug[slug] for slug in recommendation.safety_pending],
        "continue_url": f"{reverse('recommendations:symptom-check')}?{_query(answers)}",
        # Each answer with a "Change" link: that one question, then straight back to this page.
        "answered": [
            {
                "question": question,
                "labels": _labels(question, answers[question.slug]),
                "change_url": f"{reverse('recommendations:symptom-check')}?{_query(answers, edit=question.slug)}",
            }
            for question in sorted(
                (index.questions_by_slug[slug] for slug in answers), key=lambda q: (q.stage, q.position, q.slug)
            )
        ],
    }
    return render(request, "recommendations/symptom_check_results.html", context)


def _labels(question, value) -> str:
    labels = [(question.option(slug) or NOT_SURE_OPTION).label for slug in _as_list(value)]
    return ", ".join(labels)
