"""Public pages of sources: what the timelines cite, and whether it is still online."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from core.response_cache import depends_on, public_page
from sources.models import Source

SOURCES_PAGE_SIZE = 100


@public_page(params=("page",))
def source_list(request):
    depends_on(request, "sources")
    sources = Source.objects.public().for_reader(get_language())
    page = Paginator(sources, SOURCES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sources/source_list.html", {"page": page})


@public_page
def source_detail(request, slug):
    language = get_language()
    source = get_object_or_404(Source.objects.public().for_reader(language), slug=slug)
    depends_on(request, f"source-{source.pk}")
    # Through the reverse relation: the sources app never imports events.
    events = source.events.published().distinct().for_timeline(language).with_citations(language)
    citations = [
        (event, citation)
        for event in events
        for citation in event.citations.all()
        if citation.source_id == source.pk
    ]
    return render(request, "sources/source_detail.html", {"source": source, "citations": citations})
