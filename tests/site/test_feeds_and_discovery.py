"""Atom feeds, the sitemap, robots.txt, canonical URLs and OpenGraph tags."""

import pytest
from defusedxml import ElementTree

from tests.site.helpers import elements, page

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def atom_entries(client, language):
    response = client.get(f"/{language}/sagas/openai-2023/atom.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


def test_each_saga_has_an_atom_feed_per_language(client, story):
    feed, entries = atom_entries(client, "ja")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]

    assert feed.find(f"{ATOM}title").text == "OpenAI 経営陣の5日間"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ja"
    assert titles == [
        "社員が辞職を警告する書簡",
        "アルトマン氏がX に投稿",
        "取締役会がアルトマン氏を解任",
        "OpenAI 設立",
    ]
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links[2] == "http://testserver/ja/sagas/openai-2023/altman-fired/"


def test_the_english_feed_uses_english_text_and_falls_back_to_the_original(client, story):
    _feed, entries = atom_entries(client, "en")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]

    assert "The board fires Altman" in titles
    assert "アルトマン氏がX に投稿" in titles
    assert not any("draft" in title.lower() or "予約" in title for title in titles)


def test_the_feed_of_an_unknown_saga_is_not_found(client, story):
    assert client.get("/en/sagas/nothing/atom.xml").status_code == 404


def test_the_timeline_advertises_its_feed(client, story):
    html = page(client.get("/en/sagas/openai-2023/"))

    feeds = [link for link in elements(html, "link") if link.get("type") == "application/atom+xml"]
    assert feeds[0]["href"] == "/en/sagas/openai-2023/atom.xml"


def test_the_sitemap_lists_every_public_page_in_each_language_with_alternates(client, story):
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    pages = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-events.xml" in pages
    urls = {}
    for address in pages:
        urlset = ElementTree.fromstring(client.get(address).content)
        urls |= {
            url.find(f"{SITEMAP}loc").text: {
                link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
            }
            for url in urlset.findall(f"{SITEMAP}url")
        }

    event = "http://testserver/{}/sagas/openai-2023/altman-fired/"
    assert urls[event.format("en")] == {
        "ja": event.format("ja"),
        "en": event.format("en"),
        "x-default": "http://testserver/sagas/openai-2023/altman-fired/",
    }
    assert event.format("ja") in urls
    assert "http://testserver/en/people/sam-altman/" in urls
    assert "http://testserver/en/organisations/forbes/" in urls
    assert "http://testserver/ja/sources/altman-post/" in urls
    assert "http://testserver/en/sagas/openai-2023/" in urls
    assert not any("draft-event" in url or "scheduled-event" in url for url in urls)


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    text = response.content.decode()

    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_pages_carry_opengraph_tags(client, story):
    html = page(client.get("/en/sagas/openai-2023/altman-fired/"))
    meta = {m["property"]: m["content"] for m in elements(html, "meta") if "property" in m}

    assert meta["og:title"] == "The board fires Altman"
    assert meta["og:type"] == "article"
    assert meta["og:url"] == "http://testserver/en/sagas/openai-2023/altman-fired/"
    assert meta["og:locale"] == "en"
    assert meta["og:locale:alternate"] == "ja"
    assert meta["og:description"].startswith("OpenAI's board announced")


def test_a_filtered_timeline_is_canonically_the_whole_timeline(client, story):
    html = page(client.get("/en/sagas/openai-2023/?tag=board"))

    canonical = [link["href"] for link in elements(html, "link") if link.get("rel") == "canonical"]
    assert canonical == ["http://testserver/en/sagas/openai-2023/"]
