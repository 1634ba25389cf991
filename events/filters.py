"""The filters of the events list. They only filter; the query shape is the viewset's."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from events.models import Chapter, Event, Saga, Tag
from people.models import Organization, Person
from saga_cms.publishing import PublicationState
from saga_cms.translation import TranslationState


def api_context(request) -> dict:
    """Return the request's language and visibility, as the viewset negotiated them."""
    return getattr(request, "api_context", {"public": True})


def visible_sagas(request):
    if api_context(request)["public"]:
        return Saga.objects.published()
    return Saga.objects.all()


def visible_chapters(request):
    return Chapter.objects.filter(saga__in=visible_sagas(request))


class EventFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("date_after"), cleaned.get("date_before")
        if after and before and after > before:
            self.add_error("date_before", _("The last day comes before the first day."))
        return cleaned


class EventFilter(filters.FilterSet):
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
        queryset=Person.objects.all(),
        to_field_name="slug",
        method="filter_person",
        help_text=_("A person's slug: the events they are involved in."),
    )
    organization = filters.ModelChoiceFilter(
        field_name="people__affiliations__organization",
        queryset=Organization.objects.all(),
        to_field_name="slug",
        method="filter_organization",
        help_text=_(
            "An organisation's slug: the events involving someone affiliated with it, or "
            "citing a source it published."
        ),
    )
    tag = filters.ModelChoiceFilter(
        field_name="tags",
        queryset=Tag.objects.all(),
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
        return queryset.in_translation_state(self.context["language"], value)

    def filter_ordering(self, queryset, name, value):
        fields = ["start_at", "position", "slug", "pk"]
        if value.startswith("-"):
            fields = [f"-{field}" for field in fields]
        return queryset.order_by(*fields)


class ChapterFilter(filters.FilterSet):
    saga = filters.ModelChoiceFilter(
        queryset=visible_sagas, to_field_name="slug", help_text=_("A saga's slug.")
    )

    class Meta:
        model = Chapter
        fields = ["saga"]
