from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SagaCmsConfig(AppConfig):
    name = "saga_cms"
    verbose_name = _("saga_cms")

    def ready(self):
        from saga_cms import checks, page_cache  # noqa: F401 (checks register themselves)

        page_cache.connect_signals()
