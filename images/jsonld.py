"""The schema.org description of an image, embedded in its person's, organisation's or event's."""

from django.utils.translation import get_language

from core.structured_data import without_empty


def image_data(image, request) -> dict | None:
    """
    Return ``image`` as a schema.org ImageObject: its largest rendition every browser reads,
    its size, its alt text in the page's language (as readers get it) and its credit.
    """
    renditions = image.fallback_renditions() if image is not None else []
    if not renditions:
        return None
    largest = renditions[-1]
    text = image.localized(get_language())
    return without_empty(
        {
            "@type": "ImageObject",
            "contentUrl": request.build_absolute_uri(largest.url),
            "width": largest.width,
            "height": largest.height,
            "caption": text.texts.get("alt_text", ""),
            "creditText": image.credit,
            "copyrightNotice": image.licence,
        }
    )
