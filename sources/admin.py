import datetime

import reversion
from django.contrib import admin
from django.db.models import Count
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import format_at_precision
from editorial.admin import EditorialAdmin
from sources.models import Availability, Source
from translations.labels import text_label

reversion.register(Source)

# A check older than this is worth doing again (posts are deleted, articles move).
RECHECK_AFTER = datetime.timedelta(days=30)


class AvailabilityCheckedFilter(admin.SimpleListFilter):
    title = gettext_lazy("availability last checked")
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [
            ("never", gettext_lazy("never")),
            ("old", gettext_lazy("more than 30 days ago")),
            ("recent", gettext_lazy("in the last 30 days")),
        ]

    def queryset(self, request, queryset):
        since = timezone.now() - RECHECK_AFTER
        if self.value() == "never":
            return queryset.filter(availability_checked_at__isnull=True)
        if self.value() == "old":
            return queryset.filter(availability_checked_at__lt=since)
        if self.value() == "recent":
            return queryset.filter(availability_checked_at__gte=since)
        return queryset


@admin.register(Source)
class SourceAdmin(EditorialAdmin):
    model_help = gettext_lazy(
        "A source document is the article, post or document itself, entered once. Each "
        "event that relies on it has an event citation: the words it quotes and where."
    )
    list_display = [
        "title",
        "publisher",
        "kind",
        "language",
        "published_at",
        "availability_status",
        "cited",
    ]
    list_filter = ["availability", AvailabilityCheckedFilter, "kind", "language"]
    list_select_related = ["publisher"]
    # The publisher's name in every language and the quotes' translations: a Japanese query
    # finds an English source.
    search_fields = [
        "title",
        "url",
        "author",
        "slug",
        "publisher__translations__name",
        "citations__translations__quote",
    ]
    autocomplete_fields = ["publisher"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    fieldsets = [
        (None, {"fields": ["title", "slug", "url", "publisher", "kind", "language", "author"]}),
        (gettext_lazy("Date"), {"fields": ["published_at", "published_precision"]}),
        (
            gettext_lazy("Availability"),
            {"fields": ["availability", "availability_checked_at", "archived_url"]},
        ),
        (gettext_lazy("Newsroom"), {"fields": ["note"]}),
    ]

    def picker_label(self, source):
        """“Reuters · 17 November 2023 · OpenAI fires Altman”: whose, when, what."""
        parts = [text_label(source.publisher)] if source.publisher_id else []
        if source.published_at:
            parts.append(
                format_at_precision(source.published_at, source.published_precision, "UTC")
            )
        parts.append(source.title)
        return " · ".join(parts)

    def picker_queryset(self, queryset):
        return queryset.select_related("publisher").prefetch_related("publisher__translations")

    def get_queryset(self, request):
        # An aggregate drops Meta.ordering; autocomplete pages need a stable order.
        return (
            super()
            .get_queryset(request)
            .annotate(citation_count=Count("citations"))
            .order_by(*Source._meta.ordering)
        )

    @admin.display(description=gettext_lazy("availability"), ordering="availability")
    def availability_status(self, source):
        checked_at = source.availability_checked_at
        if checked_at is None:
            # "not checked" already says it for a source of unknown availability.
            checked = "" if source.availability == Availability.UNKNOWN else _("never checked")
            title = ""
        else:
            checked = _("checked %(time)s ago") % {"time": timesince(checked_at, depth=1)}
            title = formats.date_format(timezone.localtime(checked_at), "DATETIME_FORMAT")
        archived = (
            format_html(
                ' <a href="{}" rel="noopener">{}</a>', source.archived_url, _("archived copy")
            )
            if source.archived_url and source.availability == Availability.REMOVED
            else ""
        )
        return format_html(
            '<span class="editorial-state is-{}">{}</span> '
            '<span class="editorial-detail" title="{}">{}</span>{}',
            source.availability,
            source.get_availability_display(),
            title,
            checked,
            archived,
        )

    @admin.display(description=gettext_lazy("citations"), ordering="citation_count")
    def cited(self, source):
        return source.citation_count
