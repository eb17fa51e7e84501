"""Demo data for `make run`: a city with neighborhoods, one account per role, and a program of
dialogues with registrations in several languages.

Every function here is idempotent: seeding twice leaves the same data as seeding once.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import role_grant, user_create
from dialogues.models import Dialogue, Language, Program, Venue
from dialogues.scheduling import ScheduleRule, schedule_apply
from dialogues.services import Contact, Needs, neighborhood_ensure, registration_create

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


# (neighborhood, venue, address, step-free, accessible restroom, hearing loop, quiet room,
# childcare space). Fictional places, for the demo only.
DEMO_VENUES = [
    ("Roxbury", "Warren Street Community Room", "120 Warren Street", True, True, True, False, True),
    (
        "Dorchester",
        "Fields Corner Library Hall",
        "1520 Dorchester Avenue",
        True,
        True,
        False,
        True,
        True,
    ),
    (
        "East Boston",
        "Maverick Square Center",
        "10 Maverick Square",
        True,
        False,
        False,
        True,
        False,
    ),
    (
        "Jamaica Plain",
        "Centre Street Meeting House",
        "640 Centre Street",
        False,
        False,
        False,
        True,
        True,
    ),
    ("Mattapan", "Blue Hill Avenue Commons", "1400 Blue Hill Avenue", True, True, True, True, True),
    ("Chinatown", "Tyler Street Community Room", "38 Tyler Street", True, True, False, False, True),
]
DEMO_TRANSIT = {
    "en": "Buses stop at the door. There is no parking on site.",
    "es": "Los autobuses paran en la puerta. No hay estacionamiento en el lugar.",
}
DEMO_REGISTRANTS = [
    ("Ana Torres", "ana.torres", "es"),
    ("Jean-Baptiste Pierre", "jbpierre", "ht"),
    ("Mei Chen", "mei.chen", "zh-hant"),
    ("Nguyen Thi Lan", "lan.nguyen", "vi"),
    ("Joana Monteiro", "joana.monteiro", "kea"),
    ("Lucas Souza", "lucas.souza", "pt-br"),
    ("Olga Ivanova", "olga.ivanova", "ru"),
    ("Nadia Haddad", "nadia.haddad", "ar"),
    ("Hodan Ali", "hodan.ali", "so"),
    ("Claire Dubois", "claire.dubois", "fr"),
    ("Marcus Johnson", "marcus.johnson", "en"),
    ("Keisha Brown", "keisha.brown", "en"),
]


def demo_program_ensure(*, coordinator: User, today: date) -> Program:
    """A program of monthly drop-in dialogues for four months, two circles, and registrations
    in several languages: one dialogue full with a waitlist."""
    program, _ = Program.objects.get_or_create(
        slug="neighborhood-race-dialogues",
        defaults={
            "name": {
                "en": "Neighborhood Race Dialogues",
                "es": "Diálogos vecinales sobre raza",
            },
            "focus": {
                "en": "Residents share how race shapes daily life in their neighborhood.",
                "es": "Los residentes cuentan cómo la raza marca la vida diaria en su barrio.",
            },
        },
    )
    venues = []
    for neighborhood_name, name, address, *access in DEMO_VENUES:
        step_free, restroom, loop, quiet, childcare = access
        venue, _ = Venue.objects.get_or_create(
            name=name,
            defaults={
                "neighborhood": neighborhood_ensure(name=neighborhood_name),
                "address": address,
                "capacity": 30,
                "transit_notes": DEMO_TRANSIT,
                "step_free_access": step_free,
                "accessible_restroom": restroom,
                "hearing_loop": loop,
                "quiet_room": quiet,
                "childcare_space": childcare,
            },
        )
        venues.append(venue)
    languages = {language.code: language for language in Language.objects.all()}
    first_day = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    drop_ins = ScheduleRule(
        program=program,
        format=Dialogue.Format.DROP_IN,
        mode=Dialogue.Mode.IN_PERSON,
        weekday=1,
        week_of_month=1,
        starts=time(18, 0),
        ends=time(20, 0),
        first_day=first_day,
        last_day=first_day + timedelta(days=110),
        venues=tuple(venues[:5]),
        primary_language=languages["en"],
        interpretation_languages=(languages["es"], languages["ht"], languages["vi"]),
        capacity=12,
        minimum=6,
        publish=True,
    )
    schedule_apply(drop_ins, by=coordinator)
    for venue, language, interpreted in [
        (venues[5], "zh-hant", ("zh-hans", "en")),
        (venues[2], "es", ("en", "pt-br")),
    ]:
        circle = ScheduleRule(
            program=program,
            format=Dialogue.Format.CIRCLE,
            mode=Dialogue.Mode.IN_PERSON,
            weekday=3,
            week_of_month=2,
            starts=time(18, 30),
            ends=time(20, 30),
            first_day=first_day,
            last_day=first_day + timedelta(days=27),
            venues=(venue,),
            primary_language=languages[language],
            interpretation_languages=tuple(languages[code] for code in interpreted),
            capacity=10,
            publish=True,
        )
        schedule_apply(circle, by=coordinator)
    dialogues = list(program.dialogues.order_by("id"))
    # The first dialogue fills up and has a waitlist; others have a few people each.
    for number, (name, handle, language) in enumerate(DEMO_REGISTRANTS + DEMO_REGISTRANTS[:2]):
        email = f"{handle}{'' if number < len(DEMO_REGISTRANTS) else '.2'}@example.org"
        _demo_register(dialogues[0], name, email, language)
    for dialogue_index, dialogue in enumerate(dialogues[1:8], start=1):
        for name, handle, language in DEMO_REGISTRANTS[dialogue_index : dialogue_index + 4]:
            _demo_register(dialogue, name, f"{handle}@example.org", language)
    return program


def _demo_register(dialogue: Dialogue, name: str, email: str, language: str) -> None:
    interpretation = Language.objects.filter(code=language, interpreted_dialogues=dialogue).first()
    registration_create(
        dialogue_id=dialogue.pk,
        contact=Contact(name=name, email=email, language=language),
        needs=Needs(
            interpretation_language=interpretation, childcare_children=1 if "a" in name[:2] else 0
        ),
    )


@transaction.atomic
def demo_data_seed(*, today: date | None = None) -> list[DemoAccount]:
    for name in DEMO_NEIGHBORHOODS:
        neighborhood_ensure(name=name)
    for account in DEMO_ACCOUNTS:
        demo_account_ensure(account)
    coordinator = User.objects.get(email="coordinator@example.org")
    demo_program_ensure(coordinator=coordinator, today=today or timezone.localdate())
    return DEMO_ACCOUNTS
