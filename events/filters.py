"""List filters of the events admin, named as the desk reads them (titles, headings, names)."""

from django.contrib import admin
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.models import Chapter, Involvement, Saga
from people.models import Person


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
