"""Pieces of schema.org JSON-LD shared by the public pages."""

from django.utils.translation import get_language

from core.context_processors import site_name

SCHEMA_CONTEXT = "https://schema.org"


def publisher() -> dict:
    return {"@type": "Organization", "name": site_name()}


def wikidata_url(qid: str) -> str:
    return f"https://www.wikidata.org/wiki/{qid}"


def entity_ref(obj, schema_type: str, request) -> dict:
    """Return a short schema.org Person or Organization: name, page and Wikidata identity."""
    data = {
        "@type": schema_type,
        "name": obj.localized(get_language()).texts.get("name", obj.slug),
        "url": request.build_absolute_uri(obj.get_absolute_url()),
    }
    if obj.wikidata_qid:
        data["sameAs"] = wikidata_url(obj.wikidata_qid)
    return data


def iso(moment) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}
