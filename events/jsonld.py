"""schema.org descriptions of a saga and an event, for search engines and citation tools."""

from django.conf import settings
from django.utils.translation import get_language

from core.dates import iso_at_precision
from core.structured_data import (
    SCHEMA_CONTEXT,
    entity_ref,
    iso,
    publisher,
    without_empty,
)
from images.jsonld import image_data


def saga_data(saga, request, *, updated_at=None) -> dict:
    """Describe a saga's timeline page as a news article about a series of events."""
    text = saga.localized(get_language())
    return without_empty(
        {
            "@context": SCHEMA_CONTEXT,
            "@type": "NewsArticle",
            "headline": text.texts.get("title", saga.slug),
            "description": text.texts.get("standfirst", ""),
            "inLanguage": text.language_code or get_language(),
            "url": request.build_absolute_uri(saga.get_absolute_url()),
            "datePublished": iso(saga.publish_at or saga.created_at),
            "dateModified": iso(max(filter(None, [saga.updated_at, updated_at]))),
            "publisher": publisher(),
        }
    )


def event_data(event, text, request) -> dict:
    """Describe an event page: the article, the happening it reports and what it cites."""
    saga = event.saga
    url = request.build_absolute_uri(event.get_absolute_url())
    return without_empty(
        {
            "@context": SCHEMA_CONTEXT,
            "@type": "NewsArticle",
            "headline": text.texts.get("headline", event.slug),
            "description": text.texts.get("summary", ""),
            "inLanguage": text.language_code or get_language(),
            "url": url,
            "mainEntityOfPage": url,
            "datePublished": iso(event.publish_at or event.created_at),
            "dateModified": iso(event.updated_at),
            "publisher": publisher(),
            "image": image_data(event.image, request),
            "isPartOf": without_empty(
                {
                    "@type": "CreativeWork",
                    "name": saga.localized(get_language()).texts.get("title", saga.slug),
                    "url": request.build_absolute_uri(saga.get_absolute_url()),
                }
            ),
            "about": without_empty(
                {
                    "@type": "Event",
                    "name": text.texts.get("headline", event.slug),
                    "startDate": iso_at_precision(event.start_at, event.precision, saga.time_zone),
                    "endDate": iso_at_precision(event.end_at, event.precision, saga.time_zone)
                    if event.end_at
                    else None,
                }
            ),
            "mentions": _unique(
                entity_ref(involvement.person, "Person", request)
                for involvement in event.involvements.all()
            ),
            "citation": [_citation_data(citation, request) for citation in event.citations.all()],
        }
    )


def _citation_data(citation, request) -> dict:
    source = citation.source
    return without_empty(
        {
            "@type": "CreativeWork",
            "name": source.title,
            "url": source.url or source.archived_url,
            "archivedAt": source.archived_url,
            "inLanguage": source.language,
            "author": source.author,
            "datePublished": iso_at_precision(
                source.published_at, source.published_precision, settings.TIME_ZONE
            )
            if source.published_at
            else None,
            "publisher": entity_ref(source.publisher, "Organization", request)
            if source.publisher
            else None,
        }
    )


def _unique(items) -> list:
    seen, result = set(), []
    for item in items:
        if item["url"] not in seen:
            seen.add(item["url"])
            result.append(item)
    return result
