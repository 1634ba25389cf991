"""JSON-LD for sagas, events and people: it parses, has what schema.org requires, is safe."""

import pytest

from tests.factories import EventFactory, add_text
from tests.scenarios import utc
from tests.site.helpers import json_ld_blocks, page

pytestmark = pytest.mark.django_db


def only_block(client, url) -> dict:
    blocks = json_ld_blocks(page(client.get(url)))
    assert len(blocks) == 1
    assert blocks[0]["@context"] == "https://schema.org"
    return blocks[0]


def test_a_timeline_describes_the_saga(client, story):
    data = only_block(client, "/en/sagas/openai-2023/")

    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Five days at OpenAI"
    assert data["inLanguage"] == "en"
    assert data["url"] == "http://testserver/en/sagas/openai-2023/"
    assert data["datePublished"] and data["dateModified"]
    assert data["publisher"]["@type"] == "Organization"


def test_an_event_page_describes_the_article_the_event_and_its_sources(client, story):
    data = only_block(client, "/ja/sagas/openai-2023/altman-fired/")

    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "取締役会がアルトマン氏を解任"
    assert data["datePublished"]
    assert data["about"] == {
        "@type": "Event",
        "name": "取締役会がアルトマン氏を解任",
        "startDate": "2023-11-17T12:23-08:00",
    }
    assert data["mentions"][0] == {
        "@type": "Person",
        "name": "サム・アルトマン",
        "url": "http://testserver/ja/people/sam-altman/",
        "sameAs": "https://www.wikidata.org/wiki/Q7407093",
    }
    removed = data["citation"][1]
    assert removed["archivedAt"].startswith("https://web.archive.org/")
    assert removed["inLanguage"] == "en"


def test_an_event_known_to_the_year_has_a_year_start_date(client, story):
    data = only_block(client, "/en/sagas/openai-2023/founding/")

    assert data["about"]["startDate"] == "2015"


def test_a_person_page_describes_the_person(client, story):
    data = only_block(client, "/en/people/sam-altman/")

    assert data["@type"] == "Person"
    assert data["name"] == "Sam Altman"
    assert data["sameAs"] == "https://www.wikidata.org/wiki/Q7407093"
    assert data["affiliation"][0]["name"] == "OpenAI"


def test_an_organisation_page_describes_the_organisation(client, story):
    data = only_block(client, "/en/organisations/openai/")

    assert data["@type"] == "Organization"
    assert data["name"] == "OpenAI"


def test_text_cannot_close_the_json_ld_script(client, story):
    event = EventFactory(saga=story.saga, slug="hostile", start_at=utc(2023, 11, 22))
    add_text(event, "ja", headline='</script><script>alert("x")</script> & <!--')
    html = page(client.get("/ja/sagas/openai-2023/hostile/"))

    assert "<script>alert" not in html
    (data,) = json_ld_blocks(html)
    assert data["headline"] == '</script><script>alert("x")</script> & <!--'
