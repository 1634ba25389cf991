"""schema.org descriptions of people and organisations."""

from django.utils.translation import get_language

from core.structured_data import (
    SCHEMA_CONTEXT,
    entity_ref,
    wikidata_url,
    without_empty,
)
from images.jsonld import image_data


def person_data(person, request) -> dict:
    """Describe a person: name, biography, identity and the organisations they worked for."""
    text = person.localized(get_language())
    return without_empty(
        {
            "@context": SCHEMA_CONTEXT,
            "@type": "Person",
            "name": text.texts.get("name", person.slug),
            "description": text.texts.get("short_bio", ""),
            "url": request.build_absolute_uri(person.get_absolute_url()),
            "sameAs": wikidata_url(person.wikidata_qid) if person.wikidata_qid else None,
            "image": image_data(person.portrait, request),
            "affiliation": _unique_organizations(person.affiliations.all(), request),
        }
    )


def organization_data(organization, request) -> dict:
    text = organization.localized(get_language())
    same_as = [organization.website] if organization.website else []
    if organization.wikidata_qid:
        same_as.append(wikidata_url(organization.wikidata_qid))
    return without_empty(
        {
            "@context": SCHEMA_CONTEXT,
            "@type": "Organization",
            "name": text.texts.get("name", organization.slug),
            "description": text.texts.get("description", ""),
            "url": request.build_absolute_uri(organization.get_absolute_url()),
            "sameAs": same_as,
            "logo": image_data(organization.logo, request),
        }
    )


def _unique_organizations(affiliations, request) -> list[dict]:
    organizations = {a.organization_id: a.organization for a in affiliations}
    return [entity_ref(o, "Organization", request) for o in organizations.values()]
