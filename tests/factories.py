from datetime import date, datetime, time, timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import role_grant, user_create
from commonground.formatting import city_time_zone
from dialogues.models import Dialogue, Language, Neighborhood, Program, Session, Venue
from facilitators.models import (
    AvailabilityWindow,
    FacilitatorLanguage,
    FacilitatorProfile,
    TrainingCompletion,
    TrainingModule,
)

PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    """An account with a confirmed email address, made through the real service."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("first_name")
    preferred_language = "en"

    @classmethod
    def _create(cls, model_class, *args, roles=(), password=PASSWORD, **kwargs):
        user = user_create(password=password, **kwargs)
        for role in roles:
            role_grant(user=user, role=role)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user


def user_with_role(role: Role, **kwargs) -> User:
    roles = () if role == Role.RESIDENT else (role,)
    return UserFactory(roles=roles, **kwargs)


def language(code: str) -> Language:
    return Language.objects.get_or_create(code=code, defaults={"name": code})[0]


class NeighborhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighborhood
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Neighborhood {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    neighborhood = factory.SubFactory(NeighborhoodFactory)
    name = factory.Sequence(lambda n: f"Community Room {n}")
    address = factory.Sequence(lambda n: f"{n} Main Street")
    capacity = 40
    step_free_access = True


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ["slug"]

    name = factory.LazyFunction(lambda: {"en": "Race Dialogues 2027"})
    slug = "race-dialogues-2027"


class DialogueFactory(factory.django.DjangoModelFactory):
    """An open drop-in dialogue at a venue, with one session a week from now."""

    class Meta:
        model = Dialogue
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    format = Dialogue.Format.DROP_IN
    venue = factory.SubFactory(VenueFactory)
    neighborhood = factory.LazyAttribute(lambda o: o.venue.neighborhood)
    mode = Dialogue.Mode.IN_PERSON
    primary_language = factory.LazyFunction(lambda: language("en"))
    capacity = 12
    status = Dialogue.Status.OPEN

    @factory.post_generation
    def sessions(dialogue, create, count, **kwargs):
        starts_at = kwargs.get("starts_at") or timezone.now() + timedelta(days=7)
        for number in range(1, (count or 1) + 1):
            Session.objects.create(
                dialogue=dialogue,
                number=number,
                starts_at=starts_at + timedelta(weeks=number - 1),
                ends_at=starts_at + timedelta(weeks=number - 1, hours=2),
            )

    @factory.post_generation
    def interpretation(dialogue, create, codes, **kwargs):
        if codes:
            dialogue.interpretation_languages.set([language(code) for code in codes])


def evening(days_ahead: int, hour: int = 18) -> datetime:
    """A local evening in the city, `days_ahead` days from today."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    return datetime.combine(day, time(hour, 0), tzinfo=city_time_zone())


def training_modules() -> dict[str, TrainingModule]:
    """Basic training (required, refresher every 24 months) and a practicum to lead."""
    basic, _ = TrainingModule.objects.get_or_create(
        position=1,
        defaults={
            "name": {"en": "Basic facilitation training"},
            "hours": 8,
            "requirement": TrainingModule.Requirement.CERTIFICATION,
            "refresher_months": 24,
        },
    )
    practicum, _ = TrainingModule.objects.get_or_create(
        position=2,
        defaults={
            "name": {"en": "Co-facilitation practicum"},
            "hours": 4,
            "requirement": TrainingModule.Requirement.LEADING,
        },
    )
    return {"basic": basic, "practicum": practicum}


def facilitator(
    *,
    speaks: dict[str, str] | None = None,
    trained_on: date | None = None,
    may_lead: bool = True,
    experience: int = 12,
    monthly_max: int = 8,
    always_free: bool = True,
    **user_fields,
) -> User:
    """A certified facilitator (trained a year ago unless told), free every day by default."""
    user = user_with_role(Role.FACILITATOR, **user_fields)
    profile = FacilitatorProfile.objects.create(
        user=user, monthly_max=monthly_max, sessions_before=experience
    )
    for code, level in (speaks or {"en": FacilitatorLanguage.Level.FACILITATES}).items():
        FacilitatorLanguage.objects.create(profile=profile, language=language(code), level=level)
    modules = training_modules()
    verifier = User.objects.filter(groups__name=Role.COORDINATOR).first() or user
    trained_on = trained_on or timezone.localdate() - timedelta(days=365)
    TrainingCompletion.objects.create(
        profile=profile, module=modules["basic"], completed_on=trained_on, verified_by=verifier
    )
    if may_lead:
        TrainingCompletion.objects.create(
            profile=profile,
            module=modules["practicum"],
            completed_on=trained_on,
            verified_by=verifier,
        )
    if always_free:
        for weekday in range(7):
            AvailabilityWindow.objects.create(
                user=user, weekday=weekday, starts=time(0, 0), ends=time(23, 59)
            )
    return user
