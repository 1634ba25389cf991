"""
Which content keys a change in the events app touches (registered into core.freshness),
and which keys a saga's or an event's answers depend on.

An event's change touches the event, its saga (timeline, feeds, exports, every event page
of the saga with its neighbours), ``sagas`` (the lists and counts across sagas), and the
people, organisations and sources whose pages list it. A change of a person, organisation,
source, image or tag touches every saga and event that shows it.
"""

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections
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
    rows = list(events.order_by().values_list("pk", "saga_id"))
    if not rows:
        return {"sagas"}
    ids = [pk for pk, _saga in rows]
    people = set(Involvement.objects.filter(event_id__in=ids).values_list("person_id", flat=True))
    return _keys_shown(
        events=ids,
        sagas={saga for _pk, saga in rows},
        people=people,
        sources=Citation.objects.filter(event_id__in=ids).values_list("source_id", flat=True),
        organizations=Affiliation.objects.filter(person_id__in=people).values_list(
            "organization_id", flat=True
        ),
    )


def _keys_shown(*, events, sagas, people, sources, organizations) -> set[str]:
    """The keys of events (ids) and of the sagas, people, sources and organisations they show."""
    keys = {"sagas"} | {f"event-{pk}" for pk in events} | {f"saga-{pk}" for pk in sagas}
    keys |= {f"person-{pk}" for pk in people}
    if people:  # who is listed as a public person follows their public events
        keys |= {"people", "organizations"}
    sources = {f"source-{pk}" for pk in sources}
    keys |= sources | ({"sources"} if sources else set())
    return keys | {f"org-{pk}" for pk in organizations}


def event_keys(event_id) -> set[str]:
    """
    The keys touched by a change of one event (``events_keys``), read once in a save
    (``freshness.keys_remembered``): until a write changes its saga, people or citations.
    """
    return freshness.remembered(("event", event_id), lambda: _read_event_keys(event_id))


def _changed_event_keys(event) -> set[str]:
    if f"saga-{event.saga_id}" not in event_keys(event.pk):  # moved to another saga
        freshness.forget(("event", event.pk))
    return event_keys(event.pk)


def _row_keys(row) -> set[str]:
    """The keys of the event a row (a person involved, a citation) belongs to, as it now is."""
    freshness.forget(("event", row.event_id))
    return event_keys(row.event_id)


def _affiliation_keys(row) -> set[str]:
    freshness.forget()  # the organisations of every event naming the person
    return events_keys(Event.objects.filter(people=row.person_id))


def _read_event_keys(event_id) -> set[str]:
    """``events_keys`` of one event, read in one query."""
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute(_event_keys_sql(connection), [event_id] * 4)
        rows = cursor.fetchall()
    sagas = {related for kind, related in rows if kind == "saga"}
    if not sagas:
        return {"sagas"}
    related = {
        kind: {pk for found, pk in rows if found == kind} for kind in ("person", "source", "org")
    }
    return _keys_shown(
        events=[event_id],
        sagas=sagas,
        people=related["person"],
        sources=related["source"],
        organizations=related["org"],
    )


@cache
def _event_keys_sql(connection) -> str:
    """
    What ``events_keys`` reads for one event (its saga, people, sources and their people's
    organisations), as one query: a save computes these keys at each of its writes.
    """
    quote = connection.ops.quote_name

    def column(model, name):
        return quote(model._meta.get_field(name).column)

    event, involvement, citation, affiliation = (
        quote(model._meta.db_table) for model in (Event, Involvement, Citation, Affiliation)
    )
    people_of_event = (
        f"SELECT {column(Involvement, 'person')} FROM {involvement} "
        f"WHERE {column(Involvement, 'event')} = %s"
    )
    return " UNION ALL ".join(
        [
            f"SELECT 'saga', {column(Event, 'saga')} FROM {event} "
            f"WHERE {quote(Event._meta.pk.column)} = %s",
            people_of_event.replace("SELECT ", "SELECT 'person', ", 1),
            f"SELECT 'source', {column(Citation, 'source')} FROM {citation} "
            f"WHERE {column(Citation, 'event')} = %s",
            f"SELECT 'org', {column(Affiliation, 'organization')} FROM {affiliation} "
            f"WHERE {column(Affiliation, 'person')} IN ({people_of_event})",
        ]
    )


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
            | _changed_event_keys(event)
        ),
    )
    freshness.register(EventTranslation, lambda row: event_keys(row.event_id))
    freshness.register(
        Involvement,
        lambda row: _row_keys(row) | {f"person-{row.person_id}"},
    )
    freshness.register(Citation, lambda row: _row_keys(row) | {f"source-{row.source_id}"})
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
    freshness.register(Affiliation, _affiliation_keys)
    freshness.register(Source, lambda source: events_keys(Event.objects.filter(sources=source.pk)))
    freshness.register(Image, lambda image: events_keys(Event.objects.filter(image=image.pk)))
