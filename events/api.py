"""
Sagas, chapters and events.

Sagas are addressed by slug (unique, and what the public site uses). Events and chapters
are addressed by id: their slugs are unique only within a saga, and an editor may rename
a slug, while an id never changes; each payload gives the saga and slug too.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.responses import PrerenderedResponse
from api.viewsets import (
    ID_PATH,
    SLUG_PATH,
    FactsWriteMixin,
    ReadOnlyApiViewSet,
    TranslationRowsMixin,
    api_revision,
    newest,
)
from core.response_cache import cached_parts, keeps_answers
from events.api_shapes import events_for_list
from events.filters import ChapterFilterSet, EventFilterSet
from events.freshness import event_answer_keys, saga_answer_keys
from events.models import Chapter, Event, Saga
from events.serializers import (
    ChapterSerializer,
    ChapterTextSerializer,
    ChapterWriteSerializer,
    EventSerializer,
    EventTextSerializer,
    EventWriteSerializer,
    SagaSerializer,
    SagaTextSerializer,
    SagaWriteSerializer,
    TimelineSerializer,
)
from events.services import event_delete, event_save, saga_save
from events.timelinejs import saga_timeline, saga_timeline_json
from translations.machinery import translations_prefetch


@dataclass(frozen=True)
class KeptEvent:
    """What validates an event's kept answer (``EventViewSet.retrieve``): not the event."""

    pk: int
    saga_id: int
    version: int
    changed_at: datetime


# Up to how many events are built in the shape of one event's answer (``few_events``).
FEW_EVENTS = 3
# Those shapes, by language (None: every language), built once (as ``shaped_queryset``).
_few_events_shapes: dict[str | None, object] = {}


@extend_schema_view(
    list=extend_schema(summary=_("List sagas")),
    retrieve=extend_schema(summary=_("Read a saga, with its chapters")),
    create=extend_schema(summary=_("Add a saga (editors)")),
    partial_update=extend_schema(summary=_("Change a saga's facts or state (editors)")),
    translation=extend_schema(summary=_("Read or write a saga's text in one language")),
)
class SagaViewSet(TranslationRowsMixin, FactsWriteMixin, ReadOnlyApiViewSet):
    """A saga: a story told as a timeline of events. Readers see published sagas."""

    list_answer_keys = ("sagas",)

    def object_answer_keys(self, saga):
        return saga_answer_keys(saga.pk)

    queryset = Saga.objects.all()
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATH
    serializer_class = SagaSerializer
    write_serializer_class = SagaWriteSerializer
    translation_serializer_class = SagaTextSerializer

    def readers_queryset(self, queryset):
        return queryset.published()

    def shape(self, queryset, language):
        chapters = Chapter.objects.select_related("saga").prefetch_related(
            translations_prefetch("translations", Chapter, language)
        )
        return (
            super()
            .shape(queryset, language)
            .prefetch_related(Prefetch("chapters", queryset=chapters))
        )

    def save_facts(self, obj, data, *, expected_version):
        return saga_save(
            saga=obj or Saga(),
            user=self.request.user,
            changes=data,
            expected_version=expected_version,
        )

    @extend_schema(
        summary=_("The saga as a Knight Lab TimelineJS 3 timeline"),
        responses={200: TimelineSerializer},
    )
    @action(detail=True, methods=["get"], url_path="timelinejs", url_name="timelinejs")
    def timelinejs(self, request, slug=None):
        saga = self.get_object()
        self.validator_object = None  # the timeline embeds every event: its ETag is its content
        context = self.get_serializer_context()
        options = {
            "language": context["language"],
            "public": context["public"],
            "build_url": request.build_absolute_uri,
        }
        renderer = request.accepted_renderer
        if not isinstance(renderer, JSONRenderer):  # the browsable API
            return Response(saga_timeline(saga, **options))
        # Megabytes for a long saga: written slide by slide, the same bytes the renderer
        # would make of the whole, without the whole ever existing as Python objects.
        renderer_context = self.get_renderer_context()
        body = saga_timeline_json(
            saga, render=lambda data: renderer.render(data, None, renderer_context), **options
        )
        return PrerenderedResponse(body, content_type=renderer.media_type)

    def initial(self, request, *args, **kwargs):
        # A timeline is told in one language: ?lang=all is a 400 there.
        self.allows_all_languages = self.action != "timelinejs"
        super().initial(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(summary=_("List chapters")),
    retrieve=extend_schema(summary=_("Read a chapter")),
    create=extend_schema(summary=_("Add a chapter to a saga (editors)")),
    partial_update=extend_schema(summary=_("Change a chapter's span, slug or position (editors)")),
    translation=extend_schema(summary=_("Read or write a chapter's heading in one language")),
)
class ChapterViewSet(TranslationRowsMixin, FactsWriteMixin, ReadOnlyApiViewSet):
    """
    A saga's chapter, a span of its timeline with a heading. Editors add and change
    chapters; their headings are written per language.
    """

    list_answer_keys = ("sagas",)

    def object_answer_keys(self, chapter):
        return saga_answer_keys(chapter.saga_id)

    queryset = Chapter.objects.all()
    lookup_value_regex = ID_PATH
    serializer_class = ChapterSerializer
    write_serializer_class = ChapterWriteSerializer
    translation_serializer_class = ChapterTextSerializer
    filterset_class = ChapterFilterSet

    def readers_queryset(self, queryset):
        return queryset.filter(saga__in=Saga.objects.published())

    def shape(self, queryset, language):
        return super().shape(queryset.select_related("saga"), language)


@extend_schema_view(
    list=extend_schema(summary=_("List events, filtered and ordered")),
    retrieve=extend_schema(summary=_("Read an event, with its people and citations")),
    create=extend_schema(summary=_("Add an event (editors)")),
    partial_update=extend_schema(
        summary=_("Change an event's facts, people, citations or state (editors)")
    ),
    destroy=extend_schema(
        summary=_("Delete an event (editors)"),
        responses={204: OpenApiResponse(description=_("Deleted."))},
    ),
    translation=extend_schema(summary=_("Read or write an event's text in one language")),
)
class EventViewSet(
    TranslationRowsMixin, FactsWriteMixin, mixins.DestroyModelMixin, ReadOnlyApiViewSet
):
    """
    An event: what happened, when (as precisely as known), who took part with their role
    then, and the sources that back it. Readers see published events of published sagas.
    """

    list_answer_keys = ("sagas",)

    def object_answer_keys(self, event):
        return event_answer_keys(event)

    queryset = Event.objects.all()
    lookup_value_regex = ID_PATH
    serializer_class = EventSerializer
    write_serializer_class = EventWriteSerializer
    translation_serializer_class = EventTextSerializer
    filterset_class = EventFilterSet

    def readers_queryset(self, queryset):
        return queryset.published()

    def shape(self, queryset, language):
        if self.action == "list":  # many events: what they share is fetched once
            return events_for_list(queryset, language)
        # The payload names the saga by slug and the chapter by id: their texts are not read.
        return queryset.for_detail(language, saga_texts=False)

    def list(self, request, *args, **kwargs):
        """
        The page of events; for anonymous readers each event's payload is kept on its own
        (core.response_cache.cached_parts), so after one edit the list rebuilds one event.
        """
        # Each payload is kept as the JSON it renders to (``kept_answers``): the page joins
        # their bytes.
        if not self.keeps_answers():  # staff, caching off, or indented JSON
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        # The page's rows, without what the payload needs: their saga's slug and time zone
        # show in each payload, so they name the kept payload with the event.
        rows = self.paginate_queryset(
            queryset.prefetch_related(None).values_list("pk", "saga__slug", "saga__time_zone")
        )
        kept = self.kept_answers(rows, queryset)
        return self.joined_page([kept[row][0] if kept[row] else b"null" for row in rows])

    def retrieve(self, request, *args, **kwargs):
        # (No docstring: the schema describes the action by the viewset's.) For anonymous
        # readers the answer is the event's kept one (``kept_answers``), which an edit of
        # another event of its saga does not move (it moves the answer's ``saga-N``): the
        # answer is then the kept bytes, with the event's version and its saga's last
        # change read from its row.
        if not self.keeps_answers() or self.names_a_filter():  # a filter may make it a 404
            return super().retrieve(request, *args, **kwargs)
        pk, slug, zone, saga_id, version, saga_changed_at = get_object_or_404(
            self.readers_queryset(self.queryset.all()).values_list(
                "pk", "saga__slug", "saga__time_zone", "saga_id", "version", "saga__updated_at"
            ),
            pk=self.kwargs[self.lookup_url_kwarg or self.lookup_field],
        )
        row = (pk, slug, zone)
        kept = self.kept_answers([row], None, complete=True)[row]
        if kept is None:  # no longer for readers since its row was read
            return super().retrieve(request, *args, **kwargs)
        body, changed_at = kept
        # The saga shows only as its slug: its texts do not count.
        changed_at = max(changed_at, saga_changed_at)
        self.validator_object = self.answer_object = KeptEvent(pk, saga_id, version, changed_at)
        return PrerenderedResponse(body, content_type=self.request.accepted_renderer.media_type)

    def keeps_answers(self) -> bool:
        """Whether this answer is made of kept events (anonymous, compact JSON, caching on)."""
        if self.answer_lookup is None or not keeps_answers():  # only JSON is shared
            return False
        request = self.request
        return request.accepted_renderer.get_indent(request.accepted_media_type, {}) is None

    def kept_answers(self, rows, events, *, complete: bool = False) -> dict:
        """
        Return, for each of ``rows`` (the pk, saga slug and saga time zone of readers'
        events), its payload's JSON and the last change of what it embeds besides the saga,
        kept per event and language while its ``event-N`` keeps its token; those not kept
        are built, from ``events`` when many. The list and the detail share them: the list
        does not work out the last change of the many it builds at once (None; ``complete``:
        needed, such a kept one is built again).
        """
        renderer = self.request.accepted_renderer

        def build(missing) -> dict:
            wanted = {pk for pk, _slug, _zone in missing}
            few = events is None or len(wanted) <= FEW_EVENTS
            built = list((self.few_events() if few else events).filter(pk__in=wanted))
            payloads = self.get_serializer(built, many=True).data
            by_pk = {
                event.pk: (
                    renderer.render(payload),
                    self.embedded_last_modified(event) if few else None,
                )
                for event, payload in zip(built, payloads, strict=True)
            }
            return {row: by_pk[row[0]] for row in missing if row[0] in by_pk}

        parts = {row: (f"event-{row[0]}",) for row in rows}
        variant = f"event-answer:{self.language}:{int(self.all_languages)}"
        has_last_change = (lambda value: value[1] is not None) if complete else None
        return cached_parts(variant, parts, build, complete=has_last_change)

    def few_events(self):
        """
        The events ``kept_answers`` builds when few are missing (one, after an edit), in the
        shape of one event's answer: for a few events it costs what the list's shape costs
        (Django compiles each query anew, whatever its rows), and it reads when what they
        show last changed, so the detail can send what the list built.
        """
        language = None if self.all_languages else self.language
        shape = _few_events_shapes.get(language)
        if shape is None:
            shape = _few_events_shapes[language] = self.queryset.for_detail(
                language, saga_texts=False
            )
        return self.readers_queryset(shape.all())

    def joined_page(self, payloads: Iterable[bytes]) -> PrerenderedResponse:
        """
        The paginated answer holding the JSON ``payloads``: the bytes the renderer makes of
        the page of their values (compact JSON writes a value the same wherever it is).
        """
        renderer = self.request.accepted_renderer
        marker = "\x00results\x00"
        envelope = renderer.render(self.get_paginated_response(marker).data)
        head, tail = envelope.split(renderer.render(marker))
        body = b"".join((head, b"[", b",".join(payloads), b"]", tail))
        return PrerenderedResponse(body, content_type=renderer.media_type)

    def last_modified(self, event):
        if isinstance(event, KeptEvent):
            return event.changed_at
        if not isinstance(event, Event):  # a translation row
            return super().last_modified(event)
        # The saga shows only as its slug: its texts do not count.
        return max(self.embedded_last_modified(event), event.saga.updated_at)

    def embedded_last_modified(self, event):
        """The last change of ``event`` and what its payload embeds, its saga aside."""
        embedded = [event, event.image, *event.tags.all()]
        for involvement in event.involvements.all():
            person = involvement.person
            embedded += [person, *person.affiliations.all()]
            embedded += [role.organization for role in person.affiliations.all()]
        for citation in event.citations.all():
            embedded += [citation, citation.source, citation.source.publisher]
        return newest(*filter(None, embedded))

    def save_facts(self, obj, data, *, expected_version):
        data = dict(data)
        relations = {
            "tags": data.pop("tags", None),
            "people": data.pop("involvements", None),
            "citations": data.pop("citations", None),
        }
        return event_save(
            event=obj or Event(),
            user=self.request.user,
            changes=data,
            expected_version=expected_version,
            **relations,
        )

    def destroy(self, request, *args, **kwargs):
        event = self.get_object()
        self.check_editor()
        expected = self.expected_version()
        with api_revision(request, _("Deleted through the API.")):
            event_delete(event=event, user=request.user, expected_version=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)
