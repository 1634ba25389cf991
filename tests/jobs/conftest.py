"""The editorial desk (users in their groups, one cited story) and selections of events."""

import pytest

from tests.editorial.conftest import clients, desk, make_user, story  # noqa: F401
from tests.factories import CitationFactory, EventFactory, SourceFactory, add_text


def ready_events(saga, count, *, state="published", prefix="ready", **fields):
    """``count`` events of ``saga`` that pass the publish guard (cited, approved original)."""
    source = SourceFactory()
    events = []
    for number in range(count):
        event = EventFactory(saga=saga, slug=f"{prefix}-{state}-{number}", state=state, **fields)
        add_text(event, "ja", headline=f"出来事 {number}")
        CitationFactory(event=event, source=source)
        events.append(event)
    return events


@pytest.fixture
def selection(story):  # noqa: F811 (the editorial desk's story)
    """Four published events of the story's saga, ready to be published again."""
    return ready_events(story.saga, 4)
