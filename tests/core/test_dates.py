"""Dates are printed only to the precision known, in the saga's zone or the reader's."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.dates import (
    date_parts,
    format_at_precision,
    format_time_elsewhere,
    iso_at_precision,
    local_day,
    validate_time_zone,
)

LA = "America/Los_Angeles"
# Friday 17 November 2023, 12:23 in California.
FIRING = dt.datetime(2023, 11, 17, 20, 23, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        ("year", "2023"),
        ("month", "2023-11"),
        ("day", "2023-11-17"),
        ("time", "2023-11-17T12:23-08:00"),
    ],
)
def test_iso_dates_stop_at_the_known_precision(precision, expected):
    assert iso_at_precision(FIRING, precision, LA) == expected


@pytest.mark.parametrize(
    ("language", "precision", "expected"),
    [
        ("en", "year", "2023"),
        ("en", "month", "November 2023"),
        ("en", "day", "Nov. 17, 2023"),
        ("en", "time", "Nov. 17, 2023, 12:23 p.m. PST"),
        ("ja", "year", "2023年"),
        ("ja", "month", "2023年11月"),
        ("ja", "day", "2023年11月17日"),
        ("ja", "time", "2023年11月17日 12:23 PST"),
    ],
)
def test_formatted_dates_never_print_more_than_is_known(language, precision, expected):
    with translation.override(language):
        assert format_at_precision(FIRING, precision, LA) == expected


def test_approximate_dates_say_so():
    with translation.override("en"):
        assert format_at_precision(FIRING, "year", LA, approximate=True) == "around 2023"
    with translation.override("ja"):
        assert format_at_precision(FIRING, "year", LA, approximate=True) == "2023年頃"


def test_the_day_is_the_day_where_the_story_happened():
    late_friday_in_california = dt.datetime(2023, 11, 18, 6, 0, tzinfo=dt.UTC)

    assert local_day(late_friday_in_california, LA) == dt.date(2023, 11, 17)
    assert local_day(late_friday_in_california, "Asia/Tokyo") == dt.date(2023, 11, 18)


def test_noon_friday_in_california_is_early_saturday_in_tokyo():
    noon_friday = dt.datetime(2023, 11, 17, 20, 0, tzinfo=dt.UTC)

    with translation.override("ja"):
        elsewhere = format_time_elsewhere(noon_friday, "time", LA, "Asia/Tokyo")

    assert elsewhere == "2023年11月18日 5:00 JST"


def test_a_day_precision_event_has_no_time_elsewhere():
    assert format_time_elsewhere(FIRING, "day", LA, "Asia/Tokyo") is None


def test_no_time_elsewhere_when_the_reader_is_in_the_same_zone():
    assert format_time_elsewhere(FIRING, "time", LA, "America/Vancouver") is None


def test_date_parts_are_only_the_known_ones():
    assert date_parts(FIRING, "month", LA) == {"year": 2023, "month": 11}
    assert date_parts(FIRING, "time", LA) == {
        "year": 2023,
        "month": 11,
        "day": 17,
        "hour": 12,
        "minute": 23,
    }


def test_unknown_time_zones_are_refused_by_name():
    validate_time_zone("Asia/Tokyo")
    with pytest.raises(ValidationError) as error:
        validate_time_zone("Pacific Time")
    assert "“Pacific Time” is not an IANA time zone" in error.value.messages[0]


def test_an_approximate_time_stays_approximate_in_the_readers_zone():
    noon_friday = dt.datetime(2023, 11, 17, 20, 0, tzinfo=dt.UTC)

    with translation.override("ja"):
        elsewhere = format_time_elsewhere(noon_friday, "time", LA, "Asia/Tokyo", approximate=True)

    assert elsewhere == "2023年11月18日 5:00 JST頃"
