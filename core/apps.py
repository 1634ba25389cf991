from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site core"

    def ready(self):
        from core import edge_cache, freshness

        freshness.connect_signals()
        edge_cache.connect_signals()
