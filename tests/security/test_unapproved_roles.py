"""
Finding 6: a role (affiliation) whose title is not approved, or an organisation whose name is
not approved, must not break any public page of the person: the text is left out (the
organisation's slug stands in for its name), in every language.
"""

import pytest
from django.conf import settings

from tests.factories import AffiliationFactory, OrganizationFactory, add_text
from tests.scenarios import openai_story, utc

pytestmark = pytest.mark.django_db

DRAFT = "draft"


@pytest.fixture
def story_with_draft_role():
    story = openai_story()
    stealth = OrganizationFactory(slug="stealth-lab", original_language="en")
    add_text(stealth, "en", status=DRAFT, name="Stealth Lab (draft name)")
    # A role whose title is still a draft, in an approved organisation...
    draft_title = AffiliationFactory(
        person=story.altman, organization=story.openai, start_at=utc(2015, 1, 1)
    )
    add_text(draft_title, "en", status=DRAFT, title="unannounced title")
    # ...and an approved role in an organisation whose name is still a draft.
    in_draft_org = AffiliationFactory(
        person=story.altman, organization=stealth, start_at=utc(2015, 1, 1)
    )
    add_text(in_draft_org, "en", title="adviser")
    add_text(in_draft_org, "ja", title="顧問")
    return story


def person_pages(story):
    saga = story.saga.slug
    pages = [f"/{{lang}}/people/{story.altman.slug}/", "/{lang}/organisations/stealth-lab/"]
    pages += [f"/{{lang}}/organisations/{story.openai.slug}/", f"/{{lang}}/sagas/{saga}/"]
    pages += [f"/{{lang}}/sagas/{saga}/atom.xml", "/{lang}/people/", "/{lang}/search/?q=Altman"]
    for event in (story.fired, story.reaction, story.founding):
        pages.append(f"/{{lang}}/sagas/{saga}/{event.slug}/")
    return pages


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_page_of_a_person_with_an_unapproved_role_answers(
    client, story_with_draft_role, language
):
    for page in person_pages(story_with_draft_role):
        url = page.format(lang=language)
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "unannounced title" not in body, url
        assert "Stealth Lab (draft name)" not in body, url


def test_the_event_page_names_the_approved_role_and_leaves_out_the_draft(
    client, story_with_draft_role
):
    story = story_with_draft_role
    body = client.get(f"/en/sagas/{story.saga.slug}/{story.founding.slug}/").content.decode()
    assert "adviser" in body
    assert "stealth-lab" in body  # the slug stands in for the draft name


def test_the_api_and_timelinejs_answer_too(client, story_with_draft_role):
    story = story_with_draft_role
    for url in (
        f"/api/v1/people/{story.altman.slug}/",
        f"/api/v1/organizations/{story.openai.slug}/",
        "/api/v1/organizations/stealth-lab/",
        f"/api/v1/events/?saga={story.saga.slug}",
        f"/api/v1/sagas/{story.saga.slug}/timelinejs/",
    ):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert b"unannounced title" not in response.content, url
