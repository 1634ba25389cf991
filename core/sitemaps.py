"""What every public sitemap shares: all languages, each page listing its other languages."""

from django.contrib.sitemaps import Sitemap


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def lastmod(self, item):
        return getattr(item, "updated_at", None)
