"""Pieces of schema.org JSON-LD shared by the public pages."""

from django.utils.translation import get_language

from saga_cms.context_processors import site_name

SCHEMA_CONTEXT = "https://schema.org"


def publisher() -> dict:
    return {"@type": "Organization", "name": site_name()}


def wikidata_url(qid: str) -> str:
    return f"https://www.wikidata.org/wiki/{qid}"


def person_ref(person, request) -> dict:
    """Return a short schema.org Person: name, page and Wikidata identity."""
    data = {
        "@type": "Person",
        "name": person.localized(get_language()).texts.get("name", person.slug),
        "url": request.build_absolute_uri(person.get_absolute_url()),
    }
    if person.wikidata_qid:
        data["sameAs"] = wikidata_url(person.wikidata_qid)
    return data


def organization_ref(organization, request) -> dict:
    data = {
        "@type": "Organization",
        "name": organization.localized(get_language()).texts.get("name", organization.slug),
        "url": request.build_absolute_uri(organization.get_absolute_url()),
    }
    if organization.wikidata_qid:
        data["sameAs"] = wikidata_url(organization.wikidata_qid)
    return data


def iso(moment) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}
