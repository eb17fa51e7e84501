"""Reminders: due once per offset, safe to run twice or late, never for cancelled events."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from notifications.kinds import Channel
from notifications.models import Notification
from notifications.reminders import (
    ReminderOccurrence,
    ReminderSchedule,
    register_reminder_schedule,
)
from notifications.services import notifications_tick, notifications_withdraw
from tests.notifications.conftest import REMINDER

pytestmark = pytest.mark.django_db(transaction=True)

# Stands in for the registrations of issue #4: the schedule lists what it holds.
REGISTRATIONS: dict[str, ReminderOccurrence] = {}
CANCELLED: set[str] = set()


def listed_registrations(after, until):
    return [
        occurrence
        for key, occurrence in REGISTRATIONS.items()
        if key not in CANCELLED and after < occurrence.starts_at <= until
    ]


register_reminder_schedule(
    ReminderSchedule(
        event_type="test-registration",
        kind=REMINDER.key,
        offsets=(timedelta(hours=48), timedelta(hours=3)),
        occurrences=listed_registrations,
    )
)


@pytest.fixture(autouse=True)
def no_registrations():
    REGISTRATIONS.clear()
    CANCELLED.clear()


def register(key, starts_in, registered_ago=timedelta(days=7), email=None):
    now = timezone.now()
    REGISTRATIONS[key] = ReminderOccurrence(
        key=key,
        starts_at=now + starts_in,
        created_at=now - registered_ago,
        email=email or f"{key}@example.org",
        language="es",
        context={"title": f"Dialogue {key}"},
    )


def reminder_keys() -> list[str]:
    return sorted(
        Notification.objects.filter(channel=Channel.EMAIL).values_list("idempotency_key", flat=True)
    )


def test_a_reminder_goes_when_it_is_due_and_running_twice_sends_nothing_more():
    register("a", starts_in=timedelta(hours=47))
    register("b", starts_in=timedelta(hours=50))  # not yet due
    assert notifications_tick().reminders == 1
    assert notifications_tick().reminders == 0
    assert reminder_keys() == ["reminder:test-registration:a:48h"]
    assert len(mail.outbox) == 1


def test_both_offsets_go_in_turn():
    register("a", starts_in=timedelta(hours=47))
    notifications_tick()
    REGISTRATIONS["a"] = ReminderOccurrence(
        **{**REGISTRATIONS["a"].__dict__, "starts_at": timezone.now() + timedelta(hours=2)}
    )
    notifications_tick()
    assert reminder_keys() == [
        "reminder:test-registration:a:3h",
        "reminder:test-registration:a:48h",
    ]


def test_a_late_run_sends_only_the_nearest_reminder():
    # The tick did not run for two days: only the 3-hour reminder is still worth sending.
    register("a", starts_in=timedelta(hours=2))
    notifications_tick()
    assert reminder_keys() == ["reminder:test-registration:a:3h"]


def test_no_reminder_whose_time_came_before_the_person_registered():
    register("a", starts_in=timedelta(hours=20), registered_ago=timedelta(hours=1))
    notifications_tick()
    assert reminder_keys() == []


def test_events_that_already_started_get_no_reminder():
    register("a", starts_in=-timedelta(minutes=5))
    notifications_tick()
    assert reminder_keys() == []


def test_a_cancelled_registration_is_never_reminded():
    register("a", starts_in=timedelta(hours=47))
    CANCELLED.add("a")
    notifications_tick()
    assert reminder_keys() == []


def test_cancelling_withdraws_a_reminder_that_was_already_queued(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    register("a", starts_in=timedelta(hours=47))
    notifications_tick()
    CANCELLED.add("a")
    notifications_withdraw(key_prefix="reminder:test-registration:a:", reason="cancelled")
    call_command("db_worker", batch=True, interval=0, reload=False, startup_delay=False)
    assert mail.outbox == []
    assert Notification.objects.get().status == Notification.Status.SUPPRESSED


def test_reminders_are_written_in_the_registrants_language():
    register("a", starts_in=timedelta(hours=47))
    notifications_tick()
    assert mail.outbox[0].alternatives[0][0].count('lang="es"') == 1
