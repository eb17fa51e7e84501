"""Reads for the post-session survey: whether it is open, who is answering, what is asked.

Nothing here returns anyone's answers: a resident only ever sees their own form and receipt.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation

from commonground.multilingual import missing_languages
from dialogues.live.consumers import GUEST_SEATS_SESSION_KEY
from dialogues.live.selectors import seat_claim
from dialogues.models import (
    Attendance,
    Dialogue,
    JoinCode,
    Program,
    Registration,
    RoomParticipant,
    Session,
)
from feedback.models import SurveyQuestion, SurveyReceipt, Theme
from feedback.survey.tokens import SURVEY_OPEN_AFTER_END, SurveyLink, survey_token

# request.session key: {str(session id): walk-in key} for walk-ins who gave the join code.
WALK_IN_SESSION_KEY = "feedback_survey_walk_ins"
# The invitation goes out once people are home, not while they are still saying goodbye.
INVITATION_AFTER_END = timedelta(hours=2)
INVITATION_EVENT_TYPE = "survey_invitation"


class SurveyState:
    OPEN = "open"
    NOT_YET = "not_yet"
    CLOSED = "closed"
    CANCELLED = "cancelled"


def survey_closes_at(session: Session) -> datetime:
    return session.ends_at + SURVEY_OPEN_AFTER_END


def survey_state(*, session: Session, now: datetime | None = None) -> str:
    """Open from the session's start until two weeks after its end, unless it was cancelled."""
    now = now or timezone.now()
    if (
        session.status == Session.Status.CANCELLED
        or session.dialogue.status == Dialogue.Status.CANCELLED
    ):
        return SurveyState.CANCELLED
    if now < session.starts_at:
        return SurveyState.NOT_YET
    if now > survey_closes_at(session):
        return SurveyState.CLOSED
    return SurveyState.OPEN


# Who is answering


@dataclass(frozen=True)
class Respondent:
    """Exactly one of: a registration, a walk-in's live-room seat, a walk-in's browser key."""

    registration: Registration | None = None
    participant: RoomParticipant | None = None
    walk_in_key: str = ""

    @property
    def has_contact(self) -> bool:
        """Whether we can write back without asking for an address."""
        return self.registration is not None

    def receipt_filter(self) -> dict:
        if self.registration is not None:
            return {"registration": self.registration}
        if self.participant is not None:
            return {"participant": self.participant}
        return {"walk_in_key": self.walk_in_key}


def registration_of_user(*, session: Session, user) -> Registration | None:
    """A signed-in resident's confirmed registration for the session's dialogue, or the one
    they were checked in with (a registration cancelled after the session still answers)."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(dialogue_id=session.dialogue_id, user=user)
        .filter(Q(status=Registration.Status.CONFIRMED) | Q(attendance__session=session))
        .order_by("pk")
        .first()
    )


def _guest_seat(*, session: Session, browser_session) -> RoomParticipant | None:
    seat_id = (browser_session.get(GUEST_SEATS_SESSION_KEY) or {}).get(str(session.pk))
    if seat_id is None:
        return None
    return (
        RoomParticipant.objects.filter(
            pk=seat_id, room__session=session, role=RoomParticipant.Role.PARTICIPANT
        )
        .select_related("registration")
        .first()
    )


def walk_in_key_of(*, session: Session, browser_session) -> str:
    return (browser_session.get(WALK_IN_SESSION_KEY) or {}).get(str(session.pk), "")


def respondent_for_visitor(*, session: Session, user, browser_session) -> Respondent | None:
    """Who this browser answers as, without a link: a signed-in resident's registration, then
    the seat a guest took in the live room, then a walk-in who gave the join code here."""
    registration = registration_of_user(session=session, user=user)
    if registration is not None:
        return Respondent(registration=registration)
    seat = _guest_seat(session=session, browser_session=browser_session)
    if seat is not None:
        if seat.registration is not None:
            return Respondent(registration=seat.registration)
        return Respondent(participant=seat)
    key = walk_in_key_of(session=session, browser_session=browser_session)
    if key:
        return Respondent(walk_in_key=key)
    return None


def is_session_staff(*, session: Session, user) -> bool:
    """Facilitators, interpreters and coordinators: they report on the session instead."""
    claim = seat_claim(session=session, user=user)
    return claim is not None and claim.role != RoomParticipant.Role.PARTICIPANT


def respondent_for_link(*, link: SurveyLink) -> tuple[Session, Respondent] | None:
    """The session and registration a signed link stands for, if they still belong together."""
    session = Session.objects.select_related("dialogue__program").filter(pk=link.session_id).first()
    if session is None:
        return None
    registration = Registration.objects.filter(
        pk=link.registration_id, dialogue_id=session.dialogue_id
    ).first()
    if registration is None:
        return None
    return session, Respondent(registration=registration)


def survey_receipt_for(*, session: Session, respondent: Respondent) -> SurveyReceipt | None:
    return SurveyReceipt.objects.filter(session=session, **respondent.receipt_filter()).first()


def join_code_opens_survey(*, session: Session, code: str) -> bool:
    """Any code the session's room ever showed: walk-ins answer after the room has ended and
    the code has stopped letting people in."""
    code = code.strip().replace(" ", "")
    return bool(code) and JoinCode.objects.filter(room__session=session, code=code).exists()


# What is asked


def survey_themes() -> list[Theme]:
    return list(Theme.objects.filter(is_active=True).order_by("position", "slug"))


def survey_questions_for(*, session: Session) -> list[SurveyQuestion]:
    """The questions the session's program added, in the coordinators' order."""
    return list(
        SurveyQuestion.objects.filter(
            program_id=session.dialogue.program_id, is_active=True
        ).order_by("position", "pk")
    )


# Links


def _page_language(language: str) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def survey_link_url(*, registration_id: int, session_id: int, language: str) -> str:
    """The absolute signed link of an invitation, in the recipient's language."""
    token = survey_token(registration_id=registration_id, session_id=session_id)
    with translation.override(_page_language(language)):
        path = reverse("feedback:survey_link", args=[token])
    return settings.SITE_URL + path


def session_feedback_path_without_language(*, session_id: int) -> str:
    """The survey's path with no language prefix: one QR code serves the whole room, and each
    phone is sent on to its own language (account, cookie, then the browser's languages)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("feedback:session_feedback", args=[session_id])
    prefix = f"/{settings.LANGUAGE_CODE}/"
    return "/" + path.removeprefix(prefix) if path.startswith(prefix) else path


# The invitation after a session


def invitation_key_prefix(*, registration_id: int, session_id: int) -> str:
    """The start of the outbox key of one attendee's invitation (see notifications.reminders)."""
    return f"reminder:{INVITATION_EVENT_TYPE}:{registration_id}-{session_id}:"


def survey_invitation_occurrences(after: datetime, until: datetime) -> list:
    """One invitation per checked-in attendee of each session whose invitation time (two hours
    after its end) falls in (after, until]; not for cancelled sessions or people who answered."""
    from dialogues.messages import dialogue_title
    from notifications.reminders import ReminderOccurrence

    answered = SurveyReceipt.objects.filter(
        session_id=OuterRef("session_id"), registration_id=OuterRef("registration_id")
    )
    attendances = (
        Attendance.objects.filter(
            session__status=Session.Status.SCHEDULED,
            session__ends_at__gt=after - INVITATION_AFTER_END,
            session__ends_at__lte=until - INVITATION_AFTER_END,
        )
        .exclude(session__dialogue__status=Dialogue.Status.CANCELLED)
        .exclude(registration__status=Registration.Status.CANCELLED)
        .filter(~Exists(answered))
        .select_related(
            "session__dialogue__neighborhood",
            "session__dialogue__primary_language",
            "registration__user",
        )
        .order_by("session_id", "registration_id")
    )
    occurrences = []
    for attendance in attendances:
        session, registration = attendance.session, attendance.registration
        language = _page_language(registration.language)
        occurrences.append(
            ReminderOccurrence(
                key=f"{registration.pk}-{session.pk}",
                starts_at=session.ends_at + INVITATION_AFTER_END,
                # Whoever was in the room is invited, even if they were checked in afterwards
                # from the roster.
                created_at=session.starts_at,
                recipient=registration.user,
                email=registration.email,
                language=language,
                context={
                    "name": registration.name,
                    "title": dialogue_title(session.dialogue, language),
                    "closes_at": survey_closes_at(session),
                    "survey_url": survey_link_url(
                        registration_id=registration.pk, session_id=session.pk, language=language
                    ),
                },
            )
        )
    return occurrences


# The coordinators' question editor


@dataclass(frozen=True)
class QuestionRow:
    question: SurveyQuestion
    missing: list[str]


def program_survey_questions(*, program: Program) -> list[QuestionRow]:
    """Every question of the program, asked and retired, with the languages it lacks."""
    questions = SurveyQuestion.objects.filter(program=program).order_by("position", "pk")
    return [QuestionRow(question, missing_languages(question.text)) for question in questions]


@dataclass(frozen=True)
class ProgramRow:
    program: Program
    asked: int
    retired: int


def programs_for_survey_editor() -> list[ProgramRow]:
    programs = Program.objects.annotate(
        asked=Count("survey_questions", filter=Q(survey_questions__is_active=True)),
        retired=Count("survey_questions", filter=Q(survey_questions__is_active=False)),
    ).order_by("slug")
    return [ProgramRow(program, program.asked, program.retired) for program in programs]
