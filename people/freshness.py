"""Which content keys a change of a person, organisation or role touches (core.freshness)."""

from core import freshness
from images.models import Image
from people.models import (
    Affiliation,
    AffiliationTranslation,
    Organization,
    OrganizationTranslation,
    Person,
    PersonTranslation,
)


def person_keys(person_id) -> set[str]:
    """The person, the list of people, and the organisations whose pages list them."""
    organizations = Affiliation.objects.filter(person_id=person_id).values_list(
        "organization_id", flat=True
    )
    return {f"person-{person_id}", "people"} | {f"org-{pk}" for pk in organizations}


def organization_keys(organization_id) -> set[str]:
    """The organisation, the list, and the people whose pages show their role in it."""
    people = Affiliation.objects.filter(organization_id=organization_id).values_list(
        "person_id", flat=True
    )
    return {f"org-{organization_id}", "organizations"} | {f"person-{pk}" for pk in people}


def affiliation_keys(affiliation) -> set[str]:
    return {
        f"person-{affiliation.person_id}",
        f"org-{affiliation.organization_id}",
        "people",
        "organizations",
    }


def image_keys(image) -> set[str]:
    """A portrait or logo shows on its person's or organisation's pages."""
    people = Person.objects.filter(portrait=image).values_list("pk", flat=True)
    organizations = Organization.objects.filter(logo=image).values_list("pk", flat=True)
    return {f"person-{pk}" for pk in people} | {f"org-{pk}" for pk in organizations}


def register() -> None:
    freshness.register(Person, lambda person: person_keys(person.pk))
    freshness.register(PersonTranslation, lambda row: person_keys(row.person_id))
    freshness.register(Organization, lambda org: organization_keys(org.pk))
    freshness.register(OrganizationTranslation, lambda row: organization_keys(row.organization_id))
    freshness.register(Affiliation, affiliation_keys)
    freshness.register(
        AffiliationTranslation, lambda row: _affiliation_keys_by_pk(row.affiliation_id)
    )
    freshness.register(Image, image_keys)


def _affiliation_keys_by_pk(pk) -> set[str]:
    found = Affiliation.objects.filter(pk=pk).values_list("person_id", "organization_id").first()
    if found is None:
        return {"people", "organizations"}
    return affiliation_keys(Affiliation(person_id=found[0], organization_id=found[1]))
