from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sources.models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "publisher",
        "kind",
        "language",
        "published_at",
        "availability",
        "availability_checked_at",
    ]
    list_filter = ["availability", "kind", "language"]
    list_select_related = ["publisher"]
    search_fields = ["title", "url", "author", "slug"]
    autocomplete_fields = ["publisher"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    fieldsets = [
        (None, {"fields": ["title", "slug", "url", "publisher", "kind", "language", "author"]}),
        (_("Date"), {"fields": ["published_at", "published_precision"]}),
        (
            _("Availability"),
            {"fields": ["availability", "availability_checked_at", "archived_url"]},
        ),
        (_("Newsroom"), {"fields": ["note"]}),
    ]
