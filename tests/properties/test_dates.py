"""Property-based tests: a date is never printed or exported more precisely than known."""

import datetime as dt
import re
import zoneinfo

from django.utils import translation
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from core.dates import (
    DatePrecision,
    date_parts,
    format_at_precision,
    format_time_elsewhere,
    in_zone,
    iso_at_precision,
    local_day,
)

ZONES = sorted(zoneinfo.available_timezones())
PARTS = {
    DatePrecision.YEAR: ("year",),
    DatePrecision.MONTH: ("year", "month"),
    DatePrecision.DAY: ("year", "month", "day"),
    DatePrecision.TIME: ("year", "month", "day", "hour", "minute"),
}
ISO_SHAPE = {
    DatePrecision.YEAR: r"\d{4}",
    DatePrecision.MONTH: r"\d{4}-\d{2}",
    DatePrecision.DAY: r"\d{4}-\d{2}-\d{2}",
    # An HTML <time datetime> global date-time: the offset is hours and minutes only.
    DatePrecision.TIME: r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[+-]\d{2}:\d{2}",
}

moments = st.datetimes(
    min_value=dt.datetime(1800, 1, 1),
    max_value=dt.datetime(2200, 12, 31),
    timezones=st.just(dt.UTC),
)
zones = st.sampled_from(ZONES)
precisions = st.sampled_from(list(DatePrecision))
languages = st.sampled_from(["en", "ja"])
examples = settings(max_examples=300, deadline=None)


def known_parts(moment, precision, zone):
    local = in_zone(moment, zone)
    return tuple(getattr(local, name) for name in PARTS[precision])


@st.composite
def same_known_parts(draw, moment, precision, zone):
    """Draw another moment whose known parts (in ``zone``) are those of ``moment``."""
    local = in_zone(moment, zone)
    finer = {
        "second": draw(st.integers(0, 59)),
        "microsecond": draw(st.integers(0, 999_999)),
    }
    if precision != DatePrecision.TIME:
        finer |= {"hour": draw(st.integers(0, 23)), "minute": draw(st.integers(0, 59))}
    if precision in (DatePrecision.YEAR, DatePrecision.MONTH):
        finer["day"] = draw(st.integers(1, 28))
    if precision == DatePrecision.YEAR:
        finer["month"] = draw(st.integers(1, 12))
    other = local.replace(**finer).astimezone(dt.UTC)
    # Around a daylight-saving change a wall time may not exist and lands elsewhere.
    assume(known_parts(other, precision, zone) == known_parts(moment, precision, zone))
    return other


@examples
@given(moment=moments, zone=zones, precision=precisions)
def test_date_parts_are_exactly_the_known_ones_and_read_in_the_zone(moment, zone, precision):
    parts = date_parts(moment, precision, zone)

    assert tuple(parts) == PARTS[precision]
    assert tuple(parts.values()) == known_parts(moment, precision, zone)


@examples
@given(moment=moments, zone=zones, precision=precisions)
def test_iso_dates_have_the_shape_of_their_precision(moment, zone, precision):
    iso = iso_at_precision(moment, precision, zone)

    lmt = in_zone(moment, zone).utcoffset() % dt.timedelta(minutes=1)
    if precision == DatePrecision.TIME and lmt:
        # Local mean time, offset by seconds: the minute's start in UTC, to the second.
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00", iso)
    else:
        assert re.fullmatch(ISO_SHAPE[precision], iso)


@examples
@given(moment=moments, zone=zones)
def test_an_iso_time_reads_back_as_the_same_minute(moment, zone):
    iso = iso_at_precision(moment, DatePrecision.TIME, zone)

    back = dt.datetime.fromisoformat(iso)

    assert dt.timedelta(0) <= moment - back < dt.timedelta(minutes=1)


@examples
@given(moment=moments, zone=zones)
def test_date_parts_at_time_precision_rebuild_the_moment_to_the_minute(moment, zone):
    local = in_zone(moment, zone)
    parts = date_parts(moment, DatePrecision.TIME, zone)

    rebuilt = dt.datetime(**parts, tzinfo=zoneinfo.ZoneInfo(zone), fold=local.fold)

    assert dt.timedelta(0) <= moment - rebuilt < dt.timedelta(minutes=1)


@examples
@given(data=st.data(), moment=moments, zone=zones, precision=precisions, language=languages)
def test_nothing_finer_than_the_precision_changes_what_is_printed(
    data, moment, zone, precision, language
):
    other = data.draw(same_known_parts(moment, precision, zone))

    with translation.override(language):
        assert format_at_precision(moment, precision, zone) == format_at_precision(
            other, precision, zone
        )
        assert format_at_precision(
            moment, precision, zone, approximate=True
        ) == format_at_precision(other, precision, zone, approximate=True)
    assert iso_at_precision(moment, precision, zone) == iso_at_precision(other, precision, zone)
    assert date_parts(moment, precision, zone) == date_parts(other, precision, zone)


@examples
@given(moment=moments, zone=zones, precision=precisions, language=languages)
def test_an_approximate_date_says_the_same_date_with_around(moment, zone, precision, language):
    with translation.override(language):
        plain = format_at_precision(moment, precision, zone)
        around = format_at_precision(moment, precision, zone, approximate=True)

    assert plain in around
    assert around != plain


@examples
@given(moment=moments, zone=zones)
def test_the_local_day_is_the_day_on_the_zones_clock(moment, zone):
    day = local_day(moment, zone)
    offset = in_zone(moment, zone).utcoffset()

    assert day == (moment + offset).date()
    assert abs(day - moment.date()) <= dt.timedelta(days=1)
    assert iso_at_precision(moment, DatePrecision.DAY, zone) == day.isoformat()
    assert local_day(moment, "UTC") == moment.date()


@examples
@given(moment=moments, zone=zones, reader_zone=zones, precision=precisions)
def test_a_time_elsewhere_is_given_only_for_times_that_read_differently(
    moment, zone, reader_zone, precision
):
    elsewhere = format_time_elsewhere(moment, precision, zone, reader_zone)

    same_clock = in_zone(moment, zone).utcoffset() == in_zone(moment, reader_zone).utcoffset()
    if precision != DatePrecision.TIME or same_clock:
        assert elsewhere is None
    else:
        assert elsewhere == format_at_precision(moment, precision, reader_zone)
