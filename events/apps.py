from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("sagas and events")

    def ready(self):
        from events import freshness
        from events.bulk_publication import JOB_KIND, run_bulk_job
        from jobs import registry

        freshness.register()
        registry.register(JOB_KIND, run_bulk_job)
