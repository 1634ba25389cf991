"""The people's and organisations' part of the site map."""

from core.sitemaps import PublicSitemap
from people.models import Organization, Person


class PersonSitemap(PublicSitemap):
    def items(self):
        return Person.objects.public()


class OrganizationSitemap(PublicSitemap):
    def items(self):
        return Organization.objects.public()


SITEMAPS = {"people": PersonSitemap, "organisations": OrganizationSitemap}
