"""Reading session reports: who may write or read one, when it is due, and what is outstanding."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Case, Exists, OuterRef, QuerySet, When

from accounts.models import User
from commonground.formatting import format_moment
from dialogues.guides.selectors import guide_version_for_session, version_segments
from dialogues.messages import dialogue_title
from dialogues.models import Attendance, Dialogue, GuideSegment, Neighborhood, Program, Session
from dialogues.models.live import RoomParticipant
from facilitators.models import Assignment
from feedback.models import SessionReport

REPORT_DUE_AFTER = timedelta(hours=48)
FACILITATOR_ROLES = (Assignment.Role.LEAD, Assignment.Role.CO_FACILITATOR)
# Sessions of these dialogues never took place, so they need no report.
NO_REPORT_DIALOGUE_STATUSES = (Dialogue.Status.DRAFT, Dialogue.Status.CANCELLED)
# A report still unwritten this long after its deadline leaves the facilitator's dashboard (the
# coordinators' list keeps it), so that a dashboard does not fill up with sessions from before
# the program used reports.
DASHBOARD_KEEPS_OVERDUE = timedelta(days=30)
SUBMITTED_PER_PAGE = 25


def report_due_at(session: Session) -> datetime:
    return session.ends_at + REPORT_DUE_AFTER


def session_needs_report(session: Session) -> bool:
    """Cancelled sessions, and sessions of dialogues that never ran, have nothing to report."""
    return (
        session.status == Session.Status.SCHEDULED
        and session.dialogue.status not in NO_REPORT_DIALOGUE_STATUSES
    )


def reporting_assignments(dialogue_ids) -> QuerySet[Assignment]:
    """The accepted lead and co-facilitators of these dialogues: the people who write reports."""
    return Assignment.objects.filter(
        dialogue_id__in=dialogue_ids,
        session__isnull=True,
        role__in=FACILITATOR_ROLES,
        status=Assignment.Status.ACCEPTED,
    )


def is_reporting_facilitator(user: User, session: Session) -> bool:
    return (
        user.is_authenticated
        and reporting_assignments([session.dialogue_id]).filter(person=user).exists()
    )


def report_for_session(session: Session) -> SessionReport | None:
    return (
        SessionReport.objects.select_related(
            "created_by", "submitted_by", "wellbeing_acknowledged_by"
        )
        .filter(session=session)
        .first()
    )


@dataclass(frozen=True)
class CheckIns:
    """Who check-in counted: registrations checked in, and walk-ins seated in the live room."""

    registered: int
    walk_ins: int

    @property
    def total(self) -> int:
        return self.registered + self.walk_ins


def check_ins(session: Session) -> CheckIns:
    return CheckIns(
        registered=Attendance.objects.filter(session=session).count(),
        # Walk-ins who joined with the room's code have a seat but no registration.
        walk_ins=RoomParticipant.objects.filter(
            room__session=session,
            role=RoomParticipant.Role.PARTICIPANT,
            registration__isnull=True,
        ).count(),
    )


@dataclass(frozen=True)
class SessionGuide:
    """The segments of the guide version a session used, in order, and the language their
    titles fall back to. A report stores the positions of the segments covered."""

    segments: list[GuideSegment]
    language: str


def session_guide(session: Session) -> SessionGuide:
    version = guide_version_for_session(session)
    if version is None:
        return SessionGuide(segments=[], language=settings.LANGUAGE_CODE)
    return SessionGuide(segments=version_segments(version), language=version.guide.primary_language)


# The facilitator's dashboard


@dataclass(frozen=True)
class ReportState:
    """One started session's report, as a facilitator's dashboard shows it."""

    TO_WRITE = "to_write"

    session: Session
    status: str
    due_at: datetime
    due_text: str
    overdue: bool


def report_states(*, assignment: Assignment, now: datetime, language: str) -> list[ReportState]:
    """The report of each session of the assignment's dialogue that has started, for an
    accepted facilitator; nothing for anyone else."""
    if assignment.status != Assignment.Status.ACCEPTED or assignment.role not in FACILITATOR_ROLES:
        return []
    sessions = list(
        Session.objects.filter(
            dialogue_id=assignment.dialogue_id,
            status=Session.Status.SCHEDULED,
            starts_at__lte=now,
        ).order_by("number")
    )
    statuses = dict(
        SessionReport.objects.filter(session__in=sessions).values_list("session_id", "status")
    )
    states = []
    for session in sessions:
        status = statuses.get(session.pk, ReportState.TO_WRITE)
        due_at = report_due_at(session)
        states.append(
            ReportState(
                session=session,
                status=status,
                due_at=due_at,
                due_text=format_moment(due_at, language),
                overdue=status != SessionReport.Status.SUBMITTED and due_at < now,
            )
        )
    return states


def assignments_with_reports_to_write(*, user: User, now: datetime) -> QuerySet[Assignment]:
    """The person's accepted facilitator assignments whose dialogue has a started session
    without a submitted report, so that the dashboard keeps them after the last session."""
    open_sessions = (
        Session.objects.filter(
            dialogue_id=OuterRef("dialogue_id"),
            status=Session.Status.SCHEDULED,
            starts_at__lte=now,
            ends_at__gte=now - REPORT_DUE_AFTER - DASHBOARD_KEEPS_OVERDUE,
        )
        .exclude(report__status=SessionReport.Status.SUBMITTED)
        .values("pk")
    )
    return (
        reporting_assignments(
            Dialogue.objects.exclude(status__in=NO_REPORT_DIALOGUE_STATUSES).values("pk")
        )
        .filter(person=user)
        .filter(Exists(open_sessions))
        .select_related(
            "dialogue__neighborhood",
            "dialogue__venue",
            "dialogue__primary_language",
            "session__venue",
            "language",
        )
        .order_by("dialogue_id")
    )


# The coordinators' overview


@dataclass(frozen=True)
class ReportRow:
    session: Session
    title: str
    report: SessionReport | None
    due_at: datetime
    due_text: str
    facilitators: list[User]

    @property
    def status(self) -> str:
        return self.report.status if self.report is not None else ReportState.TO_WRITE


@dataclass(frozen=True)
class ReportOverview:
    concerns: list[ReportRow]
    overdue: list[ReportRow]
    due_soon: list[ReportRow]
    submitted: Page


def _sessions(program: Program | None, neighborhood: Neighborhood | None):
    sessions = Session.objects.all()
    if program is not None:
        sessions = sessions.filter(dialogue__program=program)
    if neighborhood is not None:
        sessions = sessions.filter(dialogue__neighborhood=neighborhood)
    return sessions.select_related(
        "dialogue__neighborhood",
        "dialogue__primary_language",
        "dialogue__program",
        "report__created_by",
        "report__submitted_by",
        "report__wellbeing_acknowledged_by",
    )


def _rows(sessions: list[Session], language: str) -> list[ReportRow]:
    facilitators: dict[int, list[User]] = {}
    for assignment in (
        reporting_assignments({session.dialogue_id for session in sessions})
        .select_related("person")
        # The lead first: "co_facilitator" sorts before "lead".
        .order_by(Case(When(role=Assignment.Role.LEAD, then=0), default=1), "pk")
    ):
        facilitators.setdefault(assignment.dialogue_id, []).append(assignment.person)
    return [
        ReportRow(
            session=session,
            title=dialogue_title(session.dialogue, language),
            report=getattr(session, "report", None),
            due_at=report_due_at(session),
            due_text=format_moment(report_due_at(session), language),
            facilitators=facilitators.get(session.dialogue_id, []),
        )
        for session in sessions
    ]


def report_overview(
    *,
    now: datetime,
    language: str,
    program: Program | None = None,
    neighborhood: Neighborhood | None = None,
    page: int | str = 1,
) -> ReportOverview:
    """What coordinators follow up: unacknowledged well-being concerns first, then reports that
    are overdue, then reports still due, then submitted reports, newest first."""
    sessions = _sessions(program, neighborhood)
    # A submitted report stays listed even if its session is cancelled afterwards.
    submitted = sessions.filter(report__status=SessionReport.Status.SUBMITTED)
    not_submitted = (
        sessions.filter(status=Session.Status.SCHEDULED)
        .exclude(dialogue__status__in=NO_REPORT_DIALOGUE_STATUSES)
        .exclude(report__status=SessionReport.Status.SUBMITTED)
    )
    concerns = submitted.filter(
        report__wellbeing_concern=True, report__wellbeing_acknowledged_at__isnull=True
    ).order_by("report__submitted_at")
    overdue = not_submitted.filter(ends_at__lt=now - REPORT_DUE_AFTER).order_by("-ends_at")
    due_soon = not_submitted.filter(
        starts_at__lte=now, ends_at__gte=now - REPORT_DUE_AFTER
    ).order_by("ends_at")
    submitted_page = Paginator(
        submitted.order_by("-report__submitted_at", "-pk"), SUBMITTED_PER_PAGE
    ).get_page(page)
    return ReportOverview(
        concerns=_rows(list(concerns), language),
        overdue=_rows(list(overdue), language),
        due_soon=_rows(list(due_soon), language),
        submitted=Page(
            _rows(list(submitted_page), language), submitted_page.number, submitted_page.paginator
        ),
    )
