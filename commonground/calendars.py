"""Calendar entries and feeds, built with the icalendar library.

Times are written in the city's time zone with a TZID and a matching VTIMEZONE, so calendar
programs show the right local time even across a change to or from daylight saving time.
Updates keep an event's UID and raise its SEQUENCE, so calendar programs replace the earlier
entry; a cancellation keeps the UID and says STATUS:CANCELLED.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from commonground.formatting import city_time_zone


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    sequence: int = 0
    cancelled: bool = False


def _event(entry: CalendarEvent) -> Event:
    if timezone.is_naive(entry.starts_at) or timezone.is_naive(entry.ends_at):
        raise ValueError("Calendar times must be timezone-aware.")
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", entry.starts_at.astimezone(city_time_zone()))
    event.add("dtend", entry.ends_at.astimezone(city_time_zone()))
    event.add("summary", entry.summary)
    event.add("sequence", entry.sequence)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    if entry.location:
        event.add("location", entry.location)
    if entry.description:
        event.add("description", entry.description)
    if entry.url:
        event.add("url", entry.url)
    return event


def calendar_text(entries: Iterable[CalendarEvent], *, name: str = "") -> str:
    """A calendar of these events as iCalendar text, with the time zones they use."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Common Ground//{settings.CITY_NAME}//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for entry in entries:
        calendar.add_component(_event(entry))
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")
