"""Demo data for `make run`: a city with neighborhoods and one account per role.

Every function here is idempotent: seeding twice leaves the same data as seeding once.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User
from accounts.roles import Role
from accounts.services import role_grant, user_create
from dialogues.services import neighborhood_ensure

DEMO_PASSWORD = "commonground-demo"
DEMO_NEIGHBORHOODS = [
    "Allston-Brighton",
    "Chinatown",
    "Dorchester",
    "East Boston",
    "Hyde Park",
    "Jamaica Plain",
    "Mattapan",
    "Roxbury",
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    display_name: str
    role: Role
    preferred_language: str = "en"


DEMO_ACCOUNTS = [
    DemoAccount("resident@example.org", "Rosa Demo", Role.RESIDENT, "es"),
    DemoAccount("facilitator@example.org", "Fatima Demo", Role.FACILITATOR),
    DemoAccount("interpreter@example.org", "Ivan Demo", Role.INTERPRETER),
    DemoAccount("coordinator@example.org", "Carmen Demo", Role.COORDINATOR),
    DemoAccount("committee@example.org", "Kwame Demo", Role.COMMITTEE_MEMBER),
]


@transaction.atomic
def demo_account_ensure(account: DemoAccount) -> User:
    user = User.objects.filter(email=account.email).first()
    if user is None:
        user = user_create(
            email=account.email,
            password=DEMO_PASSWORD,
            display_name=account.display_name,
            preferred_language=account.preferred_language,
        )
    role_grant(user=user, role=account.role)
    # Demo accounts can sign in at once, without confirming their address first.
    EmailAddress.objects.update_or_create(
        user=user, email=account.email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def demo_data_seed() -> list[DemoAccount]:
    for name in DEMO_NEIGHBORHOODS:
        neighborhood_ensure(name=name)
    for account in DEMO_ACCOUNTS:
        demo_account_ensure(account)
    return DEMO_ACCOUNTS
