"""Shopper pages that show recommendations: a guide with its products, a product page, the symptom check."""

from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from analytics.models import EventKind
from analytics.services import events_record
from analytics.visitors import VISITOR_COOKIE, VISITOR_COOKIE_AGE, visitor_id
from catalog.selectors import product_base_queryset, product_get
from guides.sections import article_sections
from guides.selectors import article_get, condition_list
from guides.vocabulary import PHASES, STAGE_SYMPTOMS, STAGE_WHERE
from recommendations.engine.answers import InvalidAnswers
from recommendations.engine.recommend import recommend
from recommendations.engine.types import NOT_SURE_OPTION
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
    events_record(
        kind=EventKind.IMPRESSION,
        product_ids=meta["shown"],
        condition=meta["condition"],
        source="guide",
        visitor=_visitor(request),
    )
    return response


def _visitor(request) -> str:
    """Return the anonymous visitor id from its cookie, or a new one."""
    return visitor_id(request)


def product_detail_view(request, slug):
    """Show a product page with the conditions it helps with and products viewed alongside it."""
    visitor = _visitor(request)
    source = request.GET.get("ref", "")

    def build():
        product = product_get(slug=slug)
        context = {
            "nav": "shop",
            "product": product,
            "helps_with": condition_list().filter(slug__in=conditions_helped(product_slug=product.slug)),
            # A few spare: the page leaves out what is already in the cart (by the session, without a query).
            "related": related_products(product=product, condition=request.GET.get("c", "")[:100], limit=8),
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
        key_parts=(index_current().version,),
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
    """Ask the next question the engine picks; answers travel in the address, so Back keeps them."""
    index = index_current()
    answers = _answers_from(request.GET, index)
    area = request.GET.get("area")
    if area and not answers:
        where = next((q for q in index.questions if q.stage == STAGE_WHERE), None)
        option = next((o for o in where.options if o.body_area == area), None) if where else None
        if option is not None:
            return redirect(f"{reverse('recommendations:symptom-check')}?{_query({where.slug: option.slug})}")
    step = request.GET.get("step", "")
    error = ""
    if step and step not in answers and step in index.questions_by_slug:
        error = "Please choose an answer, or “Not sure”."
    try:
        recommendation = recommend(index, answers, limit=1)
    except InvalidAnswers as exc:
        return _answers_rejected(request, exc)
    if recommendation.triage.ends_check:
        # Urgent (or serious) answers end the check: the advice comes first, with nothing more to answer.
        return redirect(f"{reverse('recommendations:symptom-check-results')}?{_query(answers)}")
    ask = request.GET.get("ask") or (step if error else "")
    # Changing answers from a result: `review` lists the questions in the order they were asked, and the
    # shopper goes through them again, each preselected; then on to anything still unanswered.
    review = [slug for slug in request.GET.get("review", "").split(",") if slug in index.questions_by_slug]
    if review and not ask and step in review:
        later = [slug for slug in review[review.index(step) + 1 :] if slug in answers]
        ask = later[0] if later else ""
    question = index.questions_by_slug.get(ask) if ask else recommendation.next_question
    if question is None:
        return redirect(f"{reverse('recommendations:symptom-check-results')}?{_query(answers)}")
    kept = {slug: value for slug, value in answers.items() if slug != question.slug}
    chosen = answers.get(question.slug, [])
    answered = list(answers)
    previous = answered[-1] if answered and answered[-1] != question.slug else None
    # Skipping to results is offered only once every safety question that applies has an answer.
    can_skip = kept and question.stage >= STAGE_SYMPTOMS and not recommendation.safety_pending
    context = {
        "nav": "symptom-check",
        "question": question,
        "options": [*question.options, NOT_SURE_OPTION],
        "chosen": chosen if isinstance(chosen, list) else [chosen],
        "kept": [(f"{ANSWER_PREFIX}{slug}", value) for slug, values in kept.items() for value in _as_list(values)],
        "step_number": len(kept) + 1,
        "error": error,
        "back_url": f"?{_query(answers, ask=previous, review=','.join(review))}" if previous else None,
        "results_url": f"{reverse('recommendations:symptom-check-results')}?{_query(kept)}" if can_skip else None,
        "triage": recommendation.triage,
        "safety_step": question.stage < STAGE_SYMPTOMS,
        "review": ",".join(review),
    }
    return render(request, "recommendations/symptom_check_step.html", context, status=400 if error else 200)


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
        # Back to the questions, starting from the first, with every answer kept and preselected.
        "edit_url": f"{reverse('recommendations:symptom-check')}?"
        + _query(answers, ask=next(iter(answers), ""), review=",".join(answers)),
        "pending": [index.questions_by_slug[slug] for slug in recommendation.safety_pending],
        "continue_url": f"{reverse('recommendations:symptom-check')}?{_query(answers)}",
        "answered": [
            (index.questions_by_slug[slug], _labels(index.questions_by_slug[slug], value))
            for slug, value in answers.items()
        ],
    }
    return render(request, "recommendations/symptom_check_results.html", context)


def _labels(question, value) -> str:
    labels = [(question.option(slug) or NOT_SURE_OPTION).label for slug in _as_list(value)]
    return ", ".join(labels)
