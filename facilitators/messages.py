"""What facilitators, interpreters and coordinators are told about assignments."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from commonground.calendars import CalendarEvent, calendar_text
from commonground.languages import language_display_name
from dialogues.messages import dialogue_title, place_text, session_calendar_events
from dialogues.models import Session
from facilitators.models import Assignment
from notifications.kinds import Category, Channel, NotificationKind
from notifications.services import Outgoing

BOTH = frozenset({Channel.EMAIL, Channel.IN_APP})
ASSIGNMENT_INVITED = NotificationKind(
    "facilitators.assignment_invited",
    Category.TRANSACTIONAL,
    BOTH,
    _("Asked to facilitate or interpret"),
)
ASSIGNMENT_WITHDRAWN = NotificationKind(
    "facilitators.assignment_withdrawn", Category.TRANSACTIONAL, BOTH, _("Assignment withdrawn")
)
ASSIGNMENT_DECLINED = NotificationKind(
    "facilitators.assignment_declined",
    Category.TRANSACTIONAL,
    BOTH,
    _("A facilitator or interpreter declined"),
)
KINDS = [ASSIGNMENT_INVITED, ASSIGNMENT_WITHDRAWN, ASSIGNMENT_DECLINED]

RESPONSE_LINK_SALT = "facilitators.assignment.respond"
RESPONSE_LINK_MAX_AGE = 60 * 60 * 24 * 400


class InvalidResponseLink(Exception):
    """The link was altered, is too old, or its assignment is gone."""


def response_token(assignment: Assignment) -> str:
    return signing.dumps(assignment.pk, salt=RESPONSE_LINK_SALT)


def assignment_for_token(token: str) -> Assignment:
    try:
        assignment_id = signing.loads(token, salt=RESPONSE_LINK_SALT, max_age=RESPONSE_LINK_MAX_AGE)
    except signing.BadSignature:
        raise InvalidResponseLink(token) from None
    assignment = (
        Assignment.objects.select_related(
            "dialogue__neighborhood", "dialogue__venue", "dialogue__primary_language", "person"
        )
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise InvalidResponseLink(token)
    return assignment


def response_url(assignment: Assignment, language: str) -> str:
    with translation.override(language):
        path = reverse("facilitators:assignment_respond", args=[response_token(assignment)])
    return settings.SITE_URL + path


def assignment_sessions(assignment: Assignment) -> list[Session]:
    if assignment.session_id:
        return [assignment.session]
    return list(
        assignment.dialogue.sessions.exclude(status=Session.Status.CANCELLED)
        .select_related("venue", "dialogue__venue", "dialogue__neighborhood")
        .order_by("number")
    )


def assignment_calendar_events(
    assignment: Assignment, *, cancelled: bool = False
) -> list[CalendarEvent]:
    """The assignment's sessions as the person's own calendar entries; a withdrawal cancels
    the same entries (same UID, a higher SEQUENCE)."""
    language = assignment.person.preferred_language
    return [
        CalendarEvent(
            **{
                **event.__dict__,
                "uid": event.uid.replace("@", f"-{assignment.person_id}@", 1),
                "cancelled": cancelled or event.cancelled,
                "sequence": event.sequence + (1 if cancelled else 0),
            }
        )
        for event in session_calendar_events(assignment_sessions(assignment), language)
    ]


def assignment_message(assignment: Assignment, key: str, **extra) -> Outgoing:
    person = assignment.person
    language = person.preferred_language
    with translation.override(language):
        context = {
            "name": person.display_name or person.email,
            "title": dialogue_title(assignment.dialogue, language),
            "role": assignment.get_role_display(),
            "interpreting": assignment.role == Assignment.Role.INTERPRETER,
            "language": language_display_name(
                assignment.language.code, language, assignment.language.name
            )
            if assignment.language_id
            else "",
            "sessions": [
                {
                    "number": session.number,
                    "starts_at": session.starts_at,
                    "ends_at": session.ends_at,
                    "place": place_text(session),
                }
                for session in assignment_sessions(assignment)
            ],
            "respond_url": response_url(assignment, language),
            "dashboard_url": settings.SITE_URL
            + reverse(
                "facilitators:interpreter_home"
                if assignment.role == Assignment.Role.INTERPRETER
                else "facilitators:facilitator_home"
            ),
            **extra,
        }
    return Outgoing(
        idempotency_key=key,
        recipient=person,
        language=language,
        context=context,
        calendar=calendar_text(
            assignment_calendar_events(
                assignment, cancelled=assignment.status == Assignment.Status.WITHDRAWN
            )
        ),
    )


def decline_summary(assignment: Assignment, language: str) -> dict:
    with translation.override(language):
        return {
            "person": assignment.person.display_name or assignment.person.email,
            "role": assignment.get_role_display(),
            "title": dialogue_title(assignment.dialogue, language),
            "note": assignment.response_note,
        }
