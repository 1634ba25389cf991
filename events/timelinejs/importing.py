"""Writing a parsed timeline as a new draft saga, through the services, all or nothing."""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.dates import format_at_precision, validate_time_zone
from editorial.content_services import content_save
from events.models import (
    SAGA_PAGE_SLUGS,
    Chapter,
    ChapterTranslation,
    Event,
    EventTranslation,
    Saga,
    SagaTranslation,
)
from events.services import event_save, saga_save
from events.timelinejs.parsing import Slide, Timeline, TimelineError, parse_csv, parse_json
from images.models import Image
from people.models import Organization
from sources.models import Source, SourceKind
from translations.machinery import TranslationOrigin, TranslationStatus
from translations.services import Provenance, translation_save


def unique_slug(candidates, taken: set[str], fallback: str) -> str:
    """Return the first valid candidate slug (or ``fallback``) made unique against ``taken``."""
    base = next((slugify(c)[:100] for c in candidates if c and slugify(c)), fallback)
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def imported_text(model, parent, *, language: str, user, file_name: str, texts: dict):
    """Write ``parent``'s text in ``language`` as a draft imported from ``file_name``."""
    row = model(**{model.parent_field: parent}, language_code=language)
    return translation_save(
        row=row,
        user=user,
        texts=texts,
        status=TranslationStatus.DRAFT,
        provenance=Provenance(origin=TranslationOrigin.IMPORT, detail=file_name),
    )


def media_source(slide: Slide, *, language: str, user, taken: set[str]) -> Source | None:
    """Return the source a slide's media points to, adding it when it is new."""
    if not slide.media_url:
        return None
    existing = Source.objects.filter(
        Q(url=slide.media_url) | Q(archived_url=slide.media_url)
    ).first()
    if existing:
        return existing
    publisher = None
    if slide.media_credit:
        publisher = Organization.objects.filter(translations__name=slide.media_credit).first()
    host = re.sub(r"^www\.", "", urlsplit(slide.media_url).netloc)
    kind = SourceKind.ARTICLE
    if host in ("youtube.com", "youtu.be", "vimeo.com"):
        kind = SourceKind.VIDEO
    elif host in ("twitter.com", "x.com", "threads.net", "mastodon.social", "bsky.app"):
        kind = SourceKind.SOCIAL_POST
    source = Source(
        slug=unique_slug([slide.media_caption, host], taken, "source"),
        url=slide.media_url,
        title=slide.media_caption or slide.media_url,
        kind=kind,
        language=language,
        publisher=publisher,
        author="" if publisher else slide.media_credit[:255],
    )
    return content_save(obj=source, user=user, changes={})


def display_date_to_keep(slide: Slide, moment, precision, *, time_zone, language):
    """
    Return (the display date worth keeping, whether the date is approximate).

    A display date that only spells out the date is not kept (the site writes it in each
    language); one that spells it out as "around …" marks the date approximate.
    """
    with translation.override(language):
        exact = format_at_precision(moment, precision, time_zone)
        around = format_at_precision(moment, precision, time_zone, approximate=True)
    if slide.display_date in ("", exact):
        return "", False
    if slide.display_date == around:
        return "", True
    return slide.display_date, False


def import_chapters(timeline, saga, *, language, user, file_name) -> dict[str, Chapter]:
    """Create a chapter per era, and per group no era is named after; return them by name."""
    spans = {}
    for era in timeline.eras:
        spans.setdefault(
            era.headline, (era.start.in_zone(saga.time_zone), era.end.in_zone(saga.time_zone))
        )
    for slide in timeline.slides:
        if slide.group and slide.group not in spans:
            starts = [
                s.start.in_zone(saga.time_zone) for s in timeline.slides if s.group == slide.group
            ]
            spans[slide.group] = (min(starts), None)
    taken, chapters = set(), {}
    ordered = sorted(spans.items(), key=lambda item: item[1][0])
    for position, (heading, (start, end)) in enumerate(ordered, start=1):
        chapter = Chapter(
            saga=saga,
            slug=unique_slug([heading], taken, f"chapter-{position}"),
            position=position,
            start_at=start,
            end_at=end,
        )
        chapter.full_clean()
        chapter.save()
        imported_text(
            ChapterTranslation,
            chapter,
            language=language,
            user=user,
            file_name=file_name,
            texts={"heading": heading or chapter.slug},
        )
        chapters[heading] = chapter
    return chapters


def import_slide(slide, position, saga, *, chapters, taken, source_slugs, context) -> Event:
    zone, language = saga.time_zone, saga.original_language
    start = slide.start.in_zone(zone)
    precision = slide.start.precision
    display_date, approximate = display_date_to_keep(
        slide, start, precision, time_zone=zone, language=language
    )
    # This site's own image (a timeline it exported) is the event's image again, not a source.
    image = Image.objects.served_at(slide.media_url) if slide.media_url else None
    source = None
    if image is None:
        source = media_source(slide, language=language, user=context["user"], taken=source_slugs)
    event = event_save(
        event=Event(saga=saga),
        user=context["user"],
        changes={
            "slug": unique_slug([slide.unique_id, slide.headline], taken, f"event-{position}"),
            "start_at": start,
            "end_at": slide.end.in_zone(zone) if slide.end else None,
            "precision": precision,
            "is_approximate": approximate,
            "position": position,
            "original_language": language,
            "chapter": chapters.get(slide.group) if slide.group else None,
            "image": image,
        },
        citations=[{"source": source}] if source else None,
    )
    imported_text(
        EventTranslation,
        event,
        **context,
        texts={"headline": slide.headline, "display_date": display_date, "summary": slide.text},
    )
    return event


@transaction.atomic
def timeline_import(
    *,
    timeline: Timeline,
    slug: str,
    time_zone: str,
    language: str,
    user,
    file_name: str,
    title: str = "",
    progress=None,
) -> Saga:
    """
    Create a draft saga from ``timeline``: all of it, or nothing (``TimelineError``).

    Texts are drafts in ``language``, marked as imported from ``file_name``; dates are read
    in ``time_zone`` and are as precise as the parts given; each slide's media becomes its
    cited source (an existing source with that address, or a new one), or its image when
    the media is a rendition of one of this site's images.
    """
    validate_time_zone(time_zone)
    problems = []
    for slide in timeline.slides:
        if not slide.headline:
            problems.append(_("%(where)s: the headline is empty") % {"where": slide.where})
        elif slide.end and slide.end.in_zone(time_zone) < slide.start.in_zone(time_zone):
            problems.append(_("%(where)s: it ends before it starts") % {"where": slide.where})
    for era in timeline.eras:
        if era.end.in_zone(time_zone) < era.start.in_zone(time_zone):
            problems.append(_("%(where)s: it ends before it starts") % {"where": era.where})
    if not (title or timeline.headline):
        problems.append(_("the timeline has no title: give one with --title"))
    if problems:
        raise TimelineError(problems)

    saga = saga_save(
        saga=Saga(slug=slug, time_zone=time_zone, original_language=language), user=user, changes={}
    )
    context = {"language": language, "user": user, "file_name": file_name}
    imported_text(
        SagaTranslation,
        saga,
        **context,
        texts={"title": title or timeline.headline, "standfirst": timeline.text},
    )
    chapters = import_chapters(timeline, saga, **context)
    taken, source_slugs = set(SAGA_PAGE_SLUGS), set(Source.objects.values_list("slug", flat=True))
    for position, slide in enumerate(timeline.slides):
        try:
            import_slide(
                slide,
                position,
                saga,
                chapters=chapters,
                taken=taken,
                source_slugs=source_slugs,
                context=context,
            )
        except ValidationError as error:
            problems.append(f"{slide.where}: {' '.join(error.messages)}")
        if progress:
            progress(position + 1, len(timeline.slides))
    if problems:
        raise TimelineError(problems)
    return saga


def read_timeline(path: Path) -> Timeline:
    """Parse a TimelineJS file: JSON, or the Google Sheets template as CSV (by content)."""
    try:
        content = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise TimelineError([_("the file is not UTF-8 text")]) from None
    if content.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(content)
        except RecursionError:
            raise TimelineError([_("the JSON is nested too deeply to be a timeline")]) from None
        except json.JSONDecodeError as error:
            raise TimelineError(
                [
                    _("the JSON is malformed (line %(line)s): %(problem)s")
                    % {"line": error.lineno, "problem": error.msg}
                ]
            ) from None
        return parse_json(data)
    return parse_csv(content)
