import time

from django.core.management.base import BaseCommand

from notifications.services import notifications_tick


class Command(BaseCommand):
    help = (
        "Enqueues due reminders and digests, puts back the sends of workers that died, and "
        "retries due messages. Safe to run twice or late: run it every minute, from cron or "
        "with --every."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Keep running, once every SECONDS, instead of once.",
        )

    def handle(self, *args, every, **options):
        while True:
            report = notifications_tick()
            self.stdout.write(
                f"reminders enqueued: {report.reminders}, digests enqueued: {report.digests}, "
                f"stale sends released: "
                f"{report.released}, deliveries dispatched: {report.dispatched}"
            )
            if not every:
                return
            time.sleep(every)
