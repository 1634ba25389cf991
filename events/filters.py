"""
The filters of events: the admin's list filters (named as the desk reads them: titles,
headings, names) and the API's FilterSets. They only filter; query shapes are elsewhere.
"""

import datetime

from django import forms
from django.contrib import admin
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from core.publishing import PublicationState
from events.models import Chapter, Event, Involvement, Saga, Tag
from people.models import Organization, Person
from translations.machinery import TranslationState
from translations.state_rule import in_state

# ------------------------------------------------------------------------------
# Admin list filters
# ------------------------------------------------------------------------------


def _label(obj, field_name: str) -> str:
    return obj.localized(get_language(), public=False).texts.get(field_name) or obj.slug


class SagaFilter(admin.SimpleListFilter):
    title = _("saga")
    parameter_name = "saga"

    def lookups(self, request, model_admin):
        return [(saga.pk, _label(saga, "title")) for saga in Saga.objects.with_translations()]

    def queryset(self, request, queryset):
        if str(self.value() or "").isdigit():
            return queryset.filter(saga_id=self.value())
        return queryset


class ChapterFilter(admin.SimpleListFilter):
    """The chapters of the saga in view (of every saga when none is chosen)."""

    title = _("chapter")
    parameter_name = "chapter"

    def lookups(self, request, model_admin):
        chapters = Chapter.objects.select_related("saga").with_translations()
        saga = request.GET.get(SagaFilter.parameter_name, "")
        if saga.isdigit():
            chapters = chapters.filter(saga_id=saga)
        chapters = list(chapters)
        if len({chapter.saga_id for chapter in chapters}) == 1:
            return [(c.pk, _label(c, "heading")) for c in chapters]
        return [(c.pk, f"{c.saga.slug} · {_label(c, 'heading')}") for c in chapters]

    def queryset(self, request, queryset):
        if str(self.value() or "").isdigit():
            return queryset.filter(chapter_id=self.value())
        return queryset


class PersonFilter(admin.SimpleListFilter):
    """The people involved in events (of the saga in view), by name in the editor's language."""

    title = _("person")
    parameter_name = "person"

    def lookups(self, request, model_admin):
        involved = Involvement.objects.all()
        saga = request.GET.get(SagaFilter.parameter_name, "")
        if saga.isdigit():
            involved = involved.filter(event__saga_id=saga)
        people = Person.objects.filter(pk__in=involved.values("person")).with_translations()
        return sorted(
            ((person.pk, _label(person, "name")) for person in people),
            key=lambda choice: choice[1].casefold(),
        )

    def queryset(self, request, queryset):
        if str(self.value() or "").isdigit():
            involved = Involvement.objects.filter(person_id=self.value()).values("event")
            return queryset.filter(pk__in=involved)
        return queryset


# ------------------------------------------------------------------------------
# API FilterSets (django-filter)
# ------------------------------------------------------------------------------


def api_context(request) -> dict:
    """Return the request's language and visibility, as the viewset negotiated them."""
    return getattr(request, "api_context", {"public": True})


def visible_sagas(request):
    if api_context(request)["public"]:
        return Saga.objects.published()
    return Saga.objects.all()


def visible_chapters(request):
    return Chapter.objects.filter(saga__in=visible_sagas(request))


# A reader filtering by someone only unpublished events involve gets the answer a slug that
# never existed gets: the filter must not tell them that such a person (or tag) exists.


def visible_people(request):
    return Person.objects.public() if api_context(request)["public"] else Person.objects.all()


def visible_organizations(request):
    if api_context(request)["public"]:
        return Organization.objects.public()
    return Organization.objects.all()


def visible_tags(request):
    if api_context(request)["public"]:
        return Tag.objects.filter(pk__in=Event.objects.published().values("tags"))
    return Tag.objects.all()


# The days a filter may name: a day further out cannot be turned into an instant in every
# saga's time zone (the year would leave 1-9999), so it is a field error, not a crash.
FIRST_FILTER_DAY = datetime.date.min + datetime.timedelta(days=1)
LAST_FILTER_DAY = datetime.date.max - datetime.timedelta(days=1)


class EventFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        for name in ("date_after", "date_before"):
            day = cleaned.get(name)
            if day and not FIRST_FILTER_DAY <= day <= LAST_FILTER_DAY:
                self.add_error(
                    name,
                    _("Give a day between %(first)s and %(last)s.")
                    % {"first": FIRST_FILTER_DAY.isoformat(), "last": LAST_FILTER_DAY.isoformat()},
                )
        after, before = cleaned.get("date_after"), cleaned.get("date_before")
        if after and before and after > before:
            self.add_error("date_before", _("The last day comes before the first day."))
        return cleaned


class EventFilterSet(filters.FilterSet):
    saga = filters.ModelChoiceFilter(
        queryset=visible_sagas, to_field_name="slug", help_text=_("A saga's slug.")
    )
    chapter = filters.ModelChoiceFilter(queryset=visible_chapters, help_text=_("A chapter's id."))
    date_after = filters.DateFilter(
        method="filter_date_after",
        help_text=_("First calendar day (YYYY-MM-DD), in each saga's time zone; inclusive."),
    )
    date_before = filters.DateFilter(
        method="filter_date_before",
        help_text=_("Last calendar day (YYYY-MM-DD), in each saga's time zone; inclusive."),
    )
    person = filters.ModelChoiceFilter(
        field_name="people",
        queryset=visible_people,
        to_field_name="slug",
        method="filter_person",
        help_text=_("A person's slug: the events they are involved in."),
    )
    organization = filters.ModelChoiceFilter(
        field_name="people__affiliations__organization",
        queryset=visible_organizations,
        to_field_name="slug",
        method="filter_organization",
        help_text=_(
            "An organisation's slug: the events involving someone affiliated with it, or "
            "citing a source it published."
        ),
    )
    tag = filters.ModelChoiceFilter(
        field_name="tags",
        queryset=visible_tags,
        to_field_name="slug",
        help_text=_("A tag's slug."),
    )
    q = filters.CharFilter(
        method="filter_text",
        max_length=200,
        help_text=_(
            "Words in the headline, display date, summary or body, in the chosen language "
            "(or the original text shown in its place)."
        ),
    )
    translation_status = filters.ChoiceFilter(
        choices=TranslationState.choices,
        method="filter_translation_status",
        help_text=_("The state of the events' text in the chosen language."),
    )
    state = filters.ChoiceFilter(
        choices=PublicationState.choices,
        help_text=_("Publication state (readers only ever see published events)."),
    )
    ordering = filters.ChoiceFilter(
        choices=[("date", _("earliest first")), ("-date", _("latest first"))],
        method="filter_ordering",
        help_text=_("Order by date (default: by saga, then date)."),
    )

    class Meta:
        model = Event
        form = EventFilterForm
        fields = [
            "saga",
            "chapter",
            "date_after",
            "date_before",
            "person",
            "organization",
            "tag",
            "q",
            "translation_status",
            "state",
            "ordering",
        ]

    @property
    def context(self) -> dict:
        return api_context(self.request)

    def filter_date_after(self, queryset, name, value):
        return queryset.on_or_after_day(value)

    def filter_date_before(self, queryset, name, value):
        return queryset.on_or_before_day(value)

    def filter_person(self, queryset, name, value):
        return queryset.matching(person=value.slug)

    def filter_organization(self, queryset, name, value):
        return queryset.matching(organization=value.slug)

    def filter_text(self, queryset, name, value):
        language = None if self.context["all_languages"] else self.context["language"]
        return queryset.search(value, language, public=self.context["public"])

    def filter_translation_status(self, queryset, name, value):
        return in_state(queryset, self.context["language"], value)

    def filter_ordering(self, queryset, name, value):
        fields = ["start_at", "position", "slug", "pk"]
        if value.startswith("-"):
            fields = [f"-{field}" for field in fields]
        return queryset.order_by(*fields)


class ChapterFilterSet(filters.FilterSet):
    saga = filters.ModelChoiceFilter(
        queryset=visible_sagas, to_field_name="slug", help_text=_("A saga's slug.")
    )

    class Meta:
        model = Chapter
        fields = ["saga"]
