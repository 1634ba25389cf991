"""
What the event payload (``events.serializers.EventSerializer``) reads, fetched for a list.

A page of 50 events names the same people and sources again and again (on the benchmark
saga: 150 involvements of 68 people, 100 citations of 9 sources). Joined to each row that
names them (``EventQuerySet.for_detail``, the shape of one event's answer), each is built
with its texts once per mention: some 2,300 model instances for 50 events. Here people and
sources are fetched by queries of their own, each once, and handed to every row that names
them (Django's prefetch of a foreign key shares one instance per key); every object reads
only the columns the payload shows, and the texts ``localized`` reads are joined to their
objects (``join_texts``). About 1,700 instances for that page, in as many queries as the
detail's shape plus two, whatever the number of events.

One event's answer keeps ``for_detail``: with nothing shared, queries of their own for
people and sources would only add queries.
"""

from django.db.models import Prefetch

from core.prefetch import LeanPrefetch
from events.models import PER_EVENT, Citation, Involvement, Saga, Tag
from people.models import Affiliation, Organization, Person
from sources.models import Source
from translations.machinery import join_texts

# The columns each object's serializer shows (besides its texts), and what its own rules
# read: the original language its texts fall back to.
EVENT_UNSHOWN = ("created_at", "updated_by")
SAGA_SHOWN = ("slug", "time_zone")
PERSON_SHOWN = ("slug", "wikidata_qid", "original_language")
ORGANIZATION_SHOWN = ("slug", "kind", "original_language")
ROLE_SHOWN = ("person", "organization", "start_at", "start_precision", "end_at", "end_precision")
CITATION_SHOWN = ("event", "source", "uid", "stance", "quote", "locator", "note")
SOURCE_SHOWN = (
    "slug",
    "url",
    "title",
    "kind",
    "language",
    "publisher",
    "author",
    "published_at",
    "published_precision",
    "availability",
    "archived_url",
)


def unshown(model, shown, prefix: str = "") -> list[str]:
    """
    Return the columns of ``model`` besides its key and the ``shown`` ones, as deferred
    names (under ``prefix``, for a selected relation). Said as the columns deferred:
    ``join_texts`` defers those of the texts it joins, which Django applies in that mode.
    """
    fields = model._meta.concrete_fields
    return [prefix + f.name for f in fields if not f.primary_key and f.name not in shown]


def events_for_list(events, language: str | None):
    """
    Return ``events`` fetching what a list of event payloads shows, each person,
    organisation and source once however many of the events name it. With every language
    (``language`` None: editors, ``?lang=all``), every text of every object is fetched by a
    query of its own whatever the shape: the detail's is the one with the fewest.
    """
    if language is None:
        return events.for_detail(None, saga_texts=False)
    people = Person.objects.order_by().defer(*unshown(Person, PERSON_SHOWN))
    roles = Affiliation.objects.defer(
        *unshown(Affiliation, ROLE_SHOWN),
        *unshown(Organization, ORGANIZATION_SHOWN, "organization__"),
    )
    citations = Citation.objects.order_by(*PER_EVENT).defer(*unshown(Citation, CITATION_SHOWN))
    sources = Source.objects.order_by().defer(
        *unshown(Source, SOURCE_SHOWN), *unshown(Organization, ORGANIZATION_SHOWN, "publisher__")
    )
    events = events.select_related("saga").defer(
        *EVENT_UNSHOWN, *unshown(Saga, SAGA_SHOWN, "saga__")
    )
    return (
        join_texts(events, language, "")
        .with_image(language)
        .prefetch_related(
            LeanPrefetch("tags", queryset=join_texts(Tag.objects.all(), language, "")),
            LeanPrefetch(
                "involvements",
                queryset=Involvement.objects.order_by(*PER_EVENT).only("event", "person", "role"),
            ),
            Prefetch("involvements__person", queryset=join_texts(people, language, "")),
            # A role's organisation and a source's publisher come with them: a query of
            # their own would save building their repeats, but each is one query more.
            LeanPrefetch(
                "involvements__person__affiliations",
                queryset=join_texts(roles, language, "", "organization"),
            ),
            LeanPrefetch("citations", queryset=join_texts(citations, language, "")),
            Prefetch("citations__source", queryset=join_texts(sources, language, "publisher")),
        )
    )
