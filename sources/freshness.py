"""Which content keys a change of a source touches (registered into core.freshness)."""

from core import freshness
from people.models import Organization
from sources.models import Source


def source_keys(source) -> set[str]:
    keys = {f"source-{source.pk}", "sources"}
    if source.publisher_id is not None:
        keys.add(f"org-{source.publisher_id}")
    return keys


def publisher_keys(organization) -> set[str]:
    """A source's pages name its publisher."""
    published = Source.objects.filter(publisher=organization).values_list("pk", flat=True)
    return {f"source-{pk}" for pk in published}


def register() -> None:
    freshness.register(Source, source_keys)
    freshness.register(Organization, publisher_keys)
