"""A post whose title is its own words is quoted once, not quoted and then cited by title."""

import pytest

from tests.factories import CitationFactory, EventFactory, SagaFactory, SourceFactory, add_text

pytestmark = pytest.mark.django_db


def test_a_quote_is_not_printed_twice_when_the_sources_title_is_the_quote(client):
    saga = SagaFactory(slug="openai-2023", original_language="ja")
    add_text(saga, "ja", title="OpenAI 経営陣の5日間")
    event = EventFactory(saga=saga, slug="altman-fired")
    add_text(event, "ja", headline="アルトマン氏が投稿")
    post = SourceFactory(title="i loved my time at openai.", kind="social_post")
    CitationFactory(event=event, source=post, quote="i loved my time at openai.")

    page = client.get("/en/sagas/openai-2023/altman-fired/").content.decode()

    citation = page.split('<div class="citation')[1].split("</div>")[0]
    assert citation.count("i loved my time at openai") == 1
    assert "Social media post" in citation
