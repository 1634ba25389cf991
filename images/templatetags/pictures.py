"""
Responsive images for the public pages.

``{% picture image sizes="(min-width: 40rem) 20rem, 100vw" %}`` renders a ``<picture>``: a
WebP ``<source>`` and a JPEG (PNG when transparent) ``<img>`` fallback, both with
``srcset``/``sizes``, with ``width``/``height`` so the page does not shift as it loads,
``loading="lazy"`` and the alt text in the active language (``lang`` marks a fallback).
``{% figure image sizes="..." %}`` wraps it with the caption, the credit and the licence.

For a list of objects, prefetch the images' texts once, e.g.
``translations_prefetch("portrait__translations", Image, language)`` after
``select_related("portrait")``; the tags then make no query.
"""

from django import template
from django.utils.translation import get_language

from images.models import Image

register = template.Library()


def _srcset(renditions) -> str:
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)


def picture_context(
    image: Image | None, *, sizes: str, loading: str, css_class: str, fallback_alt: str
) -> dict:
    """Return what ``images/picture.html`` needs to draw ``image`` for the active language."""
    if image is None or not image.file:
        return {"image": None}
    text = image.localized(get_language() or "")
    webp = image.rendition_list("webp")
    fallback = image.fallback_renditions()
    largest = fallback[-1] if fallback else None
    return {
        "image": image,
        "text": text,
        "alt": text.alt_text if text.exists else fallback_alt,
        "alt_language": text.language_code if text.is_fallback else "",
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
        "webp_srcset": _srcset(webp),
        "fallback_srcset": _srcset(fallback),
        "src": largest.url if largest else image.file.url,
        "width": largest.width if largest else image.width,
        "height": largest.height if largest else image.height,
    }


@register.inclusion_tag("images/picture.html")
def picture(image, sizes="100vw", loading="lazy", css_class="", fallback_alt=""):
    """Render ``image`` as a responsive ``<picture>`` (nothing when there is no image)."""
    return picture_context(
        image, sizes=sizes, loading=loading, css_class=css_class, fallback_alt=fallback_alt
    )


@register.inclusion_tag("images/figure.html")
def figure(image, sizes="100vw", loading="lazy", css_class="", fallback_alt=""):
    """Render ``image`` in a ``<figure>`` with its caption, credit and licence."""
    return picture_context(
        image, sizes=sizes, loading=loading, css_class=css_class, fallback_alt=fallback_alt
    )
