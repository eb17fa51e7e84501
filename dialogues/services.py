"""Registration, waitlist, attendance and schedule changes.

Every change to who holds a seat happens with the dialogue's row locked (SELECT ... FOR UPDATE),
so that two people submitting at the same second cannot both take the last seat, and a freed
seat goes to the first person waiting, once.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from dialogues.messages import (
    MANAGE_LINKS,
    REGISTRATION_CANCELLED,
    REGISTRATION_CONFIRMED,
    REGISTRATION_PROMOTED,
    REGISTRATION_WAITLISTED,
    SCHEDULE_CHANGED,
    dialogue_title,
    manage_url,
    registration_message,
)
from dialogues.models import (
    Attendance,
    CalendarFeed,
    ChangeRecord,
    Dialogue,
    Language,
    Neighborhood,
    Registration,
    RegistrationDemographics,
    Session,
)
from notifications.services import (
    Outgoing,
    notifications_enqueue_many,
    notifications_withdraw,
)


class RegistrationError(Exception):
    """A registration that cannot go ahead; `message` says why, translated."""

    message = _("This registration cannot be completed.")


class RegistrationClosed(RegistrationError):
    message = _("Registration for this dialogue is closed.")


class DialogueCancelled(RegistrationError):
    message = _("This dialogue has been cancelled.")


class CapacityReached(RegistrationError):
    message = _("Every seat is taken. Tick the box to seat this person anyway.")


class OutcomesNeedEmail(RegistrationError):
    """News of outcomes goes by email (or in the app to an account), never by phone."""

    message = _("We can only send this by email: add your email address or untick the box.")


@dataclass(frozen=True)
class Contact:
    name: str
    email: str = ""
    phone: str = ""
    language: str = settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Needs:
    interpretation_language: Language | None = None
    asl: bool = False
    cart: bool = False
    large_print: bool = False
    assistive_listening: bool = False
    wheelchair_access: bool = False
    childcare_children: int = 0
    childcare_ages: str = ""
    dietary_needs: str = ""
    transit_help: bool = False

    def as_fields(self) -> dict:
        return {
            "interpretation_language": self.interpretation_language,
            "asl": self.asl,
            "cart": self.cart,
            "large_print": self.large_print,
            "assistive_listening": self.assistive_listening,
            "wheelchair_access": self.wheelchair_access,
            "childcare_children": self.childcare_children,
            "childcare_ages": self.childcare_ages.strip() if self.childcare_children else "",
            "dietary_needs": self.dietary_needs.strip(),
            "transit_help": self.transit_help,
        }


@dataclass(frozen=True)
class RegistrationOutcome:
    registration: Registration
    created: bool


def neighborhood_ensure(*, name: str) -> Neighborhood:
    """The neighborhood of this name, created if it does not exist yet."""
    neighborhood, _ = Neighborhood.objects.get_or_create(
        slug=slugify(name), defaults={"name": name}
    )
    return neighborhood


def registration_window_check(dialogue: Dialogue, now: datetime) -> None:
    """Raises unless the dialogue takes registrations now (a full one takes the waitlist)."""
    if dialogue.status == Dialogue.Status.CANCELLED:
        raise DialogueCancelled
    if dialogue.status not in (Dialogue.Status.OPEN, Dialogue.Status.FULL):
        raise RegistrationClosed
    if dialogue.registration_opens_at and now < dialogue.registration_opens_at:
        raise RegistrationClosed
    closes_at = dialogue.registration_closes_at or _first_start(dialogue)
    if closes_at and now >= closes_at:
        raise RegistrationClosed


def _first_start(dialogue: Dialogue) -> datetime | None:
    first = dialogue.sessions.filter(status=Session.Status.SCHEDULED).order_by("starts_at").first()
    return first.starts_at if first else None


def _live_registration(dialogue: Dialogue, contact: Contact) -> Registration | None:
    live = dialogue.registrations.exclude(status=Registration.Status.CANCELLED)
    if contact.email:
        return live.filter(email=contact.email).first()
    return live.filter(email="", phone=contact.phone).first()


def _confirmed_count(dialogue: Dialogue) -> int:
    return dialogue.registrations.filter(status=Registration.Status.CONFIRMED).count()


def _sync_full_status(dialogue: Dialogue) -> None:
    """Caller holds the dialogue's row lock."""
    confirmed = _confirmed_count(dialogue)
    if dialogue.status == Dialogue.Status.OPEN and confirmed >= dialogue.capacity:
        dialogue.status = Dialogue.Status.FULL
        dialogue.save(update_fields=["status"])
    elif dialogue.status == Dialogue.Status.FULL and confirmed < dialogue.capacity:
        dialogue.status = Dialogue.Status.OPEN
        dialogue.save(update_fields=["status"])


def _notify(kind: str, registrations: list[Registration], event: str, **extra) -> None:
    """One message per registration about an event, once: the key names both."""
    notifications_enqueue_many(
        kind=kind,
        outgoing=[
            registration_message(registration, f"registration:{registration.pk}:{event}", **extra)
            for registration in registrations
        ],
    )


@transaction.atomic
def registration_create(
    *,
    dialogue_id: int,
    contact: Contact,
    needs: Needs,
    user: User | None = None,
    outcomes_consent: bool = False,
    now: datetime | None = None,
) -> RegistrationOutcome:
    """Takes a seat, or a place on the waitlist once every seat is taken.

    Registering again with the same email (or, without one, the same phone number) returns the
    existing registration instead of taking a second seat. Anyone can type someone else's email,
    so that changes nothing, except that a consent newly given by the signed-in account the
    registration belongs to is added to it. `outcomes_consent` records, with its time, that the
    person wants to hear what is done with what residents said; it needs an email address or an
    account.
    """
    now = now or timezone.now()
    email = contact.email.strip().lower()
    phone = contact.phone.strip()
    if not email and not phone:
        raise ValueError("A registration needs an email address or a phone number.")
    if outcomes_consent and not email and user is None:
        raise OutcomesNeedEmail
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue_id)
    registration_window_check(dialogue, now)
    existing = _live_registration(dialogue, Contact(contact.name, email, phone))
    if existing is not None:
        owner = user is not None and existing.user_id == user.pk
        if owner and outcomes_consent and existing.outcomes_consented_at is None:
            existing.outcomes_consented_at = now
            existing.save(update_fields=["outcomes_consented_at"])
        return RegistrationOutcome(existing, created=False)
    has_seat = _confirmed_count(dialogue) < dialogue.capacity
    registration = Registration.objects.create(
        dialogue=dialogue,
        user=user,
        name=contact.name.strip(),
        email=email,
        phone=phone,
        language=contact.language,
        status=Registration.Status.CONFIRMED if has_seat else Registration.Status.WAITLISTED,
        outcomes_consented_at=now if outcomes_consent else None,
        **needs.as_fields(),
    )
    _sync_full_status(dialogue)
    kind = REGISTRATION_CONFIRMED if has_seat else REGISTRATION_WAITLISTED
    _notify(kind.key, [registration], "created")
    return RegistrationOutcome(registration, created=True)


@transaction.atomic
def registration_needs_update(*, registration_id: int, needs: Needs) -> Registration:
    registration = Registration.objects.select_for_update().get(pk=registration_id)
    if registration.status == Registration.Status.CANCELLED:
        raise RegistrationClosed
    fields = needs.as_fields()
    for name, value in fields.items():
        setattr(registration, name, value)
    registration.save(update_fields=list(fields))
    return registration


@transaction.atomic
def registration_outcomes_consent_set(
    *, registration_id: int, wanted: bool, now: datetime | None = None
) -> Registration:
    """Turns closing-the-loop messages on or off. Asking again keeps the first consent's time,
    which is the record of when it was given; stopping is always possible."""
    registration = Registration.objects.select_for_update().get(pk=registration_id)
    if not wanted:
        consented_at = None
    elif registration.outcomes_consented_at is not None:
        return registration
    elif not registration.email and registration.user_id is None:
        raise OutcomesNeedEmail
    else:
        consented_at = now or timezone.now()
    if registration.outcomes_consented_at != consented_at:
        registration.outcomes_consented_at = consented_at
        registration.save(update_fields=["outcomes_consented_at"])
    return registration


@transaction.atomic
def registration_demographics_record(
    *,
    registration_id: int,
    race_ethnicity: list[str],
    self_described: str,
    prefer_not_to_say: bool,
    age_range: str,
    residence_neighborhood: Neighborhood | None,
) -> RegistrationDemographics:
    """Stores voluntary answers, given with consent, apart from the contact details."""
    answers, _ = RegistrationDemographics.objects.update_or_create(
        registration_id=registration_id,
        defaults={
            "consented_at": timezone.now(),
            "race_ethnicity": [] if prefer_not_to_say else sorted(set(race_ethnicity)),
            "self_described": "" if prefer_not_to_say else self_described.strip(),
            "prefer_not_to_say": prefer_not_to_say,
            "age_range": age_range,
            "residence_neighborhood": residence_neighborhood,
        },
    )
    return answers


def _withdraw_reminders(registration: Registration) -> None:
    notifications_withdraw(
        key_prefix=f"reminder:session:{registration.pk}-", reason="registration cancelled"
    )


@transaction.atomic
def registration_cancel(*, registration_id: int, now: datetime | None = None) -> Registration:
    """Frees the seat; the first person waiting takes it, and hears so in their language."""
    now = now or timezone.now()
    dialogue_id = Registration.objects.values_list("dialogue_id", flat=True).get(pk=registration_id)
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue_id)
    registration = Registration.objects.get(pk=registration_id)
    if registration.status == Registration.Status.CANCELLED:
        return registration
    had_seat = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.status_changed_at = now
    registration.save(update_fields=["status", "status_changed_at"])
    _withdraw_reminders(registration)
    _notify(REGISTRATION_CANCELLED.key, [registration], "cancelled")
    if had_seat and dialogue.status != Dialogue.Status.CANCELLED:
        _promote_first_waiting(dialogue, now)
    _sync_full_status(dialogue)
    return registration


def _promote_first_waiting(dialogue: Dialogue, now: datetime) -> Registration | None:
    """Caller holds the dialogue's row lock."""
    if _confirmed_count(dialogue) >= dialogue.capacity:
        return None
    waiting = (
        dialogue.registrations.filter(status=Registration.Status.WAITLISTED)
        .order_by("created_at", "id")
        .first()
    )
    if waiting is None:
        return None
    waiting.status = Registration.Status.CONFIRMED
    waiting.status_changed_at = now
    waiting.save(update_fields=["status", "status_changed_at"])
    _notify(REGISTRATION_PROMOTED.key, [waiting], "promoted")
    return waiting


@transaction.atomic
def walk_in_register(
    *,
    session_id: int,
    contact: Contact,
    needs: Needs,
    by: User,
    over_capacity: bool,
) -> Registration:
    """Someone arrives at the door: seat and check them in. Beyond capacity only when the
    facilitator says so explicitly; the override is recorded with who made it."""
    session = Session.objects.select_related("dialogue").get(pk=session_id)
    dialogue = Dialogue.objects.select_for_update().get(pk=session.dialogue_id)
    if dialogue.status == Dialogue.Status.CANCELLED or session.status == Session.Status.CANCELLED:
        raise DialogueCancelled
    beyond_capacity = _confirmed_count(dialogue) >= dialogue.capacity
    if beyond_capacity and not over_capacity:
        raise CapacityReached
    registration = Registration.objects.create(
        dialogue=dialogue,
        name=contact.name.strip(),
        email=contact.email.strip().lower(),
        phone=contact.phone.strip(),
        language=contact.language,
        status=Registration.Status.CONFIRMED,
        source=Registration.Source.WALK_IN,
        capacity_override_by=by if beyond_capacity else None,
        **needs.as_fields(),
    )
    if beyond_capacity:
        ChangeRecord.objects.create(
            dialogue=dialogue,
            session=session,
            kind=ChangeRecord.Kind.CAPACITY_OVERRIDE,
            by=by,
            note=f"walk-in registration {registration.pk}",
        )
    Attendance.objects.create(session=session, registration=registration, checked_in_by=by)
    _sync_full_status(dialogue)
    return registration


def attendance_check_in(*, session_id: int, registration_id: int, by: User) -> Attendance:
    """Idempotent: checking someone in twice keeps the first time."""
    registration = Registration.objects.get(pk=registration_id)
    session = Session.objects.get(pk=session_id, dialogue_id=registration.dialogue_id)
    if registration.status != Registration.Status.CONFIRMED:
        raise RegistrationClosed
    attendance, _ = Attendance.objects.get_or_create(
        session=session, registration=registration, defaults={"checked_in_by": by}
    )
    return attendance


def attendance_undo(*, session_id: int, registration_id: int) -> None:
    Attendance.objects.filter(session_id=session_id, registration_id=registration_id).delete()


def _active_registrations(dialogue: Dialogue) -> list[Registration]:
    return list(
        dialogue.registrations.exclude(status=Registration.Status.CANCELLED).select_related(
            "dialogue"
        )
    )


def _withdraw_session_reminders(session: Session, *, reason: str) -> None:
    for registration in _active_registrations(session.dialogue):
        notifications_withdraw(
            key_prefix=f"reminder:session:{registration.pk}-{session.pk}:", reason=reason
        )


@transaction.atomic
def session_reschedule(
    *,
    session_id: int,
    starts_at: datetime,
    ends_at: datetime,
    by: User,
    note: str = "",
) -> Session:
    """Moves a session; everyone registered gets the new time and an updated calendar entry."""
    session = Session.objects.select_for_update().get(pk=session_id)
    if ends_at <= starts_at:
        raise ValueError("A session must end after it starts.")
    old_start = session.starts_at
    session.starts_at, session.ends_at = starts_at, ends_at
    session.sequence = F("sequence") + 1
    session.save(update_fields=["starts_at", "ends_at", "sequence"])
    session.refresh_from_db()
    ChangeRecord.objects.create(
        dialogue=session.dialogue,
        session=session,
        kind=ChangeRecord.Kind.RESCHEDULED,
        by=by,
        note=note,
        details={"from": old_start.isoformat(), "to": starts_at.isoformat()},
    )
    # Reminders already queued for the old time no longer hold.
    _withdraw_session_reminders(session, reason="rescheduled")
    _notify(
        SCHEDULE_CHANGED.key,
        _active_registrations(session.dialogue),
        f"session:{session.pk}:version:{session.sequence}",
        change="rescheduled",
        session_number=session.number,
        note=note,
    )
    return session


@transaction.atomic
def session_cancel(*, session_id: int, by: User, note: str = "") -> Session:
    session = Session.objects.select_for_update().get(pk=session_id)
    if session.status == Session.Status.CANCELLED:
        return session
    session.status = Session.Status.CANCELLED
    session.sequence = F("sequence") + 1
    session.save(update_fields=["status", "sequence"])
    session.refresh_from_db()
    ChangeRecord.objects.create(
        dialogue=session.dialogue,
        session=session,
        kind=ChangeRecord.Kind.SESSION_CANCELLED,
        by=by,
        note=note,
    )
    _withdraw_session_reminders(session, reason="session cancelled")
    _notify(
        SCHEDULE_CHANGED.key,
        _active_registrations(session.dialogue),
        f"session:{session.pk}:version:{session.sequence}",
        change="session_cancelled",
        session_number=session.number,
        note=note,
    )
    return session


@transaction.atomic
def dialogue_cancel(*, dialogue_id: int, by: User, note: str = "") -> Dialogue:
    """Cancels every session; everyone registered or waiting hears, with the reason."""
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue_id)
    if dialogue.status == Dialogue.Status.CANCELLED:
        return dialogue
    dialogue.status = Dialogue.Status.CANCELLED
    dialogue.save(update_fields=["status"])
    dialogue.sessions.exclude(status=Session.Status.CANCELLED).update(
        status=Session.Status.CANCELLED, sequence=F("sequence") + 1
    )
    ChangeRecord.objects.create(
        dialogue=dialogue, kind=ChangeRecord.Kind.DIALOGUE_CANCELLED, by=by, note=note
    )
    registrations = _active_registrations(dialogue)
    for registration in registrations:
        _withdraw_reminders(registration)
    _notify(
        SCHEDULE_CHANGED.key,
        registrations,
        f"dialogue:{dialogue.pk}:cancelled",
        change="dialogue_cancelled",
        note=note,
    )
    return dialogue


@transaction.atomic
def dialogue_open(*, dialogue_id: int, by: User) -> Dialogue:
    """Publishes a draft: it appears in the listing and takes registrations."""
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue_id)
    if dialogue.status != Dialogue.Status.DRAFT:
        return dialogue
    dialogue.status = Dialogue.Status.OPEN
    dialogue.save(update_fields=["status"])
    _sync_full_status(dialogue)
    ChangeRecord.objects.create(dialogue=dialogue, kind=ChangeRecord.Kind.OPENED, by=by)
    return dialogue


def calendar_feed_for(registration: Registration) -> CalendarFeed:
    """The personal feed of the registration's owner: their account, or their address."""
    if registration.user_id:
        feed, _ = CalendarFeed.objects.get_or_create(
            user_id=registration.user_id, defaults={"token": secrets.token_urlsafe(32)}
        )
    else:
        feed, _ = CalendarFeed.objects.get_or_create(
            user=None, email=registration.email, defaults={"token": secrets.token_urlsafe(32)}
        )
    return feed


def registration_links_send(*, email: str, language: str) -> int:
    """Emails fresh manage links for the address's registrations; says nothing about whether
    there are any, so that nobody learns who registered where. Returns how many were sent."""
    email = email.strip().lower()
    live = list(
        Registration.objects.filter(email=email)
        .exclude(status=Registration.Status.CANCELLED)
        .exclude(dialogue__status__in=[Dialogue.Status.COMPLETED, Dialogue.Status.DRAFT])
        .select_related("dialogue__neighborhood", "dialogue__primary_language")
        .order_by("created_at")
    )
    if not live:
        return 0
    notifications_enqueue_many(
        kind=MANAGE_LINKS.key,
        outgoing=[
            Outgoing(
                idempotency_key=f"manage-links:{email}:{timezone.now().isoformat()}",
                email=email,
                language=language,
                context={
                    "registrations": [
                        {
                            "title": dialogue_title(registration.dialogue, language),
                            "status": registration.status,
                            "manage_url": manage_url(registration, language),
                        }
                        for registration in live
                    ]
                },
            )
        ],
    )
    return len(live)


class CapacityBelowSeated(RegistrationError):
    message = _("Seats cannot be fewer than the people who already have one.")


@transaction.atomic
def dialogue_capacity_change(*, dialogue_id: int, capacity: int, by: User) -> Dialogue:
    """More seats go at once to the people waiting, in order; fewer than those seated is refused."""
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue_id)
    if capacity == dialogue.capacity:
        return dialogue
    if capacity < _confirmed_count(dialogue):
        raise CapacityBelowSeated
    old = dialogue.capacity
    dialogue.capacity = capacity
    dialogue.save(update_fields=["capacity"])
    ChangeRecord.objects.create(
        dialogue=dialogue,
        kind=ChangeRecord.Kind.CAPACITY_CHANGED,
        by=by,
        details={"from": old, "to": capacity},
    )
    now = timezone.now()
    while _promote_first_waiting(dialogue, now) is not None:
        pass
    _sync_full_status(dialogue)
    return dialogue


@transaction.atomic
def dialogue_place_changed(*, dialogue_id: int, by: User, note: str = "") -> Dialogue:
    """The dialogue's venue, mode or meeting link changed: calendars and people are told."""
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue_id)
    dialogue.sessions.exclude(status=Session.Status.CANCELLED).update(sequence=F("sequence") + 1)
    change = ChangeRecord.objects.create(
        dialogue=dialogue, kind=ChangeRecord.Kind.PLACE_CHANGED, by=by, note=note
    )
    _notify(
        SCHEDULE_CHANGED.key,
        _active_registrations(dialogue),
        f"place:{change.pk}",
        change="place_changed",
        note=note,
    )
    return dialogue
