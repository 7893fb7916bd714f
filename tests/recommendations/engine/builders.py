"""Small builders of engine data for tests that need no database."""

from recommendations.engine.types import ConditionInfo, Curation, ProductInfo, Treatment


def product(
    slug: str,
    *,
    in_stock: bool = True,
    active: bool = True,
    areas=("knee",),
    popularity=0.0,
    only_for=(),
    family="",
    **strengths,
):
    """A product serving approaches given as keyword strengths, e.g. stretching=1.0."""
    return ProductInfo(
        id=abs(hash(slug)) % 10_000,
        slug=slug,
        name=slug.replace("-", " ").title(),
        price="10.00",
        currency="USD",
        in_stock=in_stock,
        url=f"/products/{slug}/",
        strengths=tuple((name.replace("_", "-"), value) for name, value in strengths.items()),
        body_areas=frozenset(areas),
        popularity=popularity,
        is_active=active,
        only_for=frozenset(only_for),
        family=family,
    )


def treatment(approach: str, phase: str, weight: float, rationale: str = "it helps", has_products: bool = True):
    return Treatment(
        approach=approach,
        approach_name=approach.replace("-", " ").capitalize(),
        phase=phase,
        weight=weight,
        rationale=rationale,
        has_products=has_products,
    )


def condition(
    slug="runners-knee",
    name="Runner's knee",
    *,
    prior=0.1,
    areas=("knee",),
    likelihoods=None,
    treatments=(),
    curations=(),
    helpfulness=None,
    defining=(),
):
    return ConditionInfo(
        slug=slug,
        name=name,
        prior=prior,
        body_areas=frozenset(areas),
        likelihoods=dict(likelihoods or {}),
        treatments=tuple(treatments),
        curations=tuple(curations),
        article_url=f"/guides/{slug}/",
        helpfulness=dict(helpfulness or {}),
        defining=frozenset(defining),
    )


def curation(product_slug: str, action: str, **fields):
    return Curation(product=product_slug, action=action, **fields)


def option(slug, label=None, *, present=(), absent=(), area=None, red_flag="", message=""):
    from recommendations.engine.types import OptionInfo

    return OptionInfo(
        slug=slug,
        label=label or slug.replace("-", " ").capitalize(),
        present=frozenset(present),
        absent=frozenset(absent),
        body_area=area,
        red_flag=red_flag,
        red_flag_message=message,
    )


def question(slug, *options, text=None, stage=30, position=0, areas=(), multiple=False):
    from recommendations.engine.types import QuestionInfo

    return QuestionInfo(
        slug=slug,
        text=text or slug.replace("-", " ").capitalize() + "?",
        stage=stage,
        position=position,
        body_areas=frozenset(areas),
        allows_multiple=multiple,
        options=tuple(options),
    )


def yes_no(slug, symptom, *, position=0, areas=("knee",), text=None):
    """A symptom question: yes means present, no means absent."""
    return question(
        slug,
        option("yes", "Yes", present=[symptom]),
        option("no", "No", absent=[symptom]),
        text=text,
        position=position,
        areas=areas,
    )
