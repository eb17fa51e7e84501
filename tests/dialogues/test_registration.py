"""Registration without an account: seats, the waitlist, promotion, and what is refused."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone

from dialogues.models import Dialogue, Registration
from dialogues.services import (
    Contact,
    DialogueCancelled,
    Needs,
    RegistrationClosed,
    registration_cancel,
    registration_create,
)
from notifications.models import Notification
from notifications.services import notifications_tick
from tests.factories import DialogueFactory, language
from tests.helpers import translated

pytestmark = pytest.mark.django_db(transaction=True)


def register(dialogue, number, **contact):
    contact = {"name": f"Person {number}", "email": f"person{number}@example.org", **contact}
    return registration_create(
        dialogue_id=dialogue.pk, contact=Contact(**contact), needs=Needs()
    ).registration


def test_registering_takes_a_seat_and_sends_a_confirmation_with_a_calendar_entry():
    dialogue = DialogueFactory(capacity=2)
    registration = register(dialogue, 1, language="es")
    assert registration.status == Registration.Status.CONFIRMED
    (message,) = mail.outbox
    assert message.to == ["person1@example.org"]
    title = translated(
        "es", "Race dialogue in %(neighborhood)s", neighborhood=dialogue.neighborhood.name
    )
    assert message.subject == translated("es", "You are registered: %(title)s", title=title)
    (calendar,) = [
        part for part in message.attachments if part.get_content_type() == "text/calendar"
    ]
    assert b"BEGIN:VEVENT" in calendar.get_payload(decode=True)


def test_when_every_seat_is_taken_people_join_the_waitlist_in_order():
    dialogue = DialogueFactory(capacity=2)
    statuses = [register(dialogue, number).status for number in range(4)]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    dialogue.refresh_from_db()
    assert dialogue.status == Dialogue.Status.FULL


def test_a_freed_seat_goes_to_the_first_person_waiting_who_hears_at_once():
    dialogue = DialogueFactory(capacity=1)
    first = register(dialogue, 1)
    second = register(dialogue, 2, language="vi")
    third = register(dialogue, 3)
    mail.outbox.clear()

    registration_cancel(registration_id=first.pk)

    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("confirmed", "waitlisted")
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert set(subjects) == {"person1@example.org", "person2@example.org"}
    title = translated(
        "vi", "Race dialogue in %(neighborhood)s", neighborhood=dialogue.neighborhood.name
    )
    assert subjects["person2@example.org"] == translated(
        "vi", "A seat is yours: %(title)s", title=title
    )
    dialogue.refresh_from_db()
    assert dialogue.status == Dialogue.Status.FULL


def test_cancelling_the_last_confirmed_seat_reopens_a_full_dialogue():
    dialogue = DialogueFactory(capacity=1)
    only = register(dialogue, 1)
    dialogue.refresh_from_db()
    assert dialogue.status == Dialogue.Status.FULL
    registration_cancel(registration_id=only.pk)
    dialogue.refresh_from_db()
    assert dialogue.status == Dialogue.Status.OPEN


def test_registering_again_with_the_same_email_returns_the_same_registration():
    dialogue = DialogueFactory(capacity=5)
    first = register(dialogue, 1)
    outcome = registration_create(
        dialogue_id=dialogue.pk,
        contact=Contact(name="Someone", email="PERSON1@example.org"),
        needs=Needs(),
    )
    assert (outcome.registration.pk, outcome.created) == (first.pk, False)
    assert dialogue.registrations.count() == 1


def test_after_cancelling_the_same_person_may_register_again():
    dialogue = DialogueFactory(capacity=5)
    first = register(dialogue, 1)
    registration_cancel(registration_id=first.pk)
    again = register(dialogue, 1)
    assert again.pk != first.pk
    assert again.status == Registration.Status.CONFIRMED


def test_a_phone_number_alone_is_enough_and_also_identifies_a_repeat():
    dialogue = DialogueFactory(capacity=5)
    by_phone = register(dialogue, 1, email="", phone="617 555 0101")
    repeat = register(dialogue, 2, email="", phone="617 555 0101")
    assert by_phone.pk == repeat.pk
    assert mail.outbox == []  # no address to write to; the phone is for the coordinators


def test_the_database_refuses_a_second_live_registration_for_one_address():
    dialogue = DialogueFactory()
    register(dialogue, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            dialogue=dialogue,
            name="Copy",
            email="person1@example.org",
            language="en",
            status=Registration.Status.CONFIRMED,
        )


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (Dialogue.Status.DRAFT, RegistrationClosed),
        (Dialogue.Status.CLOSED, RegistrationClosed),
        (Dialogue.Status.COMPLETED, RegistrationClosed),
        (Dialogue.Status.CANCELLED, DialogueCancelled),
    ],
)
def test_closed_or_cancelled_dialogues_take_no_registrations_and_nothing_is_written(status, error):
    dialogue = DialogueFactory(status=status)
    with pytest.raises(error):
        register(dialogue, 1)
    assert not Registration.objects.exists()
    assert not Notification.objects.exists()


def test_the_registration_window_is_respected():
    now = timezone.now()
    not_yet = DialogueFactory(registration_opens_at=now + timedelta(days=1))
    with pytest.raises(RegistrationClosed):
        register(not_yet, 1)
    started = DialogueFactory(sessions__starts_at=now - timedelta(hours=1))
    with pytest.raises(RegistrationClosed):
        register(started, 2)
    assert not Registration.objects.exists()


def test_needs_are_stored_as_real_fields():
    dialogue = DialogueFactory(interpretation=["es", "ht"])
    registration = registration_create(
        dialogue_id=dialogue.pk,
        contact=Contact(name="Rosa", email="rosa@example.org", language="es"),
        needs=Needs(
            interpretation_language=language("ht"),
            asl=True,
            childcare_children=2,
            childcare_ages="3 and 7",
            transit_help=True,
        ),
    ).registration
    registration.refresh_from_db()
    assert registration.interpretation_language.code == "ht"
    assert (registration.asl, registration.childcare_children, registration.transit_help) == (
        True,
        2,
        True,
    )


@pytest.mark.needs_postgres
def test_fifty_people_at_once_for_ten_seats_give_ten_seats_and_forty_waiting_in_order():
    dialogue = DialogueFactory(capacity=10)
    barrier = threading.Barrier(50)
    errors = []

    def rush(number):
        try:
            barrier.wait(timeout=30)
            register(dialogue, number)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=rush, args=(number,)) for number in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    registrations = list(dialogue.registrations.order_by("created_at", "id"))
    statuses = [registration.status for registration in registrations]
    assert statuses.count("confirmed") == 10
    assert statuses.count("waitlisted") == 40
    # In order: everyone who got a seat registered before everyone who waits.
    assert statuses == ["confirmed"] * 10 + ["waitlisted"] * 40
    dialogue.refresh_from_db()
    assert dialogue.status == Dialogue.Status.FULL


def test_cancelling_twice_cancels_once():
    dialogue = DialogueFactory()
    first = register(dialogue, 1)
    registration_cancel(registration_id=first.pk)
    registration_cancel(registration_id=first.pk)
    assert Notification.objects.filter(idempotency_key__endswith=":cancelled").count() == 1


def test_registrants_are_reminded_before_each_session_but_not_after_cancelling():
    soon = timezone.now() + timedelta(hours=47)
    dialogue = DialogueFactory(sessions__starts_at=soon)
    staying = register(dialogue, 1, language="so")
    leaving = register(dialogue, 2)
    # Registered a week ago: the 48-hour reminder is due now.
    Registration.objects.update(status_changed_at=timezone.now() - timedelta(days=7))
    registration_cancel(registration_id=leaving.pk)
    mail.outbox.clear()

    assert notifications_tick().reminders == 1
    assert notifications_tick().reminders == 0
    (reminder,) = mail.outbox
    assert reminder.to == [staying.email]
    assert reminder.extra_headers["List-Unsubscribe"]  # reminders are optional


def test_a_reminder_already_queued_is_withdrawn_when_the_registration_is_cancelled(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    dialogue = DialogueFactory(sessions__starts_at=timezone.now() + timedelta(hours=2))
    registration = register(dialogue, 1)
    Registration.objects.update(status_changed_at=timezone.now() - timedelta(days=7))
    notifications_tick()
    reminder = Notification.objects.get(kind="dialogues.session_reminder")
    assert reminder.status == Notification.Status.PENDING
    registration_cancel(registration_id=registration.pk)
    reminder.refresh_from_db()
    assert reminder.status == Notification.Status.SUPPRESSED
