"""The guide list page."""

import re

import pytest

from tests.recommendations.test_views import section

pytestmark = pytest.mark.django_db


def test_guide_list_groups_guides_by_body_area(client, demo):
    response = client.get("/guides/")

    knee = section(response.text, "area-knee")
    assert "Runner&#x27;s knee" in knee
    assert "Plantar fasciitis" not in knee
    assert "/guides/runners-knee/" in response.text


def _area_sections(html: str) -> dict[str, str]:
    """Return each body area's section of the guide list, by the area's slug."""
    slugs = re.findall(r'<h2 id="area-([a-z0-9-]+)"', html)
    return {slug: section(html, f"area-{slug}") for slug in slugs}


def test_each_guide_is_listed_once_under_its_main_body_area(client, demo):
    from guides.models import Article

    html = client.get("/guides/").text
    sections = _area_sections(html)
    published = Article.objects.published().select_related("condition")

    for article in published:
        holding = [slug for slug, body in sections.items() if f'href="{article.get_absolute_url()}"' in body]
        assert len(holding) == 1, (article.slug, holding)
    # Muscle soreness is felt in five areas; its file lists the hip and thigh first.
    assert "/guides/muscle-soreness/" in sections["hip-thigh"]
    # Sciatica lists the lower back before the buttock, though the buttock comes first on the page.
    assert "/guides/sciatica/" in sections["lower-back"]


def test_a_guide_felt_in_several_areas_names_the_others(client, demo):
    sections = _area_sections(client.get("/guides/").text)

    achilles = sections["foot-ankle"].split('href="/guides/achilles-tendinopathy/"')[1].split("</li>")[0]

    assert "Also felt in: shin and calf." in achilles


def test_a_new_main_area_in_the_knowledge_file_moves_the_guide(client, demo):
    from guides.knowledge import _body_areas_in_order
    from guides.models import BodyArea, Condition

    sciatica = Condition.objects.get(slug="sciatica")
    _body_areas_in_order(sciatica, [BodyArea.objects.get(slug="buttock"), BodyArea.objects.get(slug="lower-back")])

    sections = _area_sections(client.get("/guides/").text)

    assert "/guides/sciatica/" in sections["buttock"]
    assert "/guides/sciatica/" not in sections["lower-back"]


def test_the_guide_list_answers_304_to_its_etag_until_the_content_changes(demo, django_capture_on_commit_callbacks):
    from django.test import Client

    from guides.models import Condition

    client = Client()
    first = client.get("/guides/")
    again = client.get("/guides/", HTTP_IF_NONE_MATCH=first["ETag"])
    with django_capture_on_commit_callbacks(execute=True):
        condition = Condition.objects.get(slug="shin-splints")
        condition.summary = "An ache along the inner edge of the shin bone, common in runners who build up fast."
        condition.save()
    after_edit = client.get("/guides/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert first["ETag"]
    assert first["Last-Modified"]
    assert "private" in first["Cache-Control"]
    assert again.status_code == 304
    assert after_edit.status_code == 200
    assert "common in runners who build up fast" in after_edit.text


def test_the_guide_list_revalidates_for_a_client_that_keeps_no_cookies(demo):
    from django.test import Client

    first, second = Client().get("/guides/"), Client().get("/guides/")
    by_tag = Client().get("/guides/", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = Client().get("/guides/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert first.status_code == 200
    assert "csrftoken" not in first.cookies
    assert second["ETag"] == first["ETag"]
    assert by_tag.status_code == 304
    assert by_date.status_code == 304
    assert "private" in first["Cache-Control"]


@pytest.mark.parametrize("guides", [1, 50])
def test_the_guide_list_takes_as_many_queries_for_one_guide_as_for_fifty(db, django_assert_num_queries, guides):
    from guides.selectors import guide_list_by_body_area
    from tests.factories import ArticleFactory, BodyAreaFactory, ConditionFactory

    knee, hip = BodyAreaFactory(slug="knee"), BodyAreaFactory(slug="hip-thigh")
    for n in range(guides):
        ArticleFactory(condition=ConditionFactory(body_areas=[hip, knee] if n % 2 else [knee]))

    # the guides with their conditions, the conditions' body-area links, the body areas
    with django_assert_num_queries(3):
        groups = guide_list_by_body_area()

    assert sum(len(listings) for _area, listings in groups) == guides
