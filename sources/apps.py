from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = _("source documents")

    def ready(self):
        from sources import freshness

        freshness.register()
