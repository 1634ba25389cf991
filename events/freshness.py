"""
Which content keys a change in the events app touches (registered into core.freshness),
and which keys a saga's or an event's answers depend on.

An event's change touches the event, its saga (timeline, feeds, exports, every event page
of the saga with its neighbours), ``sagas`` (the lists and counts across sagas), and the
people, organisations and sources whose pages list it. A change of a person, organisation,
source, image or tag touches every saga and event that shows it.
"""

from django.db.models import Q

from core import freshness
from events.models import (
    Chapter,
    ChapterTranslation,
    Citation,
    CitationTranslation,
    Event,
    EventTranslation,
    Involvement,
    Saga,
    SagaTranslation,
    Tag,
    TagTranslation,
)
from images.models import Image
from people.models import (
    Affiliation,
    Organization,
    OrganizationTranslation,
    Person,
    PersonTranslation,
)
from sources.models import Source


def saga_answer_keys(saga_id) -> tuple[str, ...]:
    """What a saga's timeline, feed and exports show."""
    return (f"saga-{saga_id}",)


def event_answer_keys(event) -> tuple[str, ...]:
    """What an event's page and API answer show (its neighbours come from the saga)."""
    return (f"event-{event.pk}", f"saga-{event.saga_id}")


def events_keys(events) -> set[str]:
    """The keys touched by a change of ``events`` (a queryset) or what they show."""
    keys = {"sagas"}
    rows = list(events.order_by().values_list("pk", "saga_id"))
    if not rows:
        return keys
    ids = [pk for pk, _saga in rows]
    keys |= {f"event-{pk}" for pk in ids} | {f"saga-{saga}" for _pk, saga in rows}
    people = set(Involvement.objects.filter(event_id__in=ids).values_list("person_id", flat=True))
    keys |= {f"person-{pk}" for pk in people}
    if people:  # who is listed as a public person follows their public events
        keys |= {"people", "organizations"}
    sources = {
        f"source-{pk}"
        for pk in Citation.objects.filter(event_id__in=ids).values_list("source_id", flat=True)
    }
    keys |= sources | ({"sources"} if sources else set())
    keys |= {
        f"org-{pk}"
        for pk in Affiliation.objects.filter(person_id__in=people).values_list(
            "organization_id", flat=True
        )
    }
    return keys


def event_keys(event_id) -> set[str]:
    return events_keys(Event.objects.filter(pk=event_id))


def saga_keys(saga_id) -> set[str]:
    return {f"saga-{saga_id}", "sagas"}


def tags_changed(instance, model, pk_set) -> set[str]:
    """Tags added to or removed from events: those events' cards and pages."""
    if isinstance(instance, Event):
        return set(event_answer_keys(instance)) | {"sagas"}
    return events_keys(Event.objects.filter(pk__in=pk_set))


def register() -> None:
    freshness.register_relation(Event.tags.through, tags_changed)
    freshness.register(Saga, lambda saga: saga_keys(saga.pk))
    freshness.register(SagaTranslation, lambda row: saga_keys(row.saga_id))
    freshness.register(Chapter, lambda chapter: saga_keys(chapter.saga_id))
    freshness.register(
        ChapterTranslation,
        lambda row: {
            f"saga-{pk}"
            for pk in Chapter.objects.filter(pk=row.chapter_id).values_list("saga_id", flat=True)
        },
    )
    freshness.register(Tag, lambda tag: events_keys(Event.objects.filter(tags=tag)))
    freshness.register(
        TagTranslation, lambda row: events_keys(Event.objects.filter(tags=row.tag_id))
    )
    freshness.register(
        Event,
        lambda event: (
            {f"event-{event.pk}"}
            | {f"saga-{pk}" for pk in event.sagas_shown_in()}
            | event_keys(event.pk)
        ),
    )
    freshness.register(EventTranslation, lambda row: event_keys(row.event_id))
    freshness.register(
        Involvement,
        lambda row: event_keys(row.event_id) | {f"person-{row.person_id}"},
    )
    freshness.register(Citation, lambda row: event_keys(row.event_id) | {f"source-{row.source_id}"})
    freshness.register(
        CitationTranslation,
        lambda row: events_keys(Event.objects.filter(citations=row.citation_id)),
    )
    # What other apps' rows show on the sagas' pages.
    freshness.register(Person, lambda person: events_keys(Event.objects.filter(people=person.pk)))
    freshness.register(
        PersonTranslation, lambda row: events_keys(Event.objects.filter(people=row.person_id))
    )
    freshness.register(
        Organization,
        lambda org: events_keys(
            Event.objects.filter(
                Q(people__affiliations__organization=org.pk) | Q(sources__publisher=org.pk)
            ).distinct()
        ),
    )
    freshness.register(
        OrganizationTranslation,
        lambda row: events_keys(
            Event.objects.filter(
                Q(people__affiliations__organization=row.organization_id)
                | Q(sources__publisher=row.organization_id)
            ).distinct()
        ),
    )
    freshness.register(
        Affiliation, lambda row: events_keys(Event.objects.filter(people=row.person_id))
    )
    freshness.register(Source, lambda source: events_keys(Event.objects.filter(sources=source.pk)))
    freshness.register(Image, lambda image: events_keys(Event.objects.filter(image=image.pk)))
