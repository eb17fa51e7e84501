"""A real `db_worker` process, killed with SIGKILL while it talks to the mail server."""

import signal
import socket
import subprocess
import sys
import time
from contextlib import closing
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from accounts.notifications import ROLE_GRANTED
from notifications.kinds import Channel
from notifications.models import Notification
from notifications.services import notification_enqueue, notifications_tick
from tests.helpers import BASE_DIR, database_url_for, subprocess_environment

pytestmark = pytest.mark.django_db(transaction=True)


def silent_mail_server() -> socket.socket:
    """Accepts connections and never answers, like a mail server that hangs."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    return server


def test_a_worker_killed_while_sending_loses_nothing_and_the_message_goes_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # A kind the worker process knows: test kinds exist only in this process.
    notification_enqueue(
        kind=ROLE_GRANTED.key,
        idempotency_key="role-granted:killed",
        email="guest@example.org",
        context={"role": "facilitator", "area_url_name": "facilitators:facilitator_home"},
    )
    with closing(silent_mail_server()) as mail_server:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
            cwd=BASE_DIR,
            env=subprocess_environment(
                DATABASE_URL=database_url_for(connection.settings_dict),
                DEBUG="1",
                BACKGROUND_TASKS="database",
                EMAIL_PROVIDER="smtp",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=str(mail_server.getsockname()[1]),
                EMAIL_USE_TLS="0",
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            row = Notification.objects.get(channel=Channel.EMAIL)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                row.refresh_from_db()
                if row.status == Notification.Status.SENDING:
                    break
                time.sleep(0.1)
            assert row.status == Notification.Status.SENDING, "the worker never claimed it"
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.SENDING, 1)

    # Within the lease, nobody touches it; after the lease, the tick sends it again.
    notifications_tick()
    assert mail.outbox == []
    Notification.objects.filter(pk=row.pk).update(claimed_at=timezone.now() - timedelta(minutes=11))
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    notifications_tick()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.SENT, 2)
    assert len(mail.outbox) == 1
