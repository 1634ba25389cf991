"""Public pages of the events app: the saga index, a saga's timeline, an event, search."""

from functools import wraps
from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.clickjacking import xframe_options_exempt

from accounts.permissions import can_preview
from core.publishing import visible_q
from core.response_cache import cached_part, cached_parts, depends_on, keeps_answers, public_page
from events.forms import SearchForm, TimelineFilterForm
from events.freshness import event_answer_keys, saga_answer_keys
from events.jsonld import event_data, saga_data
from events.models import Event, Saga, Stance, Tag
from events.templatetags.cards import render_cards
from events.timeline import arranged, timeline_page
from people.models import Organization, Person
from translations.machinery import join_texts, localized_labels

SEARCH_PAGE_SIZE = 20
# How a timeline shows each event's card (events/event_card.html).
TIMELINE_CARD = {"heading": "h4"}


@public_page
def saga_list(request):
    depends_on(request, "sagas")
    sagas = Saga.objects.published().for_language(get_language()).with_public_summary()
    return render(request, "events/saga_list.html", {"sagas": sagas})


@public_page(params=("page", *TimelineFilterForm.base_fields))
def saga_timeline(request, slug):
    language = get_language()
    now = timezone.now()
    saga = get_object_or_404(
        Saga.objects.published(now).for_language(language).with_public_summary(), slug=slug
    )
    depends_on(request, *saga_answer_keys(saga.pk))
    # Its events as ``published(now)`` has them: the saga was just read as public at ``now``,
    # so each query (the page's, the filters' EXISTS) tests the events' own state alone.
    events = saga.events.filter(visible_q(now=now))
    options = cached_part(
        f"timeline-filters:{saga.pk}:{language}",
        saga_answer_keys(saga.pk),
        lambda: _filter_options(saga, events, language),
    )
    form = TimelineFilterForm(request.GET or None, options=options)
    filters = form.active_filters()
    # With a cache, the page's rows only arrange the page: each card is kept on its own, and
    # only the events of cards not kept are fetched whole. Without one, every card is built:
    # the rows are fetched whole at once, which costs about 6 ms (of about 75) less than the
    # arranged rows and then their fifty events again (BENCH_CACHE=off, 2,000 events).
    keeps_cards = keeps_answers()
    matching = events.matching(**filters)
    try:
        page, chapters = timeline_page(
            arranged(matching, language) if keeps_cards else matching.for_saga_timeline(language),
            number=request.GET.get("page") or 1,
            saga=saga,
            # Unfiltered, the page lists the events the saga's summary counted.
            count=None if filters else saga.public_event_count,
        )
    except InvalidPage as error:
        raise Http404(str(error)) from error
    cards = _timeline_cards(page.object_list, saga, language, whole=not keeps_cards)
    for event in page.object_list:
        # Rendered by the card template; none only if the event was deleted meanwhile.
        event.card = mark_safe(cards[event.pk][0] if cards[event.pk] else "")
    text = saga.localized(language)
    context = {
        "saga": saga,
        "text": text,
        "form": form,
        "filters": filters,
        "page": page,
        "chapters": chapters,
        "event_count": page.paginator.count,
        "untranslated_count": sum(1 for card in cards.values() if card and card[1]),
        "json_ld": saga_data(saga, request, updated_at=saga.public_updated_at),
        # The <iframe> an editor copies into an article (events/includes_embed_snippet.html).
        "embed_url": request.build_absolute_uri(reverse("events:embed", kwargs={"slug": slug})),
    }
    return render(request, "events/saga_detail.html", context)


def _timeline_cards(rows, saga, language, *, whole: bool) -> dict[int, tuple[str, bool]]:
    """
    Return the card of each of ``rows`` (``render_cards``), each kept on its own under the
    token of its event's key (``cached_parts``): after one edit, one card of fifty is built.
    ``whole``: whether ``rows`` were fetched with what their cards show; else the events
    whose cards are not kept are fetched again, whole.

    Besides its event (and the people and tags it shows, which move the event's key), a
    card shows what the kept card's name holds: the language (texts, dates, labels, the
    reader's zone), the routes (language prefix, script prefix) and the saga's address
    and zone. Nothing else of the request: the same card serves every page and filter.
    """
    name = ":".join(
        (
            "timeline-card",
            language,
            settings.READER_TIME_ZONES.get(language, ""),
            get_script_prefix(),
            str(get_urlconf() or ""),
            saga.slug,
            saga.time_zone,
            *(f"{option}={value}" for option, value in sorted(TIMELINE_CARD.items())),
        )
    )

    def build(missing) -> dict:
        if whole:
            wanted = set(missing)
            return render_cards([row for row in rows if row.pk in wanted], **TIMELINE_CARD)
        # By id: the rows were published when read, and are shown as read.
        shown = list(Event.objects.filter(pk__in=missing).order_by().for_saga_timeline(language))
        for event in shown:
            event.saga = saga
        return render_cards(shown, **TIMELINE_CARD)

    return cached_parts(name, {row.pk: (f"event-{row.pk}",) for row in rows}, build)


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
