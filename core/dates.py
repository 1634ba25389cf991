"""
Dates known to a precision.

An event's ``start_at`` is the best estimate of an instant, stored in UTC. Its precision
says how much of it is known: a year, a month, a day (in the saga's time zone) or a time.
Everything shown to readers or exported goes through these functions, which never print
more than is known.
"""

import datetime
import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class DatePrecision(models.TextChoices):
    YEAR = "year", gettext_lazy("year")
    MONTH = "month", gettext_lazy("month")
    DAY = "day", gettext_lazy("day")
    TIME = "time", gettext_lazy("time of day")


@cache
def time_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            gettext_lazy("“%(value)s” is not an IANA time zone such as “America/Los_Angeles”."),
            code="unknown_time_zone",
            params={"value": value},
        )


def in_zone(moment: datetime.datetime, time_zone: str) -> datetime.datetime:
    return moment.astimezone(zoneinfo.ZoneInfo(time_zone))


def local_day(moment: datetime.datetime, time_zone: str) -> datetime.date:
    """Return the calendar day of ``moment`` where the story happened."""
    return in_zone(moment, time_zone).date()


def iso_at_precision(moment: datetime.datetime, precision: str, time_zone: str) -> str:
    """Return an ISO 8601 string truncated to the precision (for ``<time datetime>``)."""
    local = in_zone(moment, time_zone)
    if precision == DatePrecision.YEAR:
        return f"{local.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{local.year:04d}-{local.month:02d}"
    if precision == DatePrecision.DAY:
        return local.date().isoformat()
    minute = local.replace(second=0, microsecond=0)
    if minute.utcoffset() % datetime.timedelta(minutes=1):
        # Local mean time (before a zone had standard time) is offset by seconds, which an
        # HTML datetime attribute cannot carry: give the instant that minute began, in UTC.
        return minute.astimezone(datetime.UTC).isoformat(timespec="seconds")
    return minute.isoformat(timespec="minutes")


def date_parts(moment: datetime.datetime, precision: str, time_zone: str) -> dict[str, int]:
    """Return the known parts (year, month, day, hour, minute) in the given zone."""
    local = in_zone(moment, time_zone)
    names = {
        DatePrecision.YEAR: ("year",),
        DatePrecision.MONTH: ("year", "month"),
        DatePrecision.DAY: ("year", "month", "day"),
        DatePrecision.TIME: ("year", "month", "day", "hour", "minute"),
    }[precision]
    return {name: getattr(local, name) for name in names}


def format_at_precision(
    moment: datetime.datetime, precision: str, time_zone: str, *, approximate: bool = False
) -> str:
    """Return the moment as readers of the active language write it, to the precision known."""
    local = in_zone(moment, time_zone)
    if precision == DatePrecision.YEAR:
        text = _("%(year)s") % {"year": local.year}
    elif precision == DatePrecision.MONTH:
        text = formats.date_format(local, "YEAR_MONTH_FORMAT")
    elif precision == DatePrecision.DAY:
        text = formats.date_format(local, "DATE_FORMAT")
    else:
        text = _("%(date)s, %(time)s %(zone)s") % {
            "date": formats.date_format(local, "DATE_FORMAT"),
            "time": formats.time_format(local, "TIME_FORMAT"),
            "zone": local.tzname(),
        }
    return _("around %(date)s") % {"date": text} if approximate else text


def format_time_elsewhere(
    moment: datetime.datetime,
    precision: str,
    time_zone: str,
    reader_time_zone: str,
    *,
    approximate: bool = False,
) -> str | None:
    """
    Return the moment in the reader's zone when it reads differently there, else None.

    Only a time-precision moment can be moved between zones: a day-precision event has no
    known time, so its day elsewhere is unknown.
    """
    if precision != DatePrecision.TIME or not reader_time_zone:
        return None
    here, there = in_zone(moment, time_zone), in_zone(moment, reader_time_zone)
    if here.utcoffset() == there.utcoffset():
        return None
    # An approximate time is as approximate in any zone: "around" (頃) stays.
    return format_at_precision(moment, precision, reader_time_zone, approximate=approximate)


def format_time_of_day(
    moment: datetime.datetime, precision: str, time_zone: str, *, approximate: bool = False
) -> str:
    """Return only the time of day and its zone ("12:23 PST"); empty unless the time is known."""
    if precision != DatePrecision.TIME:
        return ""
    local = in_zone(moment, time_zone)
    text = _("%(time)s %(zone)s") % {
        "time": formats.time_format(local, "TIME_FORMAT"),
        "zone": local.tzname(),
    }
    return _("around %(date)s") % {"date": text} if approximate else text


def coarser_precision(precision: str, limit: str) -> str:
    """Return whichever of ``precision`` and ``limit`` is the less precise."""
    order = list(DatePrecision.values)
    return order[min(order.index(precision), order.index(limit))]
