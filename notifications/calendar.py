"""Calendar entries attached to messages, built with the icalendar library.

Updates reuse the entry's UID with a higher SEQUENCE, so calendar programs replace the earlier
entry instead of adding a second one; a cancellation keeps the UID and says STATUS:CANCELLED.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def calendar_event(
    *,
    uid: str,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    location: str = "",
    description: str = "",
    url: str = "",
    sequence: int = 0,
    cancelled: bool = False,
) -> str:
    """One event as iCalendar text. Times must be aware; they are written in UTC."""
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("Calendar times must be timezone-aware.")
    calendar = Calendar()
    calendar.add("prodid", f"-//Common Ground//{settings.CITY_NAME}//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", starts_at.astimezone(UTC))
    event.add("dtend", ends_at.astimezone(UTC))
    event.add("summary", summary)
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
