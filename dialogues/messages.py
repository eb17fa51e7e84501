"""The messages dialogues send, and what each carries: times, place, calendar entry, links."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commonground.calendars import CalendarEvent, calendar_text
from commonground.multilingual import localized
from dialogues.models import Dialogue, Registration, Session
from notifications.kinds import Category, Channel, NotificationKind
from notifications.services import Outgoing

MANAGE_LINK_SALT = "dialogues.registration.manage"
# A link in a confirmation email must outlast a dialogue planned months ahead.
MANAGE_LINK_MAX_AGE = 60 * 60 * 24 * 400

BOTH = frozenset({Channel.EMAIL, Channel.IN_APP})
REGISTRATION_CONFIRMED = NotificationKind(
    "dialogues.registration_confirmed", Category.TRANSACTIONAL, BOTH, _("Registration confirmed")
)
REGISTRATION_WAITLISTED = NotificationKind(
    "dialogues.registration_waitlisted", Category.TRANSACTIONAL, BOTH, _("On the waitlist")
)
REGISTRATION_PROMOTED = NotificationKind(
    "dialogues.registration_promoted", Category.TRANSACTIONAL, BOTH, _("A seat for you")
)
REGISTRATION_CANCELLED = NotificationKind(
    "dialogues.registration_cancelled", Category.TRANSACTIONAL, BOTH, _("Registration cancelled")
)
SCHEDULE_CHANGED = NotificationKind(
    "dialogues.schedule_changed", Category.TRANSACTIONAL, BOTH, _("A dialogue changed")
)
SESSION_REMINDER = NotificationKind(
    "dialogues.session_reminder", Category.REMINDERS, BOTH, _("Reminder before a dialogue")
)
MANAGE_LINKS = NotificationKind(
    "dialogues.manage_links",
    Category.TRANSACTIONAL,
    frozenset({Channel.EMAIL}),
    _("Links to your registrations"),
)
KINDS = [
    REGISTRATION_CONFIRMED,
    REGISTRATION_WAITLISTED,
    REGISTRATION_PROMOTED,
    REGISTRATION_CANCELLED,
    SCHEDULE_CHANGED,
    SESSION_REMINDER,
    MANAGE_LINKS,
]


class InvalidManageLink(Exception):
    """The link was altered, or was not made here."""


class ExpiredManageLink(InvalidManageLink):
    """The link is genuine but too old; a fresh one can be requested."""


def manage_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=MANAGE_LINK_SALT)


def registration_for_token(token: str) -> Registration:
    try:
        registration_id = signing.loads(token, salt=MANAGE_LINK_SALT, max_age=MANAGE_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise ExpiredManageLink(token) from None
    except signing.BadSignature:
        raise InvalidManageLink(token) from None
    try:
        return Registration.objects.select_related("dialogue").get(pk=registration_id)
    except Registration.DoesNotExist:
        raise InvalidManageLink(token) from None


def manage_url(registration: Registration, language: str) -> str:
    with translation.override(language):
        path = reverse("dialogues:registration_manage", args=[manage_token(registration)])
    return settings.SITE_URL + path


def dialogue_title(dialogue: Dialogue, language: str) -> str:
    """The coordinator's title in the reader's language, or a plain description of it."""
    title = localized(dialogue.title, language, dialogue.primary_language.code).text
    if title:
        return title
    with translation.override(language):
        if dialogue.format == Dialogue.Format.CIRCLE:
            return gettext("Dialogue circle in %(neighborhood)s") % {
                "neighborhood": dialogue.neighborhood.name
            }
        return gettext("Race dialogue in %(neighborhood)s") % {
            "neighborhood": dialogue.neighborhood.name
        }


def place_text(session: Session) -> str:
    venue = session.place
    if venue is None:
        return gettext("Online")
    return f"{venue.name}, {venue.address}"


def session_calendar_events(sessions: list[Session], language: str) -> list[CalendarEvent]:
    """The sessions as calendar events, in the reader's language."""
    events = []
    host = settings.SITE_URL.split("://", 1)[-1]
    with translation.override(language):
        for session in sessions:
            dialogue = session.dialogue
            title = dialogue_title(dialogue, language)
            if dialogue.format == Dialogue.Format.CIRCLE:
                title = gettext("%(title)s (session %(number)s)") % {
                    "title": title,
                    "number": session.number,
                }
            description = localized(dialogue.description, language, "en").text
            events.append(
                CalendarEvent(
                    uid=f"{session.uid}@{host}",
                    starts_at=session.starts_at,
                    ends_at=session.ends_at,
                    summary=title,
                    location=place_text(session),
                    description=description,
                    url=settings.SITE_URL
                    + reverse("dialogues:dialogue_detail", args=[dialogue.pk]),
                    sequence=session.sequence,
                    cancelled=session.status == Session.Status.CANCELLED
                    or dialogue.status == Dialogue.Status.CANCELLED,
                )
            )
    return events


def registration_message(registration: Registration, key: str, **extra) -> Outgoing:
    """A message about one registration, with everything its templates show."""
    dialogue = registration.dialogue
    language = registration.language
    sessions = list(dialogue.sessions.select_related("venue", "dialogue__venue").order_by("number"))
    has_seat = registration.status == Registration.Status.CONFIRMED
    with translation.override(language):
        venue = dialogue.venue
        context = {
            "name": registration.name,
            "status": registration.status,
            "title": dialogue_title(dialogue, language),
            "mode": dialogue.mode,
            "sessions": [
                {
                    "number": session.number,
                    "starts_at": session.starts_at,
                    "ends_at": session.ends_at,
                    "cancelled": session.status == Session.Status.CANCELLED,
                    "place": place_text(session) if session.venue_id else "",
                }
                for session in sessions
            ],
            "venue": f"{venue.name}, {venue.address}" if venue else "",
            "transit_notes": localized(venue.transit_notes, language).text if venue else "",
            # The meeting link goes only to people with a seat.
            "online_url": dialogue.online_url if has_seat else "",
            "manage_url": manage_url(registration, language),
            "detail_url": settings.SITE_URL
            + reverse("dialogues:dialogue_detail", args=[dialogue.pk]),
            **extra,
        }
    calendar = ""
    if has_seat or registration.status == Registration.Status.CANCELLED:
        events = session_calendar_events(sessions, language)
        if registration.status == Registration.Status.CANCELLED:
            events = [
                CalendarEvent(
                    **{**event.__dict__, "cancelled": True, "sequence": event.sequence + 1}
                )
                for event in events
            ]
        calendar = calendar_text(events)
    return Outgoing(
        idempotency_key=key,
        recipient=registration.user,
        email=registration.email,
        language=language,
        context=context,
        calendar=calendar,
    )
