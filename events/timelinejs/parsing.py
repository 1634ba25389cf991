"""Reading a TimelineJS 3 JSON file, or the Google Sheets template as CSV, into plain data."""

import csv
import datetime
import io
import re
import zoneinfo
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.dates import DatePrecision
from events.timelinejs.export import decoded_html_to_text, html_to_text, source_from_html

PART_NAMES = ("year", "month", "day", "hour", "minute")
PART_RANGES = {
    "year": (1, 9999),
    "month": (1, 12),
    "day": (1, 31),
    "hour": (0, 23),
    "minute": (0, 59),
}
PRECISION_BY_DEPTH = {
    1: DatePrecision.YEAR,
    2: DatePrecision.MONTH,
    3: DatePrecision.DAY,
    5: DatePrecision.TIME,
}
SHEET_COLUMNS = ("Year", "Headline")  # the template's others are optional


class TimelineError(Exception):
    """The file cannot be imported; ``problems`` says where and why, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class Moment:
    """A date given as parts (year, month...), as precise as the parts present."""

    parts: dict[str, int]

    @property
    def precision(self) -> str:
        return PRECISION_BY_DEPTH[len(self.parts)]

    def in_zone(self, time_zone: str) -> datetime.datetime:
        parts = {"month": 1, "day": 1, "hour": 0, "minute": 0, **self.parts}
        return datetime.datetime(**parts, tzinfo=zoneinfo.ZoneInfo(time_zone))


@dataclass
class Slide:
    where: str
    start: Moment
    end: Moment | None = None
    display_date: str = ""
    headline: str = ""
    text: str = ""
    media_url: str = ""
    media_credit: str = ""
    media_caption: str = ""
    group: str = ""
    unique_id: str = ""


@dataclass
class Era:
    where: str
    start: Moment
    end: Moment
    headline: str


@dataclass
class Timeline:
    headline: str = ""
    text: str = ""
    slides: list[Slide] = field(default_factory=list)
    eras: list[Era] = field(default_factory=list)


def as_int(value) -> int | None:
    """Return a date part as an integer, None when empty; raise ValueError when not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
        raise ValueError(value)
    return int(str(value).strip()) if isinstance(value, str) else int(value)


def parse_moment(raw: dict, label: str) -> Moment:
    """Return the parts in ``raw`` as a Moment; raise ValueError naming what is wrong."""
    parts = {}
    for name in PART_NAMES:
        try:
            value = as_int(raw.get(name))
        except (TypeError, ValueError, OverflowError):
            raise ValueError(
                _("%(label)s: %(part)s “%(value)s” is not a whole number")
                % {"label": label, "part": name, "value": raw.get(name)}
            ) from None
        if value is None:
            continue
        low, high = PART_RANGES.get(name, (None, None))
        if low is not None and not low <= value <= high:
            raise ValueError(
                _("%(label)s: %(part)s %(value)s is out of range (%(low)s–%(high)s)")
                % {"label": label, "part": name, "value": value, "low": low, "high": high}
            )
        parts[name] = value
    if "hour" in parts:
        parts.setdefault("minute", 0)
    known = [name for name in PART_NAMES if name in parts]
    if "year" not in parts:
        raise ValueError(_("%(label)s: the year is missing") % {"label": label})
    if known != list(PART_NAMES[: len(known)]):
        raise ValueError(
            _("%(label)s: %(part)s is given without the parts before it")
            % {"label": label, "part": known[-1]}
        )
    try:
        Moment(parts).in_zone("UTC")
    except ValueError:
        raise ValueError(
            _("%(label)s: %(date)s is not a date")
            % {"label": label, "date": "-".join(str(parts[n]) for n in known[:3])}
        ) from None
    return Moment(parts)


def text_of(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def parse_json_slide(raw, where: str) -> Slide:
    if not isinstance(raw, dict):
        raise ValueError(_("%(where)s: not an object") % {"where": where})
    text = raw.get("text") if isinstance(raw.get("text"), dict) else {}
    media = raw.get("media") if isinstance(raw.get("media"), dict) else {}
    start = raw.get("start_date")
    if not isinstance(start, dict):
        raise ValueError(_("%(where)s: start_date is missing") % {"where": where})
    end = raw.get("end_date")
    # Our own export cites a source in a paragraph of the text, not as media.
    body, cited = source_from_html(text_of(text.get("text")))
    if cited and not text_of(media.get("url")):
        media = cited
    return Slide(
        where=where,
        start=parse_moment(start, f"{where}: start_date"),
        end=parse_moment(end, f"{where}: end_date") if isinstance(end, dict) and end else None,
        display_date=decoded_html_to_text(
            text_of(raw.get("display_date")) or text_of(start.get("display_date"))
        ),
        headline=html_to_text(text_of(text.get("headline"))),
        text=html_to_text(body),
        media_url=text_of(media.get("url")),
        media_credit=html_to_text(text_of(media.get("credit"))),
        media_caption=html_to_text(text_of(media.get("caption"))),
        group=decoded_html_to_text(text_of(raw.get("group"))),
        unique_id=text_of(raw.get("unique_id")),
    )


def parse_json(data) -> Timeline:
    """Return the timeline in a parsed TimelineJS JSON document; raise TimelineError."""
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise TimelineError([_("the file has no “events” list: is it TimelineJS JSON?")])
    timeline, problems = Timeline(), []
    title = data.get("title") if isinstance(data.get("title"), dict) else {}
    title_text = title.get("text") if isinstance(title.get("text"), dict) else {}
    timeline.headline = html_to_text(text_of(title_text.get("headline")))
    timeline.text = html_to_text(text_of(title_text.get("text")))
    for number, raw in enumerate(data["events"], start=1):
        text = raw.get("text") if isinstance(raw, dict) else None
        headline = text.get("headline") if isinstance(text, dict) else None
        where = _("event %(number)s") % {"number": number}
        if isinstance(headline, str) and headline.strip():
            where = f"{where} (“{html_to_text(headline)[:40]}”)"
        try:
            timeline.slides.append(parse_json_slide(raw, where))
        except ValueError as error:
            problems.append(str(error))
    for number, raw in enumerate(data.get("eras") or [], start=1):
        where = _("era %(number)s") % {"number": number}
        try:
            if not isinstance(raw, dict) or not isinstance(raw.get("end_date"), dict):
                raise ValueError(_("%(where)s: end_date is missing") % {"where": where})
            slide = parse_json_slide(raw, where)
            timeline.eras.append(
                Era(where, slide.start, parse_moment(raw["end_date"], where), slide.headline)
            )
        except ValueError as error:
            problems.append(str(error))
    if problems:
        raise TimelineError(problems)
    return timeline


TIME_OF_DAY = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*([AaPp][Mm])?$")


def sheet_time(value: str, label: str) -> dict:
    """Return the hour and minute of a sheet's Time cell ("13:05", "1:05 PM"), if any."""
    value = (value or "").strip()
    if not value:
        return {}
    match = TIME_OF_DAY.match(value)
    if not match:
        raise ValueError(
            _("%(label)s: time “%(value)s” is not like 13:05 or 1:05 PM")
            % {"label": label, "value": value}
        )
    hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(
                _("%(label)s: time “%(value)s” is not like 13:05 or 1:05 PM")
                % {"label": label, "value": value}
            )
        hour = hour % 12 + (12 if half == "pm" else 0)
    return {"hour": hour, "minute": minute}


def sheet_moment(row: dict, prefix: str, label: str) -> Moment | None:
    cells = {
        "year": row.get(f"{prefix}Year"),
        "month": row.get(f"{prefix}Month"),
        "day": row.get(f"{prefix}Day"),
        **sheet_time(row.get(f"{prefix}Time", ""), label),
    }
    if prefix and not any(text_of(str(v)) for v in cells.values() if v is not None):
        return None
    return parse_moment(cells, label)


def parse_csv(text: str) -> Timeline:
    """Return the timeline in the TimelineJS Google Sheets template, exported as CSV."""
    reader = csv.DictReader(io.StringIO(text))
    columns = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in SHEET_COLUMNS if name not in columns]
    if missing:
        raise TimelineError(
            [
                _("the header row lacks %(columns)s: is it the TimelineJS template?")
                % {"columns": ", ".join(missing)}
            ]
        )
    timeline, problems = Timeline(), []
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        where = _("row %(number)s") % {"number": number}
        kind = row.get("Type", "").lower()
        try:
            if kind == "title":
                timeline.headline = html_to_text(row.get("Headline", ""))
                timeline.text = html_to_text(row.get("Text", ""))
                continue
            start = sheet_moment(row, "", where)
            end = sheet_moment(row, "End ", f"{where}: end")
            if kind == "era":
                if end is None:
                    raise ValueError(_("%(where)s: an era needs an end") % {"where": where})
                timeline.eras.append(Era(where, start, end, html_to_text(row["Headline"])))
                continue
            timeline.slides.append(
                Slide(
                    where=where,
                    start=start,
                    end=end,
                    display_date=row.get("Display Date", ""),
                    headline=html_to_text(row.get("Headline", "")),
                    text=html_to_text(row.get("Text", "")),
                    media_url=row.get("Media", ""),
                    media_credit=html_to_text(row.get("Media Credit", "")),
                    media_caption=html_to_text(row.get("Media Caption", "")),
                    group=row.get("Group", ""),
                )
            )
        except ValueError as error:
            problems.append(str(error))
    if problems:
        raise TimelineError(problems)
    return timeline
