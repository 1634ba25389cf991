from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from people.models import (
    Affiliation,
    AffiliationTranslation,
    Organization,
    OrganizationTranslation,
    Person,
    PersonTranslation,
)
from saga_cms.translation_admin import TranslatableAdmin, TranslationInline


class PersonTranslationInline(TranslationInline):
    model = PersonTranslation


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    fields = ["organization", "start_at", "start_precision", "end_at", "end_precision"]
    autocomplete_fields = ["organization"]
    show_change_link = True
    verbose_name_plural = _("affiliations (edit a row to give its title)")


@admin.register(Person)
class PersonAdmin(TranslatableAdmin):
    list_display = ["slug", "localized_label", "wikidata_qid", "original_language"]
    search_fields = ["slug", "wikidata_qid", "translations__name", "translations__aliases"]
    fields = ["slug", "original_language", "wikidata_qid", "portrait"]
    autocomplete_fields = ["portrait"]
    inlines = [PersonTranslationInline, AffiliationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_translations()


class OrganizationTranslationInline(TranslationInline):
    model = OrganizationTranslation


@admin.register(Organization)
class OrganizationAdmin(TranslatableAdmin):
    list_display = ["slug", "localized_label", "kind", "wikidata_qid"]
    list_filter = ["kind"]
    search_fields = ["slug", "wikidata_qid", "translations__name", "translations__aliases"]
    fields = ["slug", "kind", "original_language", "website", "wikidata_qid", "logo"]
    autocomplete_fields = ["logo"]
    inlines = [OrganizationTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_translations()


class AffiliationTranslationInline(TranslationInline):
    model = AffiliationTranslation


@admin.register(Affiliation)
class AffiliationAdmin(TranslatableAdmin):
    list_display = ["person", "organization", "localized_label", "start_at", "end_at"]
    list_select_related = ["person", "organization"]
    list_filter = ["organization"]
    search_fields = ["person__slug", "organization__slug", "translations__title"]
    autocomplete_fields = ["person", "organization"]
    fields = ["person", "organization", "start_at", "start_precision", "end_at", "end_precision"]
    inlines = [AffiliationTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")
