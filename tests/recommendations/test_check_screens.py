"""The symptom check in screens, walked through the HTML pages as a shopper would, without JavaScript.

Every vignette (tests/recommendations/vignettes/*.yaml, loaded by tests/vignettes.py) starts at
/symptom-check/ and answers each screen's questions from its answers ("Not sure" where it has
none, or "No" on safety lines it vouches for), until the result. Run with `-s` to see the figures.
"""

import itertools
import re
import statistics
from urllib.parse import urlencode

import pytest

from guides.vocabulary import NOT_SURE
from recommendations.api.serializers import QuestionSerializer
from recommendations.index.current import index_current
from tests.vignettes import all_vignettes, answer_for

pytestmark = pytest.mark.django_db

MAX_SCREENS = 12
RESULT_HEADING = "<h1>Your results</h1>"
URGENT_HEADING = "Please get this checked urgently"
SEE_DOCTOR_HEADING = "We suggest seeing a doctor"


def hidden_fields(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<input type="hidden" name="([\w-]+)" value="([^"]*)">', html)


def screen_questions(html: str) -> list[str]:
    return re.search(r'name="screen" value="([^"]*)"', html).group(1).split(",")


def offered(html: str, question: str) -> set[str]:
    return set(re.findall(rf'name="q-{re.escape(question)}" value="([\w-]+)"', html))


def submit(client, html: str, answers: dict[str, object]):
    """Send the form on this page with these answers to its questions, as a browser would; follow redirects."""
    data = hidden_fields(html)
    for slug, value in answers.items():
        data.extend((f"q-{slug}", item) for item in (value if isinstance(value, list) else [value]))
    return client.get(f"/symptom-check/?{urlencode(data)}", follow=True)


def step_of(html: str) -> tuple[int, int | None]:
    """The screen's "Step N of up to M", or "Step N — a few more questions" (no total: None)."""
    found = re.search(r"Step (\d+)(?: of up to (\d+)| — a few more questions)", html)
    return int(found.group(1)), int(found.group(2)) if found.group(2) else None


def walk(client, vignette: dict, steps: list | None = None) -> tuple[str, int]:
    """Walk one vignette from the first screen to its result; return the result page and the screens seen.

    Each screen's "Step N of M" is added to `steps`, when given.
    """
    questions = index_current().questions_by_slug
    page = client.get("/symptom-check/", follow=True)
    for seen in range(1, MAX_SCREENS + 1):
        assert page.status_code == 200, (vignette["id"], page.status_code)
        if RESULT_HEADING in page.text:
            return page.text, seen
        if steps is not None:
            steps.append(step_of(page.text))
        chosen = {}
        for slug in screen_questions(page.text):
            stage = QuestionSerializer.STAGES[questions[slug].stage]
            value = answer_for(vignette, {"slug": slug, "stage": stage})
            values = value if isinstance(value, list) else [value]
            # A vignette that does not say (its age, say) sends "Not sure" even where the page offers none.
            assert set(values) - {NOT_SURE} <= offered(page.text, slug), (vignette["id"], slug, values)
            chosen[slug] = value
        page = submit(client, page.text, chosen)
    raise AssertionError(f"{vignette['id']}: no result after {MAX_SCREENS} screens")


@pytest.fixture
def walked(client, demo):
    return [(vignette, *walk(client, vignette)) for vignette in all_vignettes()]


def grown(steps: list[tuple[int, int | None]]) -> int:
    """How many times the shown total grew from one screen to the next."""
    totals = [total for _n, total in steps if total is not None]
    return sum(1 for before, after in itertools.pairwise(totals) if after > before)


def named_again(steps: list[tuple[int, int | None]]) -> bool:
    """Whether a total is named on a screen after one that gave none."""
    totals = [total for _n, total in steps]
    return None in totals and any(total is not None for total in totals[totals.index(None) :])


def test_the_step_total_is_never_below_the_step_and_never_grows(client, demo):
    walks = []
    for vignette in all_vignettes():
        steps: list[tuple[int, int | None]] = []
        _html, seen = walk(client, vignette, steps)
        walks.append((vignette["id"], steps, seen))
    untold = [id_ for id_, steps, _seen in walks if any(total is None for _n, total in steps)]
    sooner = [id_ for id_, steps, _seen in walks if steps[-1][1] is not None and steps[-1][1] > steps[-1][0]]
    print(
        f"\nstep totals over {len(walks)} vignettes: never grew; gave way to “a few more questions” in "
        f"{len(untold)} walks; the check ended before the “up to” number in {len(sooner)}"
    )

    assert [n for _id, steps, _seen in walks for n, _m in steps] == [
        n for _id, steps, _seen in walks for n in range(1, len(steps) + 1)
    ]
    assert [(id_, steps) for id_, steps, _seen in walks if any(m is not None and n > m for n, m in steps)] == []
    assert [(id_, steps) for id_, steps, _seen in walks if grown(steps)] == []
    # Once the number is given up, it is not named again in that walk.
    assert [(id_, steps) for id_, steps, _seen in walks if named_again(steps)] == []
    # Honest and still useful: nearly every walk keeps its number to the end.
    assert len(untold) <= len(walks) // 10


def test_every_vignette_reaches_a_safe_result_in_five_screens_or_fewer_on_average(walked):
    screens = [seen for _vignette, _html, seen in walked]
    flagged = [(vignette, html) for vignette, html, _seen in walked if vignette["expect"]["red_flag"]]
    mean, most = statistics.mean(screens), max(screens)
    spread = {count: screens.count(count) for count in sorted(set(screens))}
    print(
        f"\nscreens to a result, the result page counted: mean {mean:.2f}, max {most} over {len(screens)} vignettes"
        f" (vignettes by screens: {spread})"
    )

    assert mean <= 5
    missed = [
        vignette["id"] for vignette, html in flagged if URGENT_HEADING not in html and SEE_DOCTOR_HEADING not in html
    ]
    assert missed == []
    assert len(flagged) >= 10
