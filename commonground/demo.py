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
from commonground.demo_committee import demo_committee_ensure
from commonground.demo_feedback import demo_feedback_ensure
from commonground.demo_guide import DEMO_GUIDE_NAME, DEMO_GUIDE_SEGMENTS
from dialogues.guides.services import guide_create, guide_make_default, guide_version_save
from dialogues.models import Dialogue, DiscussionGuide, Language, Program, Venue
from dialogues.scheduling import ScheduleRule, schedule_apply
from dialogues.services import Contact, Needs, neighborhood_ensure, registration_create
from facilitators.models import (
    Assignment,
    AssignmentPlan,
    FacilitatorLanguage,
    FacilitatorProfile,
    InterpreterProfile,
    TrainingModule,
)
from facilitators.services import (
    FacilitatorDetails,
    assignment_plan_publish,
    assignment_plan_solve,
    availability_window_add,
    facilitator_details_update,
    interpreter_pairs_set,
    interpreter_profile_ensure,
    training_completion_record,
)

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
    today = today or timezone.localdate()
    demo_guide_ensure()
    demo_program_ensure(coordinator=coordinator, today=today)
    demo_facilitators_ensure(coordinator=coordinator, today=today)
    demo_staffing_plan_ensure(coordinator=coordinator, today=today)
    demo_live_room_ensure()
    demo_feedback_ensure(today=today)
    demo_committee_ensure(today=today)
    return DEMO_ACCOUNTS


def demo_live_room_ensure() -> None:
    """The demo resident registers, in Spanish, for the demo facilitator's dialogue, so that the
    facilitator can check them in on the roster and both can try its live room."""
    facilitator = User.objects.get(email="facilitator@example.org")
    resident = User.objects.get(email="resident@example.org")
    assignment = (
        Assignment.objects.filter(
            person=facilitator,
            session__isnull=True,
            dialogue__sessions__starts_at__gt=timezone.now(),
        )
        .order_by("dialogue_id")
        .first()
    )
    if assignment is None:
        return
    registration_create(
        dialogue_id=assignment.dialogue_id,
        contact=Contact(name="Rosa Resident", email=resident.email, language="es"),
        needs=Needs(),
        user=resident,
    )


def demo_guide_ensure() -> DiscussionGuide:
    """The two-hour guide of commonground/demo_guide.py, as the default guide."""
    guide = DiscussionGuide.objects.filter(name__en=DEMO_GUIDE_NAME["en"]).first()
    if guide is None:
        guide = guide_create(name=DEMO_GUIDE_NAME, primary_language="en", by=None)
    if not guide.versions.exists():
        guide_version_save(guide=guide, segments=DEMO_GUIDE_SEGMENTS, note="Demo guide", by=None)
    if not guide.is_default:
        guide_make_default(guide=guide)
    return guide


# (name, handle, {language: level}, neighborhoods, identity, experience, weekly windows)
EVENINGS = [(1, time(17, 0), time(21, 30)), (3, time(17, 0), time(21, 30))]
DEMO_FACILITATORS = [
    (
        "Fatima Demo",
        None,
        {"en": "f", "ar": "f", "fr": "c"},
        ["Roxbury", "Dorchester"],
        ["mena"],
        24,
    ),
    ("Grace Okafor", "grace.okafor", {"en": "f"}, ["Roxbury", "Mattapan"], ["black"], 40),
    ("Luis Ramírez", "luis.ramirez", {"es": "f", "en": "f"}, ["East Boston"], ["hispanic"], 15),
    (
        "Marie-Claire Joseph",
        "mc.joseph",
        {"ht": "f", "en": "f", "fr": "f"},
        ["Mattapan"],
        ["black"],
        3,
    ),
    (
        "Wei Zhang",
        "wei.zhang",
        {"zh-hant": "f", "zh-hans": "f", "en": "c"},
        ["Chinatown"],
        ["asian"],
        18,
    ),
    ("Linh Tran", "linh.tran", {"vi": "f", "en": "f"}, ["Dorchester"], ["asian"], 2),
    ("Sarah Cohen", "sarah.cohen", {"en": "f", "es": "c"}, ["Jamaica Plain"], ["white"], 30),
    (
        "Paulo Costa",
        "paulo.costa",
        {"pt-br": "f", "es": "f", "en": "c"},
        ["Allston-Brighton"],
        ["hispanic", "white"],
        6,
    ),
    ("Ayesha Rahman", "ayesha.rahman", {"en": "f"}, ["Hyde Park"], None, 1),
    ("Tom Becker", "tom.becker", {"en": "f"}, ["Jamaica Plain", "Roxbury"], ["white"], 12),
    (
        "Rosa Delgado",
        "rosa.delgado",
        {"es": "f", "en": "f"},
        ["Jamaica Plain", "East Boston"],
        ["hispanic"],
        9,
    ),
]
DEMO_INTERPRETERS = [
    ("Ivan Demo", None, [("en", "es"), ("en", "pt-br")]),
    ("Esperanza Ruiz", "esperanza.ruiz", [("en", "es")]),
    ("Jacques Étienne", "jacques.etienne", [("en", "ht"), ("en", "fr")]),
    ("Minh Pham", "minh.pham", [("en", "vi")]),
    ("Li Na", "li.na", [("zh-hant", "zh-hans"), ("en", "zh-hans")]),
    ("Roseline Auguste", "roseline.auguste", [("en", "ht")]),
    ("Thu Nguyen", "thu.nguyen", [("en", "vi")]),
    ("Bao Huang", "bao.huang", [("zh-hant", "zh-hans"), ("en", "zh-hant")]),
]
DEMO_MODULES = [
    (
        "participate",
        {"en": "Take part in a dialogue", "es": "Participar en un diálogo"},
        2,
        "certification",
        None,
    ),
    (
        "basic",
        {"en": "Basic facilitation training", "es": "Formación básica de facilitación"},
        8,
        "certification",
        24,
    ),
    (
        "bias",
        {"en": "Bias awareness refresher", "es": "Actualización sobre sesgos"},
        3,
        "certification",
        12,
    ),
    (
        "practicum",
        {"en": "Co-facilitation practicum", "es": "Práctica de cofacilitación"},
        4,
        "leading",
        None,
    ),
]


def _demo_person(name: str, handle: str | None, role: Role) -> User:
    if handle is None:
        return User.objects.get(display_name=name)
    account = DemoAccount(f"{handle}@example.org", name, role)
    return demo_account_ensure(account)


def demo_training_ensure() -> dict[str, TrainingModule]:
    modules = {}
    for position, (key, name, hours, requirement, refresher) in enumerate(DEMO_MODULES):
        modules[key], _ = TrainingModule.objects.get_or_create(
            position=position,
            defaults={
                "name": name,
                "hours": hours,
                "requirement": requirement,
                "refresher_months": refresher,
            },
        )
    modules["basic"].prerequisites.add(modules["participate"])
    modules["practicum"].prerequisites.add(modules["basic"])
    return modules


def demo_facilitators_ensure(*, coordinator: User, today: date) -> None:
    """Facilitators with varied languages, training and availability: most certified, one
    expiring within weeks, one still in training; and interpreters for the usual pairs."""
    modules = demo_training_ensure()
    languages = {language.code: language for language in Language.objects.all()}
    levels = {
        "f": FacilitatorLanguage.Level.FACILITATES,
        "c": FacilitatorLanguage.Level.CONVERSATIONAL,
    }
    for index, (name, handle, spoken, neighborhoods, identity, experience) in enumerate(
        DEMO_FACILITATORS
    ):
        user = _demo_person(name, handle, Role.FACILITATOR)
        if FacilitatorProfile.objects.filter(user=user).exists():
            continue
        profile = FacilitatorProfile.objects.create(user=user, sessions_before=experience)
        facilitator_details_update(
            profile=profile,
            details=FacilitatorDetails(
                monthly_max=5 if index % 3 else 6,
                languages={languages[code].pk: levels[level] for code, level in spoken.items()},
                neighborhoods=[neighborhood_ensure(name=n) for n in neighborhoods],
                identity_consent=identity is not None,
                identity_categories=identity or [],
                identity_self_described="",
            ),
        )
        # One still in training; one whose bias refresher runs out within weeks.
        trained = today - timedelta(days=120 + 15 * index)
        done = ["participate"] if index == 8 else ["participate", "basic", "bias"]
        if experience >= 2:
            done.append("practicum")
        for key in done:
            completed_on = trained + timedelta(days=done.index(key))
            if key == "bias" and index == 6:
                completed_on = today - timedelta(days=330)
            training_completion_record(
                profile=profile,
                module=modules[key],
                completed_on=completed_on,
                verified_by=coordinator,
                today=today,
            )
        windows = EVENINGS + ([(5, time(9, 0), time(17, 0))] if index % 2 else [])
        for weekday, starts, ends in windows:
            availability_window_add(user=user, weekday=weekday, starts=starts, ends=ends)
    for name, handle, pairs in DEMO_INTERPRETERS:
        user = _demo_person(name, handle, Role.INTERPRETER)
        if InterpreterProfile.objects.filter(user=user).exists():
            continue
        profile = interpreter_profile_ensure(user=user)
        interpreter_pairs_set(
            profile=profile, pairs=[(languages[a], languages[b]) for a, b in pairs]
        )
        for weekday, starts, ends in EVENINGS:
            availability_window_add(user=user, weekday=weekday, starts=starts, ends=ends)


def demo_staffing_plan_ensure(*, coordinator: User, today: date) -> AssignmentPlan:
    """A published plan for the demo month (the program's first), solved for real."""
    first_day = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    last_day = (first_day + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    existing = AssignmentPlan.objects.filter(
        scope=AssignmentPlan.Scope.PERIOD, first_day=first_day, status="published"
    ).first()
    if existing:
        return existing
    plan = AssignmentPlan.objects.create(
        scope=AssignmentPlan.Scope.PERIOD,
        first_day=first_day,
        last_day=last_day,
        created_by=coordinator,
    )
    assignment_plan_solve(plan_id=plan.pk)
    return assignment_plan_publish(plan_id=plan.pk, by=coordinator)
