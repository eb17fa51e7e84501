from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from commonground.demo import DEMO_PASSWORD, demo_data_seed


class Command(BaseCommand):
    help = "Creates demo neighborhoods and one account per role, with a known password."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Seed even though DEBUG is off. Demo accounts have a published password.",
        )

    def handle(self, *args, allow_without_debug, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "DEBUG is off, so this looks like production. Demo accounts have a published "
                "password; pass --allow-without-debug if you really want them here."
            )
        accounts = demo_data_seed()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at /en/accounts/login/"))
        self.stdout.write(f"Every demo account's password is: {DEMO_PASSWORD}")
        for account in accounts:
            self.stdout.write(f"  {account.role.label!s:<28} {account.email}")
