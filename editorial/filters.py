"""List filters of the editorial admin: publication state and translation state per language."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.publishing import PublicationState
from translations.machinery import TranslationState
from translations.state_rule import in_state


class PublicationFilter(admin.SimpleListFilter):
    """Draft, in review, scheduled (time not yet come), published and public, or expired."""

    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            (PublicationState.DRAFT, _("draft")),
            (PublicationState.IN_REVIEW, _("in review")),
            ("scheduled", _("scheduled")),
            ("live", _("published and public")),
            ("expired", _("expired")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value in (PublicationState.DRAFT, PublicationState.IN_REVIEW):
            return queryset.filter(state=value)
        if value == "scheduled":
            return queryset.filter(
                Q(state=PublicationState.PUBLISHED) & Q(publish_at__gt=timezone.now())
            )
        if value == "expired":
            return queryset.filter(
                state=PublicationState.PUBLISHED, unpublish_at__lte=timezone.now()
            )
        if value == "live":
            return queryset.published()  # the one visibility rule (an event's saga too)
        return queryset


class TranslationStateFilter(admin.SimpleListFilter):
    """Objects by the state of their text in one language (see ``for_language``)."""

    language_code = ""

    @classmethod
    def for_language(cls, language_code: str, language_name) -> type[TranslationStateFilter]:
        return type(
            f"TranslationStateFilter_{language_code.replace('-', '_')}",
            (cls,),
            {
                "language_code": language_code,
                "parameter_name": f"text_{language_code}",
                "title": _("text in %(language)s") % {"language": language_name},
            },
        )

    def lookups(self, request, model_admin):
        return TranslationState.choices

    def queryset(self, request, queryset):
        if self.value() in TranslationState.values:
            return in_state(queryset, self.language_code, self.value())
        return queryset


def translation_state_filters() -> list[type[TranslationStateFilter]]:
    """One filter per site language (the list follows ``settings.LANGUAGES``)."""
    return [TranslationStateFilter.for_language(code, name) for code, name in settings.LANGUAGES]
