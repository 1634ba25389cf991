from django.contrib import admin
from django.utils import timezone

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
from saga_cms.translation_admin import TranslatableAdmin, TranslationInline


class SagaTranslationInline(TranslationInline):
    model = SagaTranslation


@admin.register(Saga)
class SagaAdmin(TranslatableAdmin):
    list_display = ["slug", "localized_label", "state", "publish_at", "time_zone"]
    list_filter = ["state"]
    search_fields = ["slug", "translations__title"]
    fields = ["slug", "original_language", "time_zone", "state", "publish_at"]
    inlines = [SagaTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_translations()


class ChapterTranslationInline(TranslationInline):
    model = ChapterTranslation


@admin.register(Chapter)
class ChapterAdmin(TranslatableAdmin):
    list_display = ["saga", "position", "localized_label", "start_at", "end_at"]
    list_filter = ["saga"]
    list_select_related = ["saga"]
    search_fields = ["slug", "translations__heading"]
    fields = ["saga", "slug", "position", "start_at", "end_at"]
    inlines = [ChapterTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_translations()


class TagTranslationInline(TranslationInline):
    model = TagTranslation


@admin.register(Tag)
class TagAdmin(TranslatableAdmin):
    list_display = ["slug", "localized_label"]
    search_fields = ["slug", "translations__name"]
    fields = ["slug", "original_language"]
    inlines = [TagTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_translations()


class EventTranslationInline(TranslationInline):
    model = EventTranslation


class InvolvementInline(admin.TabularInline):
    model = Involvement
    extra = 0
    fields = ["person", "role", "position"]
    autocomplete_fields = ["person"]


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 0
    fields = ["source", "stance", "quote", "locator", "note", "position"]
    autocomplete_fields = ["source"]
    show_change_link = True


@admin.register(Event)
class EventAdmin(TranslatableAdmin):
    list_display = ["slug", "localized_label", "saga", "chapter", "start_at", "precision", "state"]
    list_filter = ["saga", "state", "chapter"]
    list_select_related = ["saga", "chapter"]
    search_fields = [
        "slug",
        "translations__headline",
        "translations__summary",
        "translations__body",
    ]
    date_hierarchy = "start_at"
    autocomplete_fields = ["tags", "image"]
    fieldsets = [
        (None, {"fields": ["saga", "chapter", "slug", "original_language"]}),
        ("When", {"fields": ["start_at", "end_at", "precision", "is_approximate", "position"]}),
        ("Publication", {"fields": ["state", "publish_at"]}),
        ("Tags and media", {"fields": ["tags", "image"]}),
    ]
    inlines = [EventTranslationInline, InvolvementInline, CitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_translations()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Editors read and type times in the saga's own time zone, not the server's.
        saga = Saga.objects.filter(events__pk=object_id).first() if object_id else None
        if saga is None and request.GET.get("saga"):
            saga = Saga.objects.filter(pk=request.GET["saga"]).first()
        with timezone.override(saga.time_zone if saga else timezone.get_current_timezone()):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # inside the override: the form shows local times
            return response


class CitationTranslationInline(TranslationInline):
    model = CitationTranslation


@admin.register(Citation)
class CitationAdmin(TranslatableAdmin):
    list_display = ["event", "source", "stance", "quote"]
    list_filter = ["stance", "event__saga"]
    list_select_related = ["event", "event__saga", "source"]
    search_fields = ["quote", "translations__quote", "source__title", "event__slug"]
    autocomplete_fields = ["event", "source"]
    fields = ["event", "source", "stance", "quote", "locator", "note", "position"]
    inlines = [CitationTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")
