import logging
import threading
import time

from daphne.cli import CommandLineInterface
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from notifications.services import notifications_tick

logger = logging.getLogger(__name__)

TICK_SECONDS = 60


def tick_forever() -> None:
    while True:
        time.sleep(TICK_SECONDS)
        try:
            notifications_tick()
        except Exception:
            logger.exception("The notifications tick failed; trying again in a minute.")
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = (
        "The embedded server for `make run`: daphne, plus the notifications tick in the same "
        "process, so that live updates from reminders reach browsers through the in-memory "
        "channel layer. Production runs daphne, db_worker and notifications_tick separately."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host, port, **options):
        threading.Thread(target=tick_forever, name="notifications-tick", daemon=True).start()
        CommandLineInterface().run(["-b", host, "-p", str(port), "commonground.asgi:application"])
