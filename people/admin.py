import reversion
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.admin import EditorialAdmin, RoleAwareTranslationInline
from editorial.display import language_badges
from editorial.filters import translation_state_filters
from people.models import (
    Affiliation,
    AffiliationTranslation,
    Organization,
    OrganizationTranslation,
    Person,
    PersonTranslation,
)
from translations.row_admin import TranslatableAdmin

# Revisions: a person is stored with their names and affiliations (and their titles).
for _row_model in (PersonTranslation, OrganizationTranslation, AffiliationTranslation):
    reversion.register(_row_model)
reversion.register(Affiliation, follow=["translations"])
reversion.register(Person, follow=["translations", "affiliations"])
reversion.register(Organization, follow=["translations"])


class PersonTranslationInline(RoleAwareTranslationInline):
    model = PersonTranslation


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    fields = ["organization", "start_at", "start_precision", "end_at", "end_precision"]
    autocomplete_fields = ["organization"]
    show_change_link = True
    verbose_name_plural = _("affiliations (edit a row to give its title)")


@admin.register(Person)
class PersonAdmin(EditorialAdmin, TranslatableAdmin):
    list_display = ["slug", "localized_label", "badges", "wikidata_qid", "original_language"]
    search_fields = ["slug", "wikidata_qid", "translations__name", "translations__aliases"]
    fields = ["slug", "original_language", "wikidata_qid", "portrait"]
    autocomplete_fields = ["portrait"]
    inlines = [PersonTranslationInline, AffiliationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_translations()

    def get_list_filter(self, request):
        return translation_state_filters()

    @admin.display(description=_("texts"))
    def badges(self, person):
        return language_badges(person)


class OrganizationTranslationInline(RoleAwareTranslationInline):
    model = OrganizationTranslation


@admin.register(Organization)
class OrganizationAdmin(EditorialAdmin, TranslatableAdmin):
    list_display = ["slug", "localized_label", "badges", "kind", "wikidata_qid"]
    search_fields = ["slug", "wikidata_qid", "translations__name", "translations__aliases"]
    fields = ["slug", "kind", "original_language", "website", "wikidata_qid", "logo"]
    autocomplete_fields = ["logo"]
    inlines = [OrganizationTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_translations()

    def get_list_filter(self, request):
        return ["kind", *translation_state_filters()]

    @admin.display(description=_("texts"))
    def badges(self, organization):
        return language_badges(organization)


class AffiliationTranslationInline(RoleAwareTranslationInline):
    model = AffiliationTranslation


@admin.register(Affiliation)
class AffiliationAdmin(EditorialAdmin, TranslatableAdmin):
    list_display = ["person", "organization", "localized_label", "start_at", "end_at"]
    list_select_related = ["person", "organization"]
    list_filter = ["organization"]
    search_fields = ["person__slug", "organization__slug", "translations__title"]
    autocomplete_fields = ["person", "organization"]
    fields = ["person", "organization", "start_at", "start_precision", "end_at", "end_precision"]
    inlines = [AffiliationTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")

    # An affiliation is also edited in its person's form (as a row): one version for both.
    owner_field = "person"
