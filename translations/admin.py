"""The machine-translation debris list, and the translation editor of every text model."""

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from translations.machinery import Translation
from translations.models import DebrisPhrase
from translations.row_admin import TranslationRowAdmin


@admin.register(DebrisPhrase)
class DebrisPhraseAdmin(admin.ModelAdmin):
    list_display = [
        "phrase",
        "language_code",
        "is_pattern",
        "what_happened",
        "meaning",
        "is_active",
    ]
    list_filter = ["language_code", "is_pattern", "is_active"]
    search_fields = ["phrase", "what_happened", "meaning"]
    fieldsets = [
        (None, {"fields": ["phrase", "is_pattern", "language_code", "is_active"]}),
        (_("Explanation"), {"fields": ["what_happened", "meaning"]}),
    ]


def register_translation_admins(site=admin.site) -> None:
    """Give every translation model (events', people's, images'...) its side-by-side editor."""
    for model in apps.get_models():
        if issubclass(model, Translation) and not site.is_registered(model):
            site.register(model, TranslationRowAdmin)


register_translation_admins()
