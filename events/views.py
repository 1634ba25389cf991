"""Public pages of the events app: the saga index, a saga's timeline, an event, search."""

from functools import wraps
from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.clickjacking import xframe_options_exempt

from accounts.permissions import can_preview
from core.response_cache import cached_part, depends_on, public_page
from events.forms import SearchForm, TimelineFilterForm
from events.freshness import event_answer_keys, saga_answer_keys
from events.jsonld import event_data, saga_data
from events.models import Event, Saga, Stance, Tag
from events.timeline import timeline_page
from people.models import Organization, Person
from translations.machinery import join_texts, localized_labels

SEARCH_PAGE_SIZE = 20


@public_page
def saga_list(request):
    depends_on(request, "sagas")
    sagas = Saga.objects.published().for_language(get_language()).with_public_summary()
    return render(request, "events/saga_list.html", {"sagas": sagas})


@public_page(params=("page", *TimelineFilterForm.base_fields))
def saga_timeline(request, slug):
    language = get_language()
    saga = get_object_or_404(
        Saga.objects.published().for_language(language).with_public_summary(), slug=slug
    )
    depends_on(request, *saga_answer_keys(saga.pk))
    events = saga.events.published()
    options = cached_part(
        f"timeline-filters:{saga.pk}:{language}",
        saga_answer_keys(saga.pk),
        lambda: _filter_options(saga, events, language),
    )
    form = TimelineFilterForm(request.GET or None, options=options)
    filters = form.active_filters()
    try:
        page, chapters = timeline_page(
            events.matching(**filters).for_saga_timeline(language),
            number=request.GET.get("page") or 1,
            saga=saga,
            # Unfiltered, the page lists the events the saga's summary counted.
            count=None if filters else saga.public_event_count,
        )
    except InvalidPage as error:
        raise Http404(str(error)) from error
    text = saga.localized(language)
    context = {
        "saga": saga,
        "text": text,
        "form": form,
        "filters": filters,
        "page": page,
        "chapters": chapters,
        "event_count": page.paginator.count,
        "untranslated_count": sum(1 for e in page.object_list if e.localized(language).is_fallback),
        "json_ld": saga_data(saga, request, updated_at=saga.public_updated_at),
        # The <iframe> an editor copies into an article (events/includes_embed_snippet.html).
        "embed_url": request.build_absolute_uri(reverse("events:embed", kwargs={"slug": slug})),
    }
    return render(request, "events/saga_detail.html", context)


def _filter_options(saga, events, language) -> dict[str, list[tuple[str, str]]]:
    """Return the people, organisations, tags and chapters a timeline can be narrowed to."""

    # One EXISTS per candidate (a few hundred people, a few dozen of the rest) stops at the
    # first public event it finds; "pk IN (every public event's people)" read every
    # involvement of the saga (tens of thousands of rows) on each uncached request.
    def shown(**lookup):
        return Exists(events.filter(**lookup))

    people_in_saga = Person.objects.filter(shown(involvements__person=OuterRef("pk")))
    organizations = Organization.objects.filter(
        shown(involvements__person__affiliations__organization=OuterRef("pk"))
        | shown(citations__source__publisher=OuterRef("pk"))
    )
    tags = Tag.objects.filter(shown(tags=OuterRef("pk")))
    chapters = saga.chapters.filter(shown(chapter=OuterRef("pk")))
    return {
        "person": _choices(people_in_saga, "name", language),
        "organization": _choices(organizations, "name", language),
        "tag": _choices(tags, "name", language),
        "chapter": localized_labels(chapters, language, "heading"),
    }


def _choices(objects, field, language) -> list[tuple[str, str]]:
    labelled = localized_labels(objects, language, field)
    return sorted(labelled, key=lambda choice: choice[1].casefold())


@public_page
def event_detail(request, saga_slug, slug):
    language = get_language()
    may_preview = can_preview(request.user)
    events = Event.objects.all() if may_preview else Event.objects.published()
    event = get_object_or_404(
        events.for_detail(language, states=False).with_neighbours(), saga__slug=saga_slug, slug=slug
    )
    depends_on(request, *event_answer_keys(event))
    is_public = event.is_public() and event.saga.is_public()
    preview = may_preview and (not is_public or "preview" in request.GET)
    text = event.localized(language, public=not preview)
    citations = list(event.citations.all())
    context = {
        "event": event,
        "saga": event.saga,
        "text": text,
        "preview": preview,
        "is_public": is_public,
        "involvements": list(event.involvements.all()),
        "citations": citations,
        "supporting": _accounts(citations, Stance.SUPPORTS),
        "disputing": _accounts(citations, Stance.DISPUTES),
        "neighbours": _neighbours(event, language) if is_public else (None, None),
        "json_ld": event_data(event, text, request),
    }
    response = render(request, "events/event_detail.html", context)
    if preview:
        response["X-Robots-Tag"] = "noindex"
    return response


def _accounts(citations, stance) -> list:
    """
    Return each source taking ``stance``, once.

    What each one reports is told in the event's own (translated) text; citation notes
    are the newsroom's and in one language only, so readers never see them.
    """
    return list({c.source_id: c.source for c in citations if c.stance == stance}.values())


def _neighbours(event, language):
    """Return the public events just before and after ``event`` in its saga's timeline."""
    wanted = [pk for pk in (event.previous_pk, event.next_pk) if pk is not None]
    if not wanted:
        return None, None
    # Unordered: they are picked by pk, and the timeline order joins the saga to sort two rows.
    wanted_events = Event.objects.filter(pk__in=wanted).order_by()
    found = {e.pk: e for e in join_texts(wanted_events, language, "", states=False)}
    for neighbour in found.values():
        neighbour.saga = event.saga  # the same saga: no query for its address
    return found.get(event.previous_pk), found.get(event.next_pk)


@public_page(params=("q", "page"))
def search(request):
    language = get_language()
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    depends_on(request, "sagas", "people")
    page, people = None, []
    if query:
        results = (
            Event.objects.published().search(query, language).for_timeline(language, states=False)
        )
        page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        people = Person.objects.public().named(query).for_language(language)[:SEARCH_PAGE_SIZE]
    context = {"form": form, "query": query, "page": page, "people": people}
    return render(request, "events/search.html", context)


def _timelinejs_context(request, slug, *, embed: bool) -> dict:
    language = get_language()
    saga = get_object_or_404(Saga.objects.published().for_language(language), slug=slug)
    depends_on(request, *saga_answer_keys(saga.pk))
    timeline_url = reverse("events:saga", kwargs={"slug": slug})
    export_url = reverse("api:saga-timelinejs", args=[slug])
    return {
        "saga": saga,
        "text": saga.localized(language),
        "embed": embed,
        "export_url": f"{export_url}?{urlencode({'lang': language})}",
        # TimelineJS's own file for the language (the site's are ja and en), by its address:
        # a file, so it gets the static storage's hashed, long-cached name.
        "timelinejs_locale": f"vendor/timelinejs/js/locale/{language}.json",
        "timeline_url": request.build_absolute_uri(timeline_url),
    }


@public_page
def saga_interactive(request, slug):
    """The saga in TimelineJS, for readers who browse by time: the HTML timeline stays."""
    context = _timelinejs_context(request, slug, embed=False)
    return render(request, "events/saga_interactive.html", context)


def embeddable(view):
    """
    Let other sites frame ``view`` (an <iframe>): frame-ancestors from
    SAGA_EMBED_FRAME_ANCESTORS (read at each request) and no X-Frame-Options. Every other
    page keeps the site's "frame-ancestors 'none'" and "X-Frame-Options: DENY".
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        ancestors = {"frame-ancestors": list(settings.SAGA_EMBED_FRAME_ANCESTORS)}
        return csp_replace(ancestors)(view)(request, *args, **kwargs)

    return xframe_options_exempt(wrapper)


@embeddable
@public_page
def saga_embed(request, slug):
    """The saga's TimelineJS timeline alone on a page, made for an <iframe> on other sites."""
    context = _timelinejs_context(request, slug, embed=True)
    return render(request, "events/saga_embed.html", context)
