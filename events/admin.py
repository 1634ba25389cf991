import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.permissions import can_publish
from core.dates import validate_time_zone
from editorial.admin import EditorialAdmin, RoleAwareTranslationInline
from editorial.date_fields import OptionalTimeDateTimeField
from editorial.display import language_badges, publication_badge
from editorial.filters import PublicationFilter, translation_state_filters
from editorial.pickers import (
    PickerLabelsFormSet,
    PickerLabelsMixin,
    PickerRowForm,
    label_for,
    picker_label,
)
from events.admin_forms import DATE_FIELDS, EventForm
from events.admin_preview import EventPreviewMixin, SagaPreviewMixin
from events.bulk_publication import BulkRefused, bulk_state_start
from events.filters import ChapterFilter, PersonFilter, SagaFilter
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
from events.services import event_publication_problems, event_set_state, saga_set_state
from translations.labels import text_label
from translations.machinery import language_name
from translations.row_admin import TranslatableAdmin, visible_languages

# Revisions: each object is stored with the rows that follow it, so history, diff, revert
# and recovery treat an event, its texts, people, citations and quotes' translations as one.
for _row_model in (
    SagaTranslation,
    ChapterTranslation,
    TagTranslation,
    EventTranslation,
    Involvement,
    CitationTranslation,
):
    reversion.register(_row_model)
reversion.register(Saga, follow=["translations"])
reversion.register(Chapter, follow=["translations"])
reversion.register(Tag, follow=["translations"])
reversion.register(Citation, follow=["translations"])
reversion.register(Event, follow=["translations", "involvements", "citations"])


def _saga_zone(saga_id) -> str | None:
    if not str(saga_id or "").isdigit():
        return None
    return Saga.objects.filter(pk=saga_id).values_list("time_zone", flat=True).first()


def _posted_or_asked(request, name):
    return request.POST.get(name) or request.GET.get(name) or _list_filter(request, name)


def _list_filter(request, name):
    """The list's filter the add form was opened from (``?_changelist_filters=saga%3D3``)."""
    return QueryDict(request.GET.get("_changelist_filters", "")).get(name)


class PublicationActionsMixin:
    """
    Bulk publish, send to review and unpublish: all or nothing, through one service
    (events.bulk_publication). A small selection is applied in the request; a large one
    becomes a background job, and the message links to its page.
    """

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_workflow_permission(self, request):
        return self.can_change_facts(request)

    def apply_in_bulk(self, request, queryset, action: str):
        ids = list(queryset.order_by().values_list("pk", flat=True))
        try:
            started = bulk_state_start(model=self.model, ids=ids, action=action, user=request.user)
        except (BulkRefused, PermissionDenied) as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return
        if started.job is None:
            self.message_user(request, started.message, messages.SUCCESS)
            return
        url = reverse("admin:jobs_job_change", args=[started.job.pk])
        self.message_user(
            request,
            format_html('{} <a href="{}">{}</a>', started.message, url, _("Follow its progress")),
            messages.INFO,
        )

    @admin.action(description=gettext_lazy("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        self.apply_in_bulk(request, queryset, "publish")

    @admin.action(description=gettext_lazy("Send to review"), permissions=["workflow"])
    def send_to_review(self, request, queryset):
        self.apply_in_bulk(request, queryset, "review")

    @admin.action(description=gettext_lazy("Unpublish (back to draft)"), permissions=["workflow"])
    def unpublish(self, request, queryset):
        self.apply_in_bulk(request, queryset, "unpublish")


# ------------------------------------------------------------------------------
# Saga, chapter, tag
# ------------------------------------------------------------------------------


class SagaTranslationInline(RoleAwareTranslationInline):
    model = SagaTranslation


@admin.register(Saga)
class SagaAdmin(SagaPreviewMixin, PublicationActionsMixin, EditorialAdmin, TranslatableAdmin):
    listed_for_text_work = True
    list_display = ["slug", "saga_title", "state_badge", "badges", "time_zone"]
    list_filter = [PublicationFilter]
    search_fields = ["slug", "translations__title", "translations__standfirst"]
    fields = ["slug", "original_language", "time_zone", "publish_at", "unpublish_at"]
    inlines = [SagaTranslationInline]
    actions = ["publish_now", "send_to_review", "unpublish"]
    change_form_template = "admin/events/saga_change_form.html"

    @admin.display(description=gettext_lazy("title"))
    def saga_title(self, saga):
        return self.localized_label(saga)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        saga = self.get_object(request, object_id) if object_id else None
        if saga is not None:
            extra_context = {**(extra_context or {}), "saga_hub": saga_hub_links(request, saga)}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        return super().get_queryset(request).with_translations()

    def time_zone_for(self, request, object_id):
        posted = request.POST.get("time_zone", "")
        try:
            validate_time_zone(posted)
            return posted
        except ValidationError:
            pass
        if object_id and str(object_id).isdigit():
            return _saga_zone(object_id)
        return None

    def set_publication(self, request, obj, *, state, publish_at, unpublish_at):
        saga_set_state(
            saga=obj,
            state=state,
            publish_at=publish_at,
            unpublish_at=unpublish_at,
            user=request.user,
        )

    @admin.display(description=gettext_lazy("state"), ordering="state")
    def state_badge(self, saga):
        return publication_badge(saga, time_zone=saga.time_zone)

    @admin.display(description=gettext_lazy("translation status"))
    def badges(self, saga):
        return language_badges(saga)


def saga_hub_links(request, saga) -> list[tuple[str, str]]:
    """Return the places a saga's desk leads to: its chapters, events, timeline, translations."""
    links = [
        (_("Chapters"), reverse("admin:events_chapter_changelist") + f"?saga__id__exact={saga.pk}"),
        (_("Events"), reverse("admin:events_event_changelist") + f"?saga={saga.pk}"),
        (
            _("Add an event"),
            reverse("admin:events_event_add") + f"?saga={saga.pk}",
        ),
        (_("Timeline"), saga.get_absolute_url()),
    ]
    links += [
        (
            _("Translation status: %(language)s") % {"language": language_name(code)},
            reverse("translations:worklist", args=[saga.slug, code]),
        )
        for code in visible_languages(request.user)
        if code != saga.original_language
    ]
    links.append((_("History"), reverse("admin:events_saga_history", args=[saga.pk])))
    return links


class ChapterTranslationInline(RoleAwareTranslationInline):
    model = ChapterTranslation


@admin.register(Chapter)
class ChapterAdmin(EditorialAdmin, TranslatableAdmin):
    list_display = ["saga_title", "position", "localized_label", "start_at", "end_at", "badges"]
    list_filter = ["saga"]
    list_select_related = ["saga"]
    search_fields = ["slug", "translations__heading", "saga__translations__title"]
    fields = ["saga", "slug", "position", "start_at", "end_at"]
    inlines = [ChapterTranslationInline]

    def picker_label(self, chapter):
        """“OpenAI's five days / Friday: fired”, not ``openai-2023 / friday``."""
        return f"{text_label(chapter.saga)} / {text_label(chapter)}"

    def picker_queryset(self, queryset):
        return queryset.select_related("saga").prefetch_related(
            "translations", "saga__translations"
        )

    def get_queryset(self, request):
        return (
            super().get_queryset(request).with_translations().prefetch_related("saga__translations")
        )

    @admin.display(description=gettext_lazy("saga"), ordering="saga")
    def saga_title(self, chapter):
        return text_label(chapter.saga)

    owner_field = "saga"  # a chapter is part of its saga's telling

    def time_zone_for(self, request, object_id):
        if object_id and str(object_id).isdigit():
            saga_id = Chapter.objects.filter(pk=object_id).values_list("saga", flat=True).first()
            return _saga_zone(saga_id)
        return _saga_zone(_posted_or_asked(request, "saga"))

    @admin.display(description=gettext_lazy("texts"))
    def badges(self, chapter):
        return language_badges(chapter)


class TagTranslationInline(RoleAwareTranslationInline):
    model = TagTranslation


@admin.register(Tag)
class TagAdmin(EditorialAdmin, TranslatableAdmin):
    list_display = ["slug", "localized_label", "badges"]
    search_fields = ["slug", "translations__name"]
    fields = ["slug", "original_language"]
    inlines = [TagTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_translations()

    @admin.display(description=gettext_lazy("texts"))
    def badges(self, tag):
        return language_badges(tag)


# ------------------------------------------------------------------------------
# Event
# ------------------------------------------------------------------------------


class EventTranslationInline(RoleAwareTranslationInline):
    model = EventTranslation


@label_for(Involvement)
def involvement_label(involvement) -> str:
    """“Sam Altman (subject)”, not ``sam-altman (subject)``."""
    return f"{text_label(involvement.person)} ({involvement.get_role_display()})"


class InvolvementInline(PickerLabelsMixin, admin.TabularInline):
    model = Involvement
    template = "admin/editorial/edit_inline/tabular.html"
    beside_facts = True  # a narrow table: the column beside the event's facts
    form = PickerRowForm
    formset = PickerLabelsFormSet
    extra = 0
    fields = ["person", "role", "position"]
    autocomplete_fields = ["person"]

    def get_queryset(self, request):
        # Each row's picker names its person: joined, its texts read for all rows when the
        # pickers are shown (``preload_pickers``), not a query per row. The rows of one event
        # in their model's order, without joining the event to sort.
        return super().get_queryset(request).select_related("person").order_by("position", "pk")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return _one_line_picker(super().formfield_for_dbfield(db_field, request, **kwargs))


def _one_line_picker(formfield):
    """
    A row's picker with its edit and add links only, on one line: a person or a source
    document is never deleted from an event's row (other events name it too).
    """
    widget = getattr(formfield, "widget", None)
    if widget is not None and hasattr(widget, "can_delete_related"):
        widget.can_delete_related = False
        widget.can_view_related = False
    return formfield


CITATION_HELP = gettext_lazy(
    "An event citation is one event's use of a source document: the words it quotes and "
    "where they are. The article, post or document itself is entered once, under source "
    "documents."
)


class CitationInline(PickerLabelsMixin, admin.TabularInline):
    """One line per citation: the source document, the words quoted, where, and the stance."""

    model = Citation
    template = "admin/editorial/edit_inline/tabular.html"
    help_text = CITATION_HELP
    form = PickerRowForm
    formset = PickerLabelsFormSet
    extra = 0
    fields = ["source", "quote", "locator", "stance", "note", "position"]
    autocomplete_fields = ["source"]
    show_change_link = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "quote":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2})
        return _one_line_picker(super().formfield_for_dbfield(db_field, request, **kwargs))

    def get_queryset(self, request):
        # Each row's label names its event (and saga) and its picker the source's publisher,
        # date and title: joined (the publishers' texts read for all rows when the pickers
        # are shown), not queried per row. The rows of one event in their model's order,
        # without sorting by the event's own.
        return (
            super()
            .get_queryset(request)
            .select_related("event__saga", "source__publisher")
            .order_by("position", "pk")
        )


SCHEDULE = gettext_lazy("Schedule")


@admin.register(Event)
class EventAdmin(EventPreviewMixin, PublicationActionsMixin, EditorialAdmin, TranslatableAdmin):
    listed_for_text_work = True
    list_display = [
        "headline",
        "when",
        "state_badge",
        "badges",
        "people_involved",
        "public_page",
    ]
    list_display_links = ["headline"]
    list_select_related = ["saga", "chapter"]
    list_per_page = 50
    # The unfiltered total is a second pass of the search over every event: not worth it.
    show_full_result_count = False
    search_fields = [
        "slug",
        "translations__headline",
        "translations__display_date",
        "translations__summary",
        "translations__body",
    ]
    date_hierarchy = "start_at"
    autocomplete_fields = ["tags", "image"]
    # Related fields share a line: the form stays short enough to see text and buttons.
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("saga", "chapter"),
                    ("slug", "original_language"),
                    ("start_at", "end_at"),
                    ("precision", "is_approximate", "position"),
                ],
            },
        ),
        # Beside the facts, under the people (the change form's second column).
        (
            gettext_lazy("Tags and media"),
            {"fields": ["tags", "image"], "classes": ["beside-facts"]},
        ),
        (SCHEDULE, {"fields": [("publish_at", "unpublish_at")]}),
    ]
    inlines = [EventTranslationInline, InvolvementInline, CitationInline]
    actions = ["publish_now", "send_to_review", "unpublish"]
    form = EventForm

    def picker_label(self, event):
        """“OpenAI's five days / The board fires Altman”, not ``openai-2023 / altman-fired``."""
        return f"{text_label(event.saga)} / {text_label(event)}"

    def picker_queryset(self, queryset):
        return queryset.select_related("saga").prefetch_related(
            "translations", "saga__translations"
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in DATE_FIELDS:
            # The time may stay empty at the day, month or year precision (EventForm).
            kwargs["form_class"] = OptionalTimeDateTimeField
            kwargs["help_text"] = _lazy_time_note
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and (obj.publish_at or obj.unpublish_at):
            return fieldsets
        # Rarely used: folded until a go-live or expiry time is set.
        return [
            (name, {**options, "classes": ["collapse"]}) if name is SCHEDULE else (name, options)
            for name, options in fieldsets
        ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "events_event_changelist":
            return queryset.for_admin_list()
        if match is not None and match.url_name == "events_event_change":
            queryset = queryset.for_admin_form()
            if request.method == "POST":
                # The tags' texts name them in their picker: read when the form is shown
                # (again, after a refused save), not for a save that goes through.
                return _without_prefetch(queryset, "tags__translations")
            return queryset
        return queryset.with_translations()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        menu = form.base_fields.get("chapter")
        if menu is not None:
            # The chapter menu holds the chapters of the event's saga (the one posted, asked
            # for, or stored), not every chapter of every saga: one query, whatever the size.
            saga = _posted_or_asked(request, "saga") or (obj.saga_id if obj else None)
            chapters = Chapter.objects.all()  # read with their labels' texts by the menu
            if saga and str(saga).isdigit():
                chapters = chapters.filter(saga_id=int(saga))
            menu.queryset = chapters
        return form

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if not _public_pages_exist():
            return [column for column in columns if column != "public_page"]
        return columns

    def get_list_filter(self, request):
        return [
            PublicationFilter,
            SagaFilter,
            ChapterFilter,
            PersonFilter,
            *translation_state_filters(),
        ]

    def changelist_view(self, request, extra_context=None):
        # The date hierarchy groups by day in the saga's zone when one saga is in view.
        zone = _saga_zone(request.GET.get(SagaFilter.parameter_name)) or _only_saga_zone()
        with timezone.override(zone or timezone.get_current_timezone()):
            response = super().changelist_view(request, extra_context)
            if hasattr(response, "render"):
                response.render()
            return response

    def get_changeform_initial_data(self, request):
        """Opened from a saga's events: that saga, and its original language by default."""
        initial = super().get_changeform_initial_data(request)
        saga_id = _posted_or_asked(request, "saga")
        saga = Saga.objects.filter(pk=saga_id).first() if str(saga_id).isdigit() else None
        if saga is not None:
            initial.setdefault("saga", saga.pk)
            initial.setdefault("original_language", saga.original_language)
        return initial

    def add_to_revision(self, request, obj):
        # The revision holds the event with its texts, people and citations as they now
        # stand (reversion follows them, naming each row): read them afresh (those read with
        # the form are stale), with what their names need, at once, not a person, a source
        # and a quote's texts per row. The messages then name the event from these texts.
        getattr(obj, "_prefetched_objects_cache", {}).clear()
        prefetch_related_objects([obj], "translations", "tags", *_revision_rows())
        super().add_to_revision(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not reversion.is_active():
            # The rows read before the inlines were saved are stale now.
            getattr(form.instance, "_prefetched_objects_cache", {}).clear()

    def time_zone_for(self, request, object_id):
        if object_id and str(object_id).isdigit():
            zones = Event.objects.filter(pk=object_id).values_list("saga__time_zone", flat=True)
            return zones.first()
        return _saga_zone(_posted_or_asked(request, "saga"))

    def set_publication(self, request, obj, *, state, publish_at, unpublish_at):
        event_set_state(
            event=obj,
            state=state,
            publish_at=publish_at,
            unpublish_at=unpublish_at,
            user=request.user,
        )

    def publication_problems(self, obj):
        return event_publication_problems(obj)

    def editorial_context(self, request, context, obj):
        extra = super().editorial_context(request, context, obj)
        if obj is not None and obj.pk is not None:
            extra["publication_problems"] = event_publication_problems(obj)
            extra["publication_badge"] = publication_badge(obj, time_zone=obj.saga.time_zone)
            extra["time_zone"] = obj.saga.time_zone
            extra["is_public_now"] = obj.is_public() and obj.saga.is_public()
        return extra

    @admin.display(description=gettext_lazy("headline"))
    def headline(self, event):
        text = event.localized(get_language(), public=False)
        headline = text.texts.get("headline") or event.slug
        if text.is_fallback:
            return format_html(
                '{} <span class="editorial-detail">({})</span>', headline, text.language_code
            )
        return headline

    @admin.display(description=gettext_lazy("when (saga's time zone)"), ordering="start_at")
    def when(self, event):
        chapter = self.chapter_heading(event)
        if chapter is None:
            return event.formatted_date()
        return format_html(
            '{}<br><span class="editorial-detail">{}</span>', event.formatted_date(), chapter
        )

    @admin.display(description=gettext_lazy("state"), ordering="state")
    def state_badge(self, event):
        note = "" if event.saga.is_public() else _("saga not public")
        return publication_badge(event, time_zone=event.saga.time_zone, note=note)

    @admin.display(description=gettext_lazy("texts"))
    def badges(self, event):
        return language_badges(event)

    @admin.display(description=gettext_lazy("people"))
    def people_involved(self, event):
        language = get_language()
        names = []
        for involvement in event.involvements.all():
            person = involvement.person
            names.append(person.localized(language, public=False).texts.get("name") or person.slug)
        return ", ".join(dict.fromkeys(names)) or "—"

    @staticmethod
    def chapter_heading(event) -> str | None:
        if event.chapter is None:
            return None
        text = event.chapter.localized(get_language(), public=False)
        return text.texts.get("heading") or event.chapter.slug

    @admin.display(description=gettext_lazy("page"))
    def public_page(self, event):
        url = self.get_view_on_site_url(event)
        if url is None:
            return "—"
        label = _("view") if event.is_public() and event.saga.is_public() else _("preview")
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, label)


def _without_prefetch(queryset, path: str):
    lookups = queryset._prefetch_related_lookups
    kept = [lookup for lookup in lookups if getattr(lookup, "prefetch_through", lookup) != path]
    return queryset.prefetch_related(None).prefetch_related(*kept)


def _revision_rows() -> list[Prefetch]:
    """
    An event's people and citations as its revision follows them, with what their names
    read. The rows of one event in their models' order (``event``, then ``position``): the
    event's own ordering (its saga, date...) is the same for every row, and not joined.
    """
    return [
        Prefetch(
            "involvements",
            queryset=Involvement.objects.select_related("person").order_by("position", "pk"),
        ),
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("source")
            .prefetch_related("translations")
            .order_by("position", "pk"),
        ),
    ]


_lazy_time_note = gettext_lazy("The time may stay empty unless the precision is the time of day.")


def _public_pages_exist() -> bool:
    try:
        reverse("events:event", kwargs={"saga_slug": "s", "slug": "e"})
    except NoReverseMatch:
        return False
    return True


def _only_saga_zone() -> str | None:
    zones = list(Saga.objects.values_list("time_zone", flat=True).distinct()[:2])
    return zones[0] if len(zones) == 1 else None


class CitationTranslationInline(RoleAwareTranslationInline):
    model = CitationTranslation


@admin.register(Citation)
class CitationAdmin(EditorialAdmin, TranslatableAdmin):
    model_help = CITATION_HELP
    list_display = ["event_label", "source", "stance", "quote", "badges"]
    list_filter = ["stance", "event__saga"]
    list_select_related = ["event", "event__saga", "source"]
    search_fields = ["quote", "translations__quote", "source__title", "event__slug"]
    autocomplete_fields = ["event", "source"]
    fields = ["event", "source", "stance", "quote", "locator", "note", "position"]
    inlines = [CitationTranslationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("translations", "event__translations", "event__saga__translations")
        )

    def picker_label(self, citation):
        """“The board fires Altman ← OpenAI announces…”: headline, then source title."""
        return f"{text_label(citation.event)} ← {citation.source}"

    def picker_queryset(self, queryset):
        return queryset.select_related("event", "source").prefetch_related("event__translations")

    @admin.display(description=gettext_lazy("event"), ordering="event")
    def event_label(self, citation):
        return picker_label(citation.event)

    # A citation is part of its event: editing it here must not be overwritten (or silently
    # overwrite) from an event form opened before.
    owner_field = "event"

    @admin.display(description=gettext_lazy("texts"))
    def badges(self, citation):
        return language_badges(citation)
