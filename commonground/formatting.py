"""Dates, times and numbers for a reader: in the city's time zone and the reader's locale.

Every page and message formats through these functions, with babel and CLDR, so that a date
reads naturally in Vietnamese or Arabic as well as in English.
"""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel import dates, numbers
from django.conf import settings
from django.utils import translation

from commonground.languages import babel_locale


def _locale(language: str | None):
    return babel_locale(language or translation.get_language() or settings.LANGUAGE_CODE)


def city_time_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def format_datetime_local(
    value: datetime, format: str = "medium", language: str | None = None
) -> str:
    """An aware datetime, shown in the city's time zone."""
    return dates.format_datetime(
        value, format=format, tzinfo=city_time_zone(), locale=_locale(language)
    )


def format_date_local(
    value: date | datetime, format: str = "long", language: str | None = None
) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(city_time_zone()).date()
    return dates.format_date(value, format=format, locale=_locale(language))


def format_number(value: int | float | Decimal, language: str | None = None) -> str:
    return numbers.format_decimal(value, locale=_locale(language))


def format_time_range(starts_at: datetime, ends_at: datetime, language: str | None = None) -> str:
    """Start and end times of one day, in the city's time zone, as CLDR writes a time range
    for the locale (e.g. "6:00 - 8:00 PM" in English, with an en dash)."""
    locale = _locale(language)
    skeleton = "hm" if "h" in locale.time_formats["short"].pattern else "Hm"
    try:
        return dates.format_interval(
            starts_at, ends_at, skeleton=skeleton, tzinfo=city_time_zone(), locale=locale
        )
    except NotImplementedError:
        # Babel cannot yet compare some day-period fields (e.g. Traditional Chinese's "B").
        start = dates.format_time(starts_at, "short", tzinfo=city_time_zone(), locale=locale)
        end = dates.format_time(ends_at, "short", tzinfo=city_time_zone(), locale=locale)
        return f"{start} \N{EN DASH} {end}"


def format_time_of_day(value: time, language: str | None = None) -> str:
    """A wall-clock time with no date, such as a weekly availability window's start."""
    return dates.format_time(value, "short", locale=_locale(language))


def format_month(year: int, month: int, language: str | None = None) -> str:
    """A month and year as the locale writes them, e.g. "December 2026", "diciembre de 2026"."""
    return dates.format_skeleton("yMMMM", date(year, month, 1), locale=_locale(language))


def format_moment(value: datetime, language: str | None = None) -> str:
    """A day and a time without seconds, e.g. "Tuesday, March 2, 2027, 6:00 PM", in the
    city's time zone, joined as the locale joins a date and a time."""
    locale = _locale(language)
    local = value.astimezone(city_time_zone())
    day = dates.format_date(local.date(), "full", locale=locale)
    clock = dates.format_time(local, "short", locale=locale)
    return str(locale.datetime_formats["medium"]).replace("{1}", day).replace("{0}", clock)
