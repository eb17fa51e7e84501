"""The outbox: written with the event, delivered after commit, retried, never sent twice."""

import random
import threading
from datetime import timedelta

import pytest
from anymail.exceptions import AnymailRecipientsRefused
from django.core import mail
from django.core.management import call_command
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from notifications.kinds import Channel
from notifications.models import Notification, UndeliverableAddress
from notifications.services import (
    MAX_ATTEMPTS,
    notification_enqueue,
    notification_retry,
    notifications_deliver,
    notifications_tick,
    notifications_withdraw,
)
from tests.email_backends import WorkerKilled, provider_error
from tests.factories import UserFactory
from tests.notifications.conftest import INVITATION, REMINDER

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def enqueue_invitation(key="invitation:1", email="guest@example.org", **kwargs):
    return notification_enqueue(
        kind=INVITATION.key,
        idempotency_key=key,
        email=email,
        context={"title": "Roxbury dialogue"},
        **kwargs,
    )


def email_row(key="invitation:1") -> Notification:
    return Notification.objects.get(idempotency_key=key, channel=Channel.EMAIL)


def make_due(notification: Notification) -> None:
    """Moves a scheduled retry into the past, as if its time had come."""
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_event_leaves_no_notification_and_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_invitation()
        raise RuntimeError("the registration failed")
    assert not Notification.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_delivery_waits_for_the_commit():
    with transaction.atomic():
        enqueue_invitation()
        assert mail.outbox == []  # nothing leaves before the event is committed
    assert len(mail.outbox) == 1
    row = email_row()
    assert (row.status, row.attempts) == (Notification.Status.SENT, 1)
    assert row.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_same_idempotency_key_twice_sends_once():
    first = enqueue_invitation()
    second = enqueue_invitation()
    assert len(first) == 1
    assert second == []
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_provider_outage_is_retried_with_backoff_and_then_succeeds(scripted_provider):
    scripted_provider.script = [
        provider_error(503, "Service Unavailable"),
        ConnectionResetError("connection reset by peer"),
    ]
    enqueue_invitation()
    row = email_row()
    assert row.status == Notification.Status.PENDING
    assert row.attempts == 1
    assert "503" in row.last_error
    first_delay = row.next_attempt_at - timezone.now()
    assert timedelta(seconds=40) < first_delay < timedelta(seconds=80)

    # The tick does nothing before the retry is due...
    notifications_tick()
    assert email_row().attempts == 1

    make_due(row)
    notifications_tick()
    row = email_row()
    assert (row.status, row.attempts) == (Notification.Status.PENDING, 2)
    second_delay = row.next_attempt_at - timezone.now()
    assert second_delay > first_delay  # exponential

    make_due(row)
    notifications_tick()
    row = email_row()
    assert (row.status, row.attempts) == (Notification.Status.SENT, 3)
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_provider_that_keeps_failing_ends_failed_after_the_limit(scripted_provider):
    scripted_provider.script = [provider_error(502, "Bad Gateway") for _ in range(MAX_ATTEMPTS)]
    enqueue_invitation()
    for _ in range(MAX_ATTEMPTS - 1):
        make_due(email_row())
        notifications_tick()
    row = email_row()
    assert (row.status, row.attempts) == (Notification.Status.FAILED, MAX_ATTEMPTS)
    assert "502" in row.last_error
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_permanent_error_fails_at_once_and_a_coordinator_can_retry(scripted_provider):
    scripted_provider.script = [provider_error(422, "Invalid From address")]
    enqueue_invitation()
    row = email_row()
    assert (row.status, row.attempts) == (Notification.Status.FAILED, 1)

    assert notification_retry(notification=row)
    row = email_row()
    assert (row.status, row.attempts) == (Notification.Status.SENT, 1)
    assert len(mail.outbox) == 1
    # Only failed or suppressed messages can be retried.
    assert not notification_retry(notification=row)


@pytest.mark.django_db(transaction=True)
def test_a_refused_recipient_fails_and_marks_the_address_undeliverable(scripted_provider):
    scripted_provider.script = [AnymailRecipientsRefused("invalid recipient")]
    enqueue_invitation(email="nobody@invalid.example")
    assert email_row().status == Notification.Status.FAILED
    address = UndeliverableAddress.objects.get(email="nobody@invalid.example")
    assert address.reason == UndeliverableAddress.Reason.REJECTED


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_loses_nothing_and_sends_once(scripted_provider):
    scripted_provider.script = [WorkerKilled()]
    enqueue_invitation()
    row = email_row()
    # The claim was committed before the provider was called.
    assert (row.status, row.attempts) == (Notification.Status.SENDING, 1)
    assert mail.outbox == []

    notifications_tick()  # within the lease, the send may still be going on
    assert email_row().status == Notification.Status.SENDING

    Notification.objects.filter(pk=row.pk).update(claimed_at=timezone.now() - timedelta(minutes=11))
    report = notifications_tick()
    assert (report.released, report.dispatched) == (1, 1)
    row = email_row()
    assert (row.status, row.attempts) == (Notification.Status.SENT, 2)
    assert len(mail.outbox) == 1

    # Once the send is confirmed, nothing sends it again.
    notifications_deliver([row.pk])
    Notification.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(days=1))
    notifications_tick()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_withdrawn_messages_are_not_sent(settings):
    settings.TASKS = DATABASE_TASKS  # queued for a worker, not sent at commit
    enqueue_invitation(key="reminder:registration:42:48h")
    enqueue_invitation(key="reminder:registration:43:48h", email="other@example.org")
    assert notifications_withdraw(key_prefix="reminder:registration:42:", reason="cancelled") == 1
    call_command("db_worker", batch=True, interval=0, reload=False, startup_delay=False)
    assert [message.to for message in mail.outbox] == [["other@example.org"]]
    withdrawn = email_row("reminder:registration:42:48h")
    assert (withdrawn.status, withdrawn.last_error) == (Notification.Status.SUPPRESSED, "cancelled")


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_delivers_what_was_queued(settings):
    settings.TASKS = DATABASE_TASKS
    for number in range(5):
        enqueue_invitation(key=f"invitation:{number}", email=f"guest{number}@example.org")
    assert mail.outbox == []
    assert Notification.objects.filter(status=Notification.Status.PENDING).count() == 5
    call_command("db_worker", batch=True, interval=0, reload=False, startup_delay=False)
    assert len(mail.outbox) == 5
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_message_exactly_once(settings):
    settings.TASKS = DATABASE_TASKS
    with transaction.atomic():
        for number in range(100):
            enqueue_invitation(key=f"invitation:{number}", email=f"guest{number}@example.org")
    ids = list(Notification.objects.values_list("pk", flat=True))
    barrier = threading.Barrier(2)
    errors = []

    def worker(seed):
        # Each worker tries every message, in its own order and batches: the worst case.
        order = ids[:]
        random.Random(seed).shuffle(order)
        try:
            barrier.wait(timeout=10)
            for start in range(0, len(order), 7):
                notifications_deliver(order[start : start + 7])
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    message_ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    assert len(message_ids) == len(set(message_ids)) == 100
    assert set(Notification.objects.values_list("status", "attempts")) == {("sent", 1)}


@pytest.mark.django_db(transaction=True)
def test_an_inactive_account_gets_nothing():
    user = UserFactory(email="gone@example.org")
    user.is_active = False
    user.save(update_fields=["is_active"])
    notification_enqueue(
        kind=INVITATION.key, idempotency_key="invitation:gone", recipient=user, context={}
    )
    assert mail.outbox == []
    row = email_row("invitation:gone")
    assert (row.status, row.last_error) == (Notification.Status.SUPPRESSED, "account deactivated")


@pytest.mark.django_db(transaction=True)
def test_guests_without_an_account_get_email_but_no_in_app_message():
    rows = notification_enqueue(
        kind=REMINDER.key,
        idempotency_key="reminder:guest:1:3h",
        email="Guest@Example.org",
        language="vi",
        context={"title": "Dorchester", "starts_at": timezone.now() + timedelta(hours=3)},
    )
    assert [row.channel for row in rows] == [Channel.EMAIL]
    assert mail.outbox[0].to == ["guest@example.org"]
