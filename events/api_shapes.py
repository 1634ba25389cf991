"""
What the event payload (``events.serializers.EventSerializer``) reads, fetched for a list.

A page of 50 events names the same few people, organisations, tags and sources again and
again (on the benchmark saga: 150 involvements of 68 people, 100 citations of 9 sources).
Joined to each row that names them (``EventQuerySet.for_detail``, the shape of one event's
answer), each object and its texts are built once per mention: some 2,300 model instances
for 50 events. Here each shared object is fetched once, by its own query, with only the
columns the payload shows, and shared by every row that names it (Django's prefetch of a
foreign key hands one instance to every row with that key); the texts ``localized``
reads are joined to their objects (``join_texts``). About 900 instances for the same page,
in a constant number of queries.

One event's answer keeps ``for_detail``: with nothing shared, a query per kind of object
would only add queries.
"""

from django.db.models import Prefetch

from core.prefetch import LeanPrefetch
from events.models import PER_EVENT, Citation, Involvement, Tag
from people.models import Affiliation, Organization, Person
from sources.models import Source
from translations.machinery import join_texts

# The columns each embedded object's serializer shows (besides its texts), and what its
# own rules read: the original language its texts fall back to.
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


def showing(queryset, shown):
    """
    Return ``queryset`` reading only the ``shown`` columns of its model (and its key).

    Said as the columns deferred: ``join_texts`` defers the unshown columns of the texts
    it joins, which Django applies only in that mode.
    """
    fields = queryset.model._meta.concrete_fields
    return queryset.defer(*(f.name for f in fields if not f.primary_key and f.name not in shown))


def with_texts(queryset, language: str | None):
    """Return ``queryset`` with what ``localized(language)`` reads (every text if None)."""
    return join_texts(queryset, language, "") if language else queryset.with_translations()


def events_for_list(events, language: str | None):
    """
    Return ``events`` fetching what a list of event payloads shows, each person,
    organisation and source once however many of the events name it.
    """
    organizations = showing(Organization.objects.order_by(), ORGANIZATION_SHOWN)
    return (
        with_texts(events.select_related("saga"), language)
        .with_image(language)
        .prefetch_related(
            LeanPrefetch("tags", queryset=with_texts(Tag.objects.all(), language)),
            LeanPrefetch(
                "involvements",
                queryset=Involvement.objects.order_by(*PER_EVENT).only("event", "person", "role"),
            ),
            Prefetch(
                "involvements__person",
                queryset=with_texts(showing(Person.objects.order_by(), PERSON_SHOWN), language),
            ),
            LeanPrefetch(
                "involvements__person__affiliations",
                queryset=with_texts(showing(Affiliation.objects.all(), ROLE_SHOWN), language),
            ),
            Prefetch(
                "involvements__person__affiliations__organization",
                queryset=with_texts(organizations, language),
            ),
            LeanPrefetch(
                "citations",
                queryset=with_texts(
                    showing(Citation.objects.order_by(*PER_EVENT), CITATION_SHOWN), language
                ),
            ),
            Prefetch("citations__source", queryset=Source.objects.order_by().only(*SOURCE_SHOWN)),
            Prefetch("citations__source__publisher", queryset=with_texts(organizations, language)),
        )
    )
