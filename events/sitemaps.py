"""The site map: every public page, in every language, each listing its other languages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import Event, Saga
from people.models import Organization, Person
from sources.models import Source


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def lastmod(self, item):
        return getattr(item, "updated_at", None)


class SectionSitemap(PublicSitemap):
    """The pages that list things: the saga index and the sources list."""

    def items(self):
        return ["events:index", "sources:list"]

    def location(self, item):
        return reverse(item)


class SagaSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self):
        return Saga.objects.published()


class EventSitemap(PublicSitemap):
    def items(self):
        return Event.objects.published().select_related("saga")


class PersonSitemap(PublicSitemap):
    def items(self):
        return Person.objects.public()


class OrganizationSitemap(PublicSitemap):
    def items(self):
        return Organization.objects.public()


class SourceSitemap(PublicSitemap):
    def items(self):
        return Source.objects.public()


SITEMAPS = {
    "sections": SectionSitemap,
    "sagas": SagaSitemap,
    "events": EventSitemap,
    "people": PersonSitemap,
    "organisations": OrganizationSitemap,
    "sources": SourceSitemap,
}
