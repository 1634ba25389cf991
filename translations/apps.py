from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "translations"
    # Not "translations": /admin/translations/ is the translation dashboard (translations.urls),
    # which would hide the admin's own pages of an app so labelled.
    label = "translation"
    verbose_name = _("Translations")
