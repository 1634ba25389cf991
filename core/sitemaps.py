"""What every public sitemap shares: all languages, each page listing its other languages."""

from django.contrib.sitemaps import Sitemap


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # URLs per page of a section (each with its alternates in every language): a page is
    # built in well under a second even for the largest saga; the index lists the pages.
    limit = 500

    def lastmod(self, item):
        return getattr(item, "updated_at", None)
