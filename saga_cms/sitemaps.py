"""The site map: every public page, in every language; each content app gives its part."""

from django.urls import reverse

from core.sitemaps import PublicSitemap
from events.sitemaps import SITEMAPS as EVENT_SITEMAPS
from people.sitemaps import SITEMAPS as PEOPLE_SITEMAPS
from sources.sitemaps import SITEMAPS as SOURCE_SITEMAPS


class SectionSitemap(PublicSitemap):
    """The pages that list things: the saga index and the sources list."""

    def items(self):
        return ["events:index", "sources:list"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"sections": SectionSitemap, **EVENT_SITEMAPS, **PEOPLE_SITEMAPS, **SOURCE_SITEMAPS}
