"""A small but realistic feedback dataset: two neighborhoods, past sessions, attendees who
told us (or did not tell us) their race and ethnicity, feedback items with confirmed and merely
suggested themes, survey answers and a chosen quote."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from dialogues.models import Attendance, Dialogue, Registration, RegistrationDemographics
from feedback.models import FeedbackItem, RepresentativeQuote, SurveyResponse, Theme, ThemeTag
from tests.factories import DialogueFactory, NeighborhoodFactory, UserFactory, VenueFactory


@dataclass
class Dataset:
    dialogues: list[Dialogue]
    coordinator_user: object
    housing: Theme
    policing: Theme


def attendee(session, checked_in_by, *, answers: list[str], name: str, email: str):
    registration = Registration.objects.create(
        dialogue=session.dialogue,
        name=name,
        email=email,
        language="en",
        status=Registration.Status.CONFIRMED,
    )
    if answers is not None:
        RegistrationDemographics.objects.create(
            registration=registration,
            consented_at=timezone.now(),
            race_ethnicity=answers,
            prefer_not_to_say=not answers,
        )
    Attendance.objects.create(
        session=session, registration=registration, checked_in_by=checked_in_by
    )
    return registration


def build_dataset(*, black_in_roxbury: int = 14, mena_in_roxbury: int = 3) -> Dataset:
    """Roxbury: `black_in_roxbury` Black attendees and `mena_in_roxbury` Middle Eastern or
    North African ones, 12 White attendees in Dorchester; items about housing (confirmed) and
    policing (suggested only)."""
    staff = UserFactory(password=None)
    housing = Theme.objects.get(slug="housing")
    policing = Theme.objects.get(slug="policing")
    dialogues = []
    people = iter(range(10_000))
    for name, population, groups in [
        (
            "Roxbury",
            {"black": 20000, "hispanic": 10000, "white": 5000, "mena": 500},
            [("black", black_in_roxbury), ("mena", mena_in_roxbury)],
        ),
        ("Dorchester", {"black": 30000, "white": 40000}, [("white", 12)]),
    ]:
        neighborhood = NeighborhoodFactory(name=name, population=population)
        dialogue = DialogueFactory(
            venue=VenueFactory(neighborhood=neighborhood),
            sessions__starts_at=timezone.now() - timedelta(days=20),
        )
        session = dialogue.sessions.get()
        for group, count in groups:
            for _ in range(count):
                number = next(people)
                attendee(
                    session,
                    staff,
                    answers=[group],
                    name=f"Resident Person{number}",
                    email=f"resident{number}@example.org",
                )
        dialogues.append(dialogue)
        for text, theme, status in [
            ("The rent went up again and the landlord will not fix the heat.", housing, "c"),
            ("We need more affordable housing near the train.", housing, "c"),
            ("The police stopped my son twice this month.", policing, "s"),
        ]:
            item = FeedbackItem.objects.create(
                kind=FeedbackItem.Kind.CONTRIBUTION,
                text=text,
                language="en",
                session=session,
                dialogue=dialogue,
                neighborhood=neighborhood,
                program=dialogue.program,
                occurred_on=timezone.localdate() - timedelta(days=20),
            )
            if status == "c":
                ThemeTag.objects.create(
                    item=item,
                    theme=theme,
                    status=ThemeTag.Status.CONFIRMED,
                    decided_by=staff,
                    decided_at=timezone.now(),
                )
            else:
                ThemeTag.objects.create(
                    item=item,
                    theme=theme,
                    status=ThemeTag.Status.SUGGESTED,
                    reason={"keywords": {"en": ["police"]}},
                    suggested_at=timezone.now(),
                )
        for heard, come_again in [(5, "yes"), (4, "yes"), (2, "maybe")]:
            response = SurveyResponse.objects.create(
                session=session,
                language="en",
                submitted_on=timezone.localdate(),
                felt_heard=heard,
                felt_safe=heard,
                learned=3,
                come_again=come_again,
            )
            response.priority_themes.set([housing])
    first_housing_item = FeedbackItem.objects.filter(tags__theme=housing).order_by("pk").first()
    RepresentativeQuote.objects.create(
        theme=housing,
        item=first_housing_item,
        text="The rent went up again and the landlord will not fix the heat.",
        no_names_confirmed=True,
        chosen_by=staff,
    )
    return Dataset(dialogues, staff, housing, policing)
