"""The sagas' and events' part of the site map (the project puts the parts together)."""

from core.sitemaps import PublicSitemap
from events.models import Event, Saga


class SagaSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self):
        return Saga.objects.published()


class EventSitemap(PublicSitemap):
    def items(self):
        return Event.objects.published().select_related("saga")


SITEMAPS = {"sagas": SagaSitemap, "events": EventSitemap}
