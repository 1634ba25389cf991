"""The sources' part of the site map."""

from core.sitemaps import PublicSitemap
from sources.models import Source


class SourceSitemap(PublicSitemap):
    def items(self):
        return Source.objects.public()


SITEMAPS = {"sources": SourceSitemap}
