"""
Nothing unpublished reaches an anonymous reader, by any road.

Each unpublished thing carries its own marker word: a draft event, a scheduled one, an
event in a draft saga, texts in review, machine-made and in draft, a person, organisation,
source and tag that only unpublished events use, a chapter heading in review, and the
newsroom's own notes. Then everything an anonymous client can reach is read (every page
linked from the site, every API address, feeds, the sitemap, search, every filter) and no
answer may contain any marker, in its body or its headers.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.publishing import PublicationState
from events.models import Citation
from sources.models import Source
from tests.factories import (
    AffiliationFactory,
    CitationFactory,
    EventFactory,
    InvolvementFactory,
    OrganizationFactory,
    PersonFactory,
    SagaFactory,
    SourceFactory,
    TagFactory,
    add_text,
)
from tests.scenarios import openai_story
from tests.security.newsroom import links_in

pytestmark = pytest.mark.django_db

# Marker words: unlike any real word, so a hit can only be a leak.
MARKERS = {
    "draft event": "zqxdraftevent",
    "scheduled event": "zqxscheduled",
    "event of a draft saga": "zqxsagadraftevent",
    "draft saga": "zqxdraftsaga",
    "text in review": "zqxinreview",
    "machine text": "zqxmachine",
    "draft text": "zqxdrafttext",
    "chapter heading in review": "zqxchapterreview",
    "person of a draft event": "zqxhiddenperson",
    "biography in review": "zqxbioreview",
    "organisation of a hidden person": "zqxhiddenorg",
    "source of a draft event": "zqxhiddensource",
    "tag of a draft event": "zqxhiddentag",
    "editors' note on a source": "zqxsourcenote",
    "newsroom's note on a citation": "zqxcitationnote",
}
# Searched for by all but their last letters (search pages repeat the words searched for):
# a result would show the whole marker.
SEARCHES = [marker[:-2] for marker in MARKERS.values()]
# Slugs of things only unpublished events use: their addresses, and filters by them. (The
# markers are not in them: pages may echo the address they were asked for.)
HIDDEN = {
    "saga": "hidden-saga",
    "person": "hidden-person",
    "organization": "hidden-organisation",
    "source": "hidden-source",
    "tag": "hidden-tag",
}


def set_text(obj, language, status="approved", **texts):
    """Write ``obj``'s row in ``language`` (adding it if missing) with ``texts`` and ``status``."""
    row = obj.translation(language)
    if row is None:
        return add_text(obj, language, status, **texts)
    for name, value in texts.items():
        setattr(row, name, value)
    row.status = status
    row.save()
    return row


@pytest.fixture
def secrets():
    """The site-test saga, plus every kind of unpublished thing, each with its marker."""
    story = openai_story()
    m = MARKERS

    set_text(story.draft, "ja", headline=f"下書き {m['draft event']}", body=m["draft event"])
    set_text(story.draft, "en", status="draft", headline=f"Draft {m['draft event']}")
    set_text(story.scheduled, "ja", headline=f"予約 {m['scheduled event']}")

    draft_saga = SagaFactory(slug=HIDDEN["saga"], state=PublicationState.DRAFT)
    add_text(draft_saga, "ja", title=f"下書きの物語 {m['draft saga']}")
    inside = EventFactory(saga=draft_saga, slug="inside")  # published, but its saga is not
    add_text(inside, "ja", headline=f"物語の中 {m['event of a draft saga']}")
    CitationFactory(event=inside)

    # Texts that are not approved, on published objects.
    set_text(story.fired, "en", status="in_review", headline=f"Review {m['text in review']}")
    set_text(story.letter, "en", status="machine", summary=f"MT {m['machine text']}")
    set_text(story.founding, "en", status="draft", headline=f"Draft {m['draft text']}")
    friday = story.saga.chapters.get(slug="friday")
    set_text(friday, "en", status="in_review", heading=f"Friday {m['chapter heading in review']}")
    set_text(story.altman, "ja", status="in_review", short_bio=m["biography in review"])

    # A person, their organisation, a source and a tag that only a draft event uses.
    person = PersonFactory(slug=HIDDEN["person"])
    add_text(person, "en", name=f"Hidden {m['person of a draft event']}")
    organization = OrganizationFactory(slug=HIDDEN["organization"])
    add_text(organization, "en", name=f"Hidden {m['organisation of a hidden person']}")
    role = AffiliationFactory(person=person, organization=organization)
    add_text(role, "en", title="secret adviser")
    InvolvementFactory(event=story.draft, person=person)
    source = SourceFactory(
        slug=HIDDEN["source"],
        title=f"Hidden {m['source of a draft event']}",
        url=f"https://example.org/{m['source of a draft event']}",
        publisher=organization,
    )
    CitationFactory(event=story.draft, source=source, quote=m["source of a draft event"])
    tag = TagFactory(slug=HIDDEN["tag"])
    add_text(tag, "ja", name=m["tag of a draft event"])
    story.draft.tags.add(tag)

    # The newsroom's notes on public things.
    Source.objects.filter(slug="openai-announcement").update(note=m["editors' note on a source"])
    Citation.objects.filter(event=story.fired).update(note=m["newsroom's note on a citation"])

    return story, draft_saga, inside


# ------------------------------------------------------------------------------
# Reading everything
# ------------------------------------------------------------------------------


def leaks(response) -> list[str]:
    """Return the markers found in a response's body or headers."""
    text = response.content.decode(errors="replace") + "\n".join(
        f"{name}: {value}" for name, value in response.items()
    )
    text = text.lower()
    return [what for what, marker in MARKERS.items() if marker in text]


SKIPPED = ("/static/", "/media/", "/admin/")


def crawl(client, seeds: list[str], *, limit: int = 600) -> dict[str, list[str]]:
    """Read ``seeds`` and every page of the site they lead to; return {url: leaked markers}."""
    seen, queue, found = set(), list(seeds), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or url.startswith(SKIPPED):
            continue
        seen.add(url)
        response = client.get(url, HTTP_ACCEPT="text/html,application/json;q=0.9,*/*;q=0.8")
        if leaked := leaks(response):
            found[url] = leaked
        if response.status_code == 200:
            queue += [link for link in links_in(response) if link not in seen]
    assert not queue or len(seen) >= limit
    found["(pages read)"] = len(seen)
    return found


# ------------------------------------------------------------------------------
# The tests
# ------------------------------------------------------------------------------


def test_no_page_reachable_from_the_site_shows_anything_unpublished(secrets, client):
    found = crawl(client, ["/", "/robots.txt", "/sitemap.xml", "/ja/", "/en/"])

    pages = found.pop("(pages read)")
    assert found == {}
    assert pages > 40  # timelines, events, people, sources, feeds, filters, in two languages


def test_no_api_address_reachable_from_the_api_shows_anything_unpublished(secrets):
    client = APIClient()
    seeds = ["/api/v1/"] + [
        f"/api/v1/{resource}/?lang={language}"
        for resource in ("sagas", "chapters", "events", "people", "organizations", "sources")
        for language in ("ja", "en", "all")
    ]

    found = crawl(client, seeds)

    pages = found.pop("(pages read)")
    assert found == {}
    assert pages > 40


def probes(story, draft_saga, inside) -> list[str]:
    """The addresses of unpublished things, and every filter and search that could find them."""
    draft, scheduled = story.draft, story.scheduled
    pages = []
    for language in ("ja", "en"):
        pages += [
            f"/{language}/sagas/openai-2023/draft-event/",
            f"/{language}/sagas/openai-2023/draft-event/?preview=1",
            f"/{language}/sagas/openai-2023/scheduled-event/",
            f"/{language}/sagas/openai-2023/altman-fired/?preview=1",
            f"/{language}/sagas/{draft_saga.slug}/",
            f"/{language}/sagas/{draft_saga.slug}/inside/",
            f"/{language}/sagas/{draft_saga.slug}/atom.xml",
            f"/{language}/people/{HIDDEN['person']}/",
            f"/{language}/organisations/{HIDDEN['organization']}/",
            f"/{language}/sources/{HIDDEN['source']}/",
            f"/{language}/sagas/openai-2023/?person={HIDDEN['person']}",
            f"/{language}/sagas/openai-2023/?organization={HIDDEN['organization']}",
            f"/{language}/sagas/openai-2023/?tag={HIDDEN['tag']}",
            f"/{language}/sagas/openai-2023/?preview=1",
        ]
        pages += [f"/{language}/search/?q={part}" for part in SEARCHES]
        pages += [f"/{language}/search/?q={part}&preview=1" for part in SEARCHES]
    api = []
    events = "/api/v1/events/"
    for language in ("ja", "en", "all"):
        lang = f"lang={language}"
        api += [f"{events}?{lang}&q={part}" for part in SEARCHES]
        api += [
            f"{events}?{lang}&translation_status={state}"
            for state in ("machine", "draft", "in_review", "approved", "stale", "missing")
        ]
        api += [f"{events}?{lang}&state={state}" for state in PublicationState.values]
        api += [
            f"{events}?{lang}&person={HIDDEN['person']}",
            f"{events}?{lang}&organization={HIDDEN['organization']}",
            f"{events}?{lang}&tag={HIDDEN['tag']}",
            f"{events}?{lang}&saga={draft_saga.slug}",
            f"{events}?{lang}&date_after=2023-11-01&date_before=2023-11-30",
            f"{events}{draft.pk}/?{lang}",
            f"{events}{scheduled.pk}/?{lang}",
            f"{events}{inside.pk}/?{lang}",
            f"{events}{story.fired.pk}/?{lang}",
            f"/api/v1/sagas/{draft_saga.slug}/?{lang}",
            f"/api/v1/people/{HIDDEN['person']}/?{lang}",
            f"/api/v1/people/sam-altman/?{lang}",
            f"/api/v1/organizations/{HIDDEN['organization']}/?{lang}",
            f"/api/v1/sources/{HIDDEN['source']}/?{lang}",
            f"/api/v1/sources/openai-announcement/?{lang}",
            f"/api/v1/chapters/?{lang}&saga={draft_saga.slug}",
        ]
    for saga in ("openai-2023", draft_saga.slug):
        api += [f"/api/v1/sagas/{saga}/timelinejs/?lang={language}" for language in ("ja", "en")]
    for event in (draft, scheduled, inside, story.fired, story.letter, story.founding):
        api += [f"{events}{event.pk}/translations/{code}/" for code in ("ja", "en")]
    api += [f"/api/v1/people/sam-altman/translations/{code}/" for code in ("ja", "en")]
    friday = story.saga.chapters.get(slug="friday")
    api += [f"/api/v1/chapters/{friday.pk}/translations/en/", "/api/schema/"]
    return pages + api


def test_no_address_or_filter_finds_anything_unpublished(secrets):
    story, draft_saga, inside = secrets
    client = Client()
    found = {}
    for url in probes(story, draft_saga, inside):
        if leaked := leaks(client.get(url)):
            found[url] = leaked

    assert found == {}


@pytest.mark.parametrize(
    "url",
    [
        "/ja/sagas/openai-2023/draft-event/",
        "/ja/sagas/openai-2023/scheduled-event/",
        f"/ja/sagas/{HIDDEN['saga']}/",
        f"/ja/sagas/{HIDDEN['saga']}/inside/",
        f"/ja/sagas/{HIDDEN['saga']}/atom.xml",
        f"/ja/people/{HIDDEN['person']}/",
        f"/ja/organisations/{HIDDEN['organization']}/",
        f"/ja/sources/{HIDDEN['source']}/",
    ],
)
def test_the_address_of_something_unpublished_is_a_plain_404(secrets, client, url):
    assert client.get(url).status_code == 404
    assert client.get(url + "?preview=1").status_code == 404


@pytest.mark.parametrize("name", ["person", "organization", "tag", "saga"])
def test_api_filters_do_not_tell_whether_a_hidden_thing_exists(secrets, name):
    """Filtering by an unpublished person's slug answers as for a slug that never existed."""
    client = APIClient()

    hidden = client.get(reverse("api:event-list"), {name: HIDDEN[name]})
    unknown = client.get(reverse("api:event-list"), {name: "no-such-slug"})

    assert (hidden.status_code, hidden.json()) == (unknown.status_code, unknown.json())


def test_a_scheduled_event_appears_once_its_time_has_come(secrets, client):
    """The same event, read after its publish_at: the rule is applied at read time."""
    story, *_ = secrets
    story.scheduled.publish_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    story.scheduled.save()

    assert MARKERS["scheduled event"] in client.get("/ja/sagas/openai-2023/").content.decode()


def test_the_same_roads_do_show_what_is_published(secrets, client):
    """The control: a marker in approved, published text is found by every road above."""
    story, *_ = secrets
    set_text(story.fired, "ja", summary="公開 zqxpublished")
    api = APIClient()

    assert "zqxpublished" in client.get("/ja/search/?q=zqxpublish").content.decode()
    assert "zqxpublished" in client.get("/ja/sagas/openai-2023/atom.xml").content.decode()
    assert "zqxpublished" in api.get("/api/v1/events/?lang=ja&q=zqxpublish").content.decode()
    assert leaks(client.get("/ja/sagas/openai-2023/altman-fired/")) == []
