"""Outbox throughput on PostgreSQL: 10,000 emails through 1 and through 2 database workers.

Enqueues the messages in one transaction (as a batch of reminders would be), then starts
`manage.py db_worker --batch` processes with the locmem email backend and waits until every
message is sent. Messages per second count from the first claim to the last send, so process
start-up is left out. The baseline, measured in the same run, is a loop that only calls
`send_mail` for the same messages; the ratio shows what the outbox's guarantees cost.

Needs PostgreSQL: it uses (and creates if missing) the database named by BENCH_DATABASE_URL,
by default postgres://postgres@127.0.0.1:5432/commonground_bench. Run it with `make bench`.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

MESSAGES = int(os.environ.get("BENCH_MESSAGES", 10_000))
from bench.support import DATABASE_URL, ensure_database  # noqa: E402

ENVIRONMENT = {
    "DATABASE_URL": DATABASE_URL,
    "BACKGROUND_TASKS": "database",
    "EMAIL_PROVIDER": "locmem",
    # As in production: DEBUG off, so templates are compiled once and cached.
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENVIRONMENT)
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")


ensure_database()

import django  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.core.mail import send_mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Max, Min  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from accounts.notifications import ROLE_GRANTED  # noqa: E402
from notifications.email import build_email  # noqa: E402
from notifications.models import Notification  # noqa: E402
from notifications.services import (  # noqa: E402
    Outgoing,
    notification_enqueue,
    notifications_enqueue_many,
)

CONTEXT = {"role": "facilitator", "area_url_name": "facilitators:facilitator_home"}


def reset() -> None:
    Notification.objects.all().delete()
    DBTaskResult.objects.all().delete()


def enqueue(run: str) -> float:
    messages = [
        Outgoing(
            idempotency_key=f"bench:{run}:{number}",
            email=f"resident{number}@example.org",
            language="es",
            context=CONTEXT,
        )
        for number in range(MESSAGES)
    ]
    start = time.perf_counter()
    with transaction.atomic():
        notifications_enqueue_many(kind=ROLE_GRANTED.key, outgoing=messages)
    return MESSAGES / (time.perf_counter() - start)


def deliver_with(workers: int) -> float:
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--batch",
        "--interval",
        "0",
        "--no-startup-delay",
        "--no-reload",
        "--verbosity",
        "0",
    ]
    processes = [
        subprocess.Popen(command, cwd=BASE_DIR, env={**os.environ}) for _ in range(workers)
    ]
    for process in processes:
        if process.wait() != 0:
            raise SystemExit(f"a worker exited with {process.returncode}")
    sent = Notification.objects.filter(status=Notification.Status.SENT)
    if sent.count() != MESSAGES:
        raise SystemExit(f"only {sent.count()} of {MESSAGES} messages were sent")
    span = sent.aggregate(first=Min("claimed_at"), last=Max("finished_at"))
    return MESSAGES / (span["last"] - span["first"]).total_seconds()


def baseline() -> float:
    """The same rendered messages, handed straight to send_mail: no outbox at all."""
    Notification.objects.all().delete()
    (row,) = notification_enqueue(
        kind=ROLE_GRANTED.key,
        idempotency_key="bench:baseline",
        email="resident@example.org",
        language="es",
        context=CONTEXT,
    )
    message = build_email(row)
    mail.outbox = []
    start = time.perf_counter()
    for number in range(MESSAGES):
        send_mail(
            message.subject, message.body, message.from_email, [f"resident{number}@example.org"]
        )
    return MESSAGES / (time.perf_counter() - start)


def main() -> None:
    call_command("migrate", verbosity=0)
    print(f"outbox: {MESSAGES:,} emails, PostgreSQL, locmem email backend")
    reset()
    reference = baseline()
    print(f"{'run':<32} {'messages/s':>11} {'vs baseline':>12}")
    print(f"{'baseline: send_mail loop':<32} {reference:>11,.0f} {1:>11.3f}x")
    for workers in (1, 2):
        reset()
        rate = enqueue(f"{workers}-workers")
        print(f"{'enqueue, one transaction':<32} {rate:>11,.0f} {rate / reference:>11.3f}x")
        delivered = deliver_with(workers)
        label = f"deliver, {workers} worker{'s' if workers > 1 else ''}"
        print(f"{label:<32} {delivered:>11,.0f} {delivered / reference:>11.3f}x")
    reset()


if __name__ == "__main__":
    main()
