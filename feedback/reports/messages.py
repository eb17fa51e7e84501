"""What facilitators and coordinators are told about session reports: the reminders before a
report is due, and the alert when a report raises a well-being concern."""

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from commonground.formatting import format_moment
from dialogues.messages import dialogue_title
from dialogues.models import Session
from feedback.models import SessionReport
from feedback.reports.selectors import (
    NO_REPORT_DIALOGUE_STATUSES,
    REPORT_DUE_AFTER,
    report_due_at,
    reporting_assignments,
)
from notifications.kinds import Category, Channel, NotificationKind
from notifications.reminders import ReminderOccurrence, ReminderSchedule
from notifications.services import Outgoing

BOTH = frozenset({Channel.EMAIL, Channel.IN_APP})
REPORT_REMINDER = NotificationKind(
    "feedback.report_reminder",
    Category.REMINDERS,
    BOTH,
    _("Reminder that a session report is due"),
)
WELLBEING_CONCERN = NotificationKind(
    "feedback.wellbeing_concern",
    Category.TRANSACTIONAL,
    BOTH,
    _("A session report raises a well-being concern"),
)
KINDS = [REPORT_REMINDER, WELLBEING_CONCERN]

REMINDER_EVENT_TYPE = "session-report"


def _message_language(person: User) -> str:
    """The person's language, or the site's if this deployment does not offer theirs."""
    language = person.preferred_language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def report_url(session: Session, language: str) -> str:
    with translation.override(language):
        path = reverse("feedback:session_report", args=[session.pk])
    return settings.SITE_URL + path


def reminder_key_prefix(session: Session) -> str:
    """The start of every report reminder's idempotency key for this session."""
    return f"reminder:{REMINDER_EVENT_TYPE}:{session.pk}-"


def report_reminder_occurrences(after: datetime, until: datetime) -> list[ReminderOccurrence]:
    """Each accepted facilitator's report deadline in (after, until], for sessions that took
    place and have no submitted report yet."""
    sessions = list(
        Session.objects.filter(
            status=Session.Status.SCHEDULED,
            ends_at__gt=after - REPORT_DUE_AFTER,
            ends_at__lte=until - REPORT_DUE_AFTER,
        )
        .exclude(dialogue__status__in=NO_REPORT_DIALOGUE_STATUSES)
        .exclude(report__status=SessionReport.Status.SUBMITTED)
        .select_related("dialogue__neighborhood", "dialogue__primary_language")
    )
    facilitators: dict[int, list] = {}
    for assignment in (
        reporting_assignments({s.dialogue_id for s in sessions})
        .filter(person__is_active=True)
        .select_related("person")
    ):
        facilitators.setdefault(assignment.dialogue_id, []).append(assignment)
    occurrences = []
    for session in sessions:
        due_at = report_due_at(session)
        for assignment in facilitators.get(session.dialogue_id, []):
            person = assignment.person
            language = _message_language(person)
            occurrences.append(
                ReminderOccurrence(
                    # The session comes first, so that submitting can withdraw them all.
                    key=f"{session.pk}-{assignment.pk}",
                    starts_at=due_at,
                    created_at=assignment.created_at,
                    recipient=person,
                    language=language,
                    context={
                        "name": person.display_name or person.email,
                        "title": dialogue_title(session.dialogue, language),
                        "session_number": session.number,
                        "due_text": format_moment(due_at, language),
                        "report_url": report_url(session, language),
                    },
                )
            )
    return occurrences


SCHEDULES = [
    ReminderSchedule(
        event_type=REMINDER_EVENT_TYPE,
        kind=REPORT_REMINDER.key,
        offsets=(timedelta(hours=24), timedelta(hours=2)),
        occurrences=report_reminder_occurrences,
    )
]


def wellbeing_concern_message(report: SessionReport, coordinator: User) -> Outgoing:
    """The alert to one coordinator. It says that there is a concern and where to read it,
    never what the note says: email is not a place for it."""
    session = report.session
    language = _message_language(coordinator)
    flagged_by = report.submitted_by
    return Outgoing(
        idempotency_key=f"feedback.wellbeing_concern:{report.pk}:{coordinator.pk}",
        recipient=coordinator,
        language=language,
        context={
            "name": coordinator.display_name or coordinator.email,
            "title": dialogue_title(session.dialogue, language),
            "session_number": session.number,
            "session_starts_at": session.starts_at,
            "neighborhood": session.dialogue.neighborhood.name,
            "flagged_by": (flagged_by.display_name or flagged_by.email) if flagged_by else "",
            "report_url": report_url(session, language),
        },
    )
