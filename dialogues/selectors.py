from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from commonground.formatting import city_time_zone
from dialogues.models import (
    Attendance,
    Dialogue,
    Language,
    Neighborhood,
    Registration,
    Session,
    Venue,
)

LISTED = [Dialogue.Status.OPEN, Dialogue.Status.FULL]
ACCESS_FEATURES = [
    "step_free_access",
    "accessible_restroom",
    "hearing_loop",
    "quiet_room",
    "childcare_space",
]


def neighborhoods_listed() -> QuerySet[Neighborhood]:
    return Neighborhood.objects.order_by("name")


def languages_listed() -> QuerySet[Language]:
    return Language.objects.order_by("name")


@dataclass(frozen=True)
class ListingFilters:
    neighborhood: str = ""
    language: str = ""
    date_from: date | None = None
    date_to: date | None = None
    mode: str = ""
    access: tuple[str, ...] = ()


def _with_seats(dialogues: QuerySet[Dialogue]) -> QuerySet[Dialogue]:
    return dialogues.annotate(
        confirmed_count=Count(
            "registrations",
            filter=Q(registrations__status=Registration.Status.CONFIRMED),
            distinct=True,
        ),
        waitlist_count=Count(
            "registrations",
            filter=Q(registrations__status=Registration.Status.WAITLISTED),
            distinct=True,
        ),
    )


def dialogues_upcoming(
    filters: ListingFilters, *, now: datetime | None = None
) -> QuerySet[Dialogue]:
    """Open and full dialogues that have not started, soonest first, with their seats counted.

    A constant number of queries, whatever the number of dialogues.
    """
    now = now or timezone.now()
    scheduled = Session.objects.filter(status=Session.Status.SCHEDULED)
    dialogues = (
        Dialogue.objects.filter(status__in=LISTED)
        .annotate(
            first_start=Min(
                "sessions__starts_at", filter=Q(sessions__status=Session.Status.SCHEDULED)
            )
        )
        .filter(first_start__gt=now)
    )
    if filters.neighborhood:
        dialogues = dialogues.filter(neighborhood__slug=filters.neighborhood)
    if filters.language:
        dialogues = dialogues.filter(
            Q(primary_language__code=filters.language)
            | Q(
                Exists(
                    Dialogue.interpretation_languages.through.objects.filter(
                        dialogue_id=OuterRef("pk"), language__code=filters.language
                    )
                )
            )
        )
    zone = city_time_zone()
    if filters.date_from:
        dialogues = dialogues.filter(
            first_start__gte=datetime.combine(filters.date_from, time.min, tzinfo=zone)
        )
    if filters.date_to:
        dialogues = dialogues.filter(
            first_start__lt=datetime.combine(
                filters.date_to + timedelta(days=1), time.min, tzinfo=zone
            )
        )
    if filters.mode:
        dialogues = dialogues.filter(mode=filters.mode)
    for feature in filters.access:
        if feature in ACCESS_FEATURES:
            dialogues = dialogues.filter(**{f"venue__{feature}": True})
    return (
        _with_seats(dialogues)
        .select_related("neighborhood", "venue", "primary_language")
        .prefetch_related(
            "interpretation_languages",
            Prefetch("sessions", queryset=scheduled.order_by("starts_at")),
        )
        .order_by("first_start", "id")
    )


def dialogue_for_display(dialogue_id: int) -> Dialogue:
    """One dialogue with its sessions, venue, languages and seats, for its public page."""
    return (
        _with_seats(Dialogue.objects.exclude(status=Dialogue.Status.DRAFT))
        .select_related("neighborhood", "venue", "primary_language", "program")
        .prefetch_related(
            "interpretation_languages",
            Prefetch(
                "sessions", queryset=Session.objects.select_related("venue").order_by("number")
            ),
        )
        .get(pk=dialogue_id)
    )


def seats_left(dialogue: Dialogue) -> int:
    """Needs `confirmed_count`, as the selectors above annotate."""
    return max(dialogue.capacity - dialogue.confirmed_count, 0)


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return (
        Registration.objects.filter(
            dialogue_id=registration.dialogue_id, status=Registration.Status.WAITLISTED
        )
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, id__lt=registration.pk)
        )
        .count()
        + 1
    )


NEED_FIELDS = [
    "asl",
    "cart",
    "large_print",
    "assistive_listening",
    "wheelchair_access",
    "transit_help",
]


@dataclass(frozen=True)
class RegistrationSummary:
    confirmed: int
    waitlisted: int
    cancelled: int
    interpretation: list[tuple[Language, int]]
    needs: dict[str, int]
    childcare_families: int
    childcare_children: int
    dietary: int
    below_minimum: bool


def registration_summary(dialogue: Dialogue) -> RegistrationSummary:
    """What a coordinator must arrange: interpreters per language, access, childcare."""
    live = list(
        dialogue.registrations.exclude(status=Registration.Status.CANCELLED).select_related(
            "interpretation_language"
        )
    )
    statuses = Counter(dialogue.registrations.values_list("status", flat=True))
    confirmed = [r for r in live if r.status == Registration.Status.CONFIRMED]
    languages = Counter(r.interpretation_language for r in live if r.interpretation_language)
    return RegistrationSummary(
        confirmed=statuses[Registration.Status.CONFIRMED],
        waitlisted=statuses[Registration.Status.WAITLISTED],
        cancelled=statuses[Registration.Status.CANCELLED],
        interpretation=sorted(languages.items(), key=lambda item: (-item[1], item[0].name)),
        needs={field: sum(1 for r in live if getattr(r, field)) for field in NEED_FIELDS},
        childcare_families=sum(1 for r in live if r.childcare_children),
        childcare_children=sum(r.childcare_children for r in live),
        dietary=sum(1 for r in live if r.dietary_needs),
        below_minimum=dialogue.minimum is not None and len(confirmed) < dialogue.minimum,
    )


def registrations_for_export(dialogue: Dialogue) -> QuerySet[Registration]:
    """Contact details and needs only: demographic answers are never exported with them."""
    return (
        dialogue.registrations.select_related("interpretation_language")
        .defer(None)
        .order_by("status", "created_at", "id")
    )


def session_roster(session: Session) -> list[dict]:
    """Who is expected at a session, their language and needs, and who has checked in."""
    checked_in = {
        attendance.registration_id: attendance
        for attendance in Attendance.objects.filter(session=session)
    }
    registrations = session.dialogue.registrations.filter(
        status=Registration.Status.CONFIRMED
    ).select_related("interpretation_language")
    return [
        {"registration": registration, "attendance": checked_in.get(registration.pk)}
        for registration in registrations.order_by("name", "id")
    ]


def no_shows(dialogue: Dialogue, *, now: datetime | None = None) -> list[dict]:
    """Per past session, the confirmed people who did not check in."""
    now = now or timezone.now()
    past = dialogue.sessions.filter(status=Session.Status.SCHEDULED, ends_at__lt=now)
    confirmed = list(dialogue.registrations.filter(status=Registration.Status.CONFIRMED))
    present = set(
        Attendance.objects.filter(session__in=past).values_list("session_id", "registration_id")
    )
    return [
        {
            "session": session,
            "absent": [r for r in confirmed if (session.pk, r.pk) not in present],
        }
        for session in past.order_by("starts_at")
    ]


def venues_for(neighborhood: Neighborhood) -> QuerySet[Venue]:
    return neighborhood.venues.order_by("name")


def reminder_occurrences(after: datetime, until: datetime) -> list:
    """Each confirmed registration's sessions starting in (after, until], for reminders."""
    from dialogues.messages import registration_message
    from notifications.reminders import ReminderOccurrence

    sessions = Session.objects.filter(
        status=Session.Status.SCHEDULED,
        starts_at__gt=after,
        starts_at__lte=until,
        dialogue__status__in=[Dialogue.Status.OPEN, Dialogue.Status.FULL, Dialogue.Status.CLOSED],
    ).select_related("dialogue", "venue")
    occurrences = []
    for session in sessions:
        registrations = session.dialogue.registrations.filter(
            status=Registration.Status.CONFIRMED
        ).select_related(
            "user", "dialogue__neighborhood", "dialogue__primary_language", "dialogue__venue"
        )
        for registration in registrations:
            message = registration_message(registration, key="")
            occurrences.append(
                ReminderOccurrence(
                    key=f"{registration.pk}-{session.pk}",
                    starts_at=session.starts_at,
                    created_at=registration.status_changed_at,
                    recipient=registration.user,
                    email=registration.email,
                    language=registration.language,
                    context={**message.context, "session_number": session.number},
                )
            )
    return occurrences
