"""Reminders before events (and follow-ups after them), declared per event type by the apps
that own the events.

A schedule names its offsets (for example 48 hours and 3 hours before) and a function that
lists the events starting within a window. The tick enqueues each reminder once, under an
idempotency key, so running it twice or late sends nothing twice. When several offsets are due
at once, only the nearest one goes, and a reminder whose time came before the person signed up
is never sent. Apps withdraw pending reminders when the event is cancelled
(notifications_withdraw); the schedule's own listing leaves cancelled events out.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from accounts.models import User
from notifications.services import Outgoing, notifications_enqueue_many


@dataclass(frozen=True)
class ReminderOccurrence:
    """One event one person will attend, e.g. registration 42 for a session."""

    key: str
    starts_at: datetime
    created_at: datetime
    recipient: User | None = None
    email: str = ""
    language: str = ""
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ReminderSchedule:
    event_type: str
    kind: str
    offsets: tuple[timedelta, ...]
    # Lists the occurrences that start after the first datetime and no later than the second.
    occurrences: Callable[[datetime, datetime], Iterable[ReminderOccurrence]]
    # A follow-up after an event (a survey the evening after a session) is an occurrence whose
    # time has passed: the listing then looks back this far, so a late tick still sends it.
    lookback: timedelta = timedelta(0)


_SCHEDULES: dict[str, ReminderSchedule] = {}


def register_reminder_schedule(schedule: ReminderSchedule) -> ReminderSchedule:
    _SCHEDULES[schedule.event_type] = schedule
    return schedule


def offset_label(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"


def reminders_enqueue_due(*, now: datetime) -> int:
    """Enqueues every reminder that is due now; returns how many were new."""
    enqueued = 0
    for schedule in _SCHEDULES.values():
        horizon = max(schedule.offsets)
        due_messages = []
        for occurrence in schedule.occurrences(now - schedule.lookback, now + horizon):
            due = [
                offset
                for offset in schedule.offsets
                if occurrence.starts_at - offset <= now
                and occurrence.created_at <= occurrence.starts_at - offset
            ]
            if not due:
                continue
            nearest = min(due)
            due_messages.append(
                Outgoing(
                    idempotency_key=(
                        f"reminder:{schedule.event_type}:{occurrence.key}:{offset_label(nearest)}"
                    ),
                    recipient=occurrence.recipient,
                    email=occurrence.email,
                    language=occurrence.language,
                    context={**occurrence.context, "starts_at": occurrence.starts_at},
                )
            )
        rows = notifications_enqueue_many(kind=schedule.kind, outgoing=due_messages)
        enqueued += len({row.idempotency_key for row in rows})
    return enqueued
