"""What every public page template knows: the site's name and the page in each language."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str  # in that language, as a language switcher shows it
    url: str  # absolute, without the query string: for hreflang alternates
    switch_url: str  # keeps the query string (filters, search), for the switcher
    is_current: bool


def site_name() -> str:
    return settings.SAGA_SITE_NAME or str(_("News timelines"))


def language_versions(request) -> list[LanguageVersion]:
    """Return this page's address in every language (the same object, the same filters)."""
    current = get_language()
    versions = []
    for code, _name in settings.LANGUAGES:
        versions.append(
            LanguageVersion(
                code=code,
                name=get_language_info(code)["name_local"],
                url=request.build_absolute_uri(translate_url(request.path, code)),
                switch_url=translate_url(request.get_full_path(), code),
                is_current=code == current,
            )
        )
    return versions


def default_version_url(request) -> str:
    """
    Return the x-default address: this page without a language prefix, which redirects each
    reader to their language (LocaleMiddleware), the same address the sitemap gives.
    """
    default = settings.LANGUAGE_CODE
    path = translate_url(request.path, default).replace(f"/{default}/", "/", 1)
    return request.build_absolute_uri(path)


def site(request):
    return {
        # Views showing unpublished text (staff previews) set this to True.
        "preview": False,
        "site_name": SimpleLazyObject(site_name),
        "language_versions": SimpleLazyObject(lambda: language_versions(request)),
        "x_default_url": SimpleLazyObject(lambda: default_version_url(request)),
        "canonical_url": SimpleLazyObject(lambda: request.build_absolute_uri(request.path)),
    }
