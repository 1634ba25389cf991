"""Person, organisation and source pages show only what published events reveal."""

import pytest

from tests.factories import OrganizationFactory, PersonFactory, SourceFactory, add_text
from tests.site.helpers import page

pytestmark = pytest.mark.django_db


def test_a_person_page_shows_role_history_events_and_quotes(client, story):
    html = page(client.get("/ja/people/mira-murati/"))

    assert "<h1>ミラ・ムラティ</h1>" in html
    assert "最高技術責任者" in html and "暫定最高経営責任者" in html
    assert '<a href="/ja/sagas/openai-2023/altman-fired/">取締役会がアルトマン氏を解任</a>' in html
    assert "draft-event" not in html


def test_a_person_page_lists_the_quotes_of_events_they_are_quoted_in(client, story):
    html = page(client.get("/en/people/sam-altman/"))
    quotes = html[html.index('id="quotes-heading"') :]

    assert "i loved my time at openai." in quotes
    assert "No longer online" in quotes
    assert '<p class="event-role">quoted</p>' in html


def test_a_role_history_prints_dates_to_their_precision(client, story):
    html = page(client.get("/en/people/sam-altman/"))

    assert 'from <time datetime="2019-03-01">March 1, 2019</time>' in html
    assert 'until <time datetime="2023-11-17">Nov. 17, 2023</time>' in html


def test_people_in_no_published_event_have_no_page(client, story):
    stranger = PersonFactory(slug="stranger")
    add_text(stranger, "en", name="A Stranger")

    assert client.get("/en/people/stranger/").status_code == 404
    assert "A Stranger" not in page(client.get("/en/people/"))


def test_an_organisation_page_shows_its_people_and_the_sources_it_published(client, story):
    html = page(client.get("/en/organisations/openai/"))

    assert '<a href="/en/people/mira-murati/">Mira Murati</a>' in html
    assert "interim chief executive" in html
    assert '<a href="/en/sources/openai-announcement/">OpenAI announces leadership' in html


def test_organisations_with_no_public_trace_have_no_page(client, story):
    OrganizationFactory(slug="nobody-inc")

    assert client.get("/en/organisations/nobody-inc/").status_code == 404


def test_the_sources_list_marks_removed_sources_and_keeps_titles_in_their_language(client, story):
    html = page(client.get("/ja/sources/"))
    removed = html[html.index("/ja/sources/altman-post/") :]
    removed = removed[: removed.index("</li>")]

    assert '<cite lang="en"><a href="/ja/sources/openai-announcement/">' in html
    assert "削除済み" in removed
    assert "https://web.archive.org/" in removed


def test_sources_cited_only_by_unpublished_events_are_not_listed(client, story):
    SourceFactory(slug="uncited", title="Never cited")

    assert "Never cited" not in page(client.get("/en/sources/"))
    assert client.get("/en/sources/uncited/").status_code == 404


def test_a_source_page_shows_its_facts_and_every_published_citation(client, story):
    html = page(client.get("/en/sources/altman-post/"))

    assert "<h1>i loved my time at openai</h1>" in html
    assert "No longer online" in html
    assert "/en/sagas/openai-2023/altman-fired/" in html
    assert "/en/sagas/openai-2023/altman-posts/" in html
