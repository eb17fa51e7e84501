"""Writing session reports: the co-facilitators' shared draft, the final submission, and the
coordinators' acknowledgement of a well-being concern."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from dialogues.models import Session
from feedback.models import FeedbackItem, SessionReport, Theme
from feedback.reports.messages import (
    WELLBEING_CONCERN,
    reminder_key_prefix,
    wellbeing_concern_message,
)
from feedback.reports.selectors import is_reporting_facilitator, session_needs_report
from feedback.services import feedback_item_create, feedback_items_from_live_room
from notifications.services import notifications_enqueue_many, notifications_withdraw


class ReportError(Exception):
    """A report cannot be written as asked; `message` says why, for the writer."""

    message = _("The report could not be saved.")


class NotAllowed(ReportError):
    message = _("Only the session's facilitators can write its report.")


class ReportNotNeeded(ReportError):
    message = _("This session did not take place, so it needs no report.")


class ReportNotOpen(ReportError):
    message = _("The report opens when the session starts.")


class ReportAlreadySubmitted(ReportError):
    message = _("The report has already been submitted, and a submitted report is final.")


class ReportChangedMeanwhile(ReportError):
    message = _(
        "Someone saved this draft after you opened it, perhaps your co-facilitator. "
        "Your changes are not saved yet: open the saved draft in another tab to compare, then "
        "save again to replace it with what is below."
    )


class NamesNotConfirmed(ReportError):
    message = _("Confirm that the report names no participant before you submit it.")


class NotCoordinator(ReportError):
    message = _("Only coordinators can acknowledge a well-being concern.")


class NoConcernToAcknowledge(ReportError):
    message = _("This report raises no well-being concern to acknowledge.")


@dataclass(frozen=True)
class ReportText:
    """A quote or an action idea, in the language it was said in."""

    text: str
    language: str


@dataclass(frozen=True)
class ReportContent:
    attendance_count: int
    segments_covered: list[int]
    theme_ids: list[int]
    agreements: str
    disagreements: str
    quotes: list[ReportText]
    action_ideas: list[ReportText]
    no_names_confirmed: bool
    wellbeing_concern: bool
    wellbeing_note: str


def session_report_save(
    *, session_id: int, by: User, content: ReportContent, based_on: datetime | None
) -> SessionReport:
    """Saves the co-facilitators' shared draft, starting it if needed.

    `based_on` is the draft's `updated_at` when the writer opened it (None if there was no
    draft yet): if someone saved in between, nothing is written and ReportChangedMeanwhile is
    raised, so that one co-facilitator never silently overwrites the other.
    """
    return _write(session_id=session_id, by=by, content=content, based_on=based_on, submit=False)


def session_report_submit(
    *, session_id: int, by: User, content: ReportContent, based_on: datetime | None
) -> SessionReport:
    """Saves and submits the report; a submitted report is final.

    Refuses without the confirmation that no participant is named. After commit, the live
    room's contributions are harvested (in case the room was never ended), and every
    coordinator is alerted if the report raises a well-being concern.
    """
    return _write(session_id=session_id, by=by, content=content, based_on=based_on, submit=True)


def _write(
    *,
    session_id: int,
    by: User,
    content: ReportContent,
    based_on: datetime | None,
    submit: bool,
) -> SessionReport:
    now = timezone.now()
    with transaction.atomic():
        session = Session.objects.select_related(
            "dialogue__neighborhood", "dialogue__primary_language"
        ).get(pk=session_id)
        if not is_reporting_facilitator(by, session):
            raise NotAllowed
        if not session_needs_report(session):
            raise ReportNotNeeded
        if session.starts_at > now:
            raise ReportNotOpen
        if submit and not content.no_names_confirmed:
            raise NamesNotConfirmed
        report, created = SessionReport.objects.get_or_create(
            session=session, defaults={"created_by": by}
        )
        report = SessionReport.objects.select_for_update().get(pk=report.pk)
        if report.status == SessionReport.Status.SUBMITTED:
            raise ReportAlreadySubmitted
        if (None if created else report.updated_at) != based_on:
            raise ReportChangedMeanwhile
        report.session = session
        report.attendance_count = content.attendance_count
        report.segments_covered = sorted(set(content.segments_covered))
        report.agreements = content.agreements.strip()
        report.disagreements = content.disagreements.strip()
        report.no_names_confirmed = content.no_names_confirmed
        report.wellbeing_concern = content.wellbeing_concern
        report.wellbeing_note = content.wellbeing_note.strip()
        fields = [
            "attendance_count",
            "segments_covered",
            "agreements",
            "disagreements",
            "no_names_confirmed",
            "wellbeing_concern",
            "wellbeing_note",
            "updated_at",
        ]
        if submit:
            report.status = SessionReport.Status.SUBMITTED
            report.submitted_by = by
            report.submitted_at = now
            fields += ["status", "submitted_by", "submitted_at"]
        report.save(update_fields=fields)
        report.themes_observed.set(Theme.objects.filter(pk__in=content.theme_ids))
        _replace_items(report, FeedbackItem.Kind.QUOTE, content.quotes)
        _replace_items(report, FeedbackItem.Kind.ACTION_IDEA, content.action_ideas)
        if submit:
            notifications_withdraw(
                key_prefix=reminder_key_prefix(session), reason="report submitted"
            )
            if report.wellbeing_concern:
                _alert_coordinators(report)
            # Harvesting is idempotent, and the report is saved whatever happens to it.
            transaction.on_commit(
                lambda: feedback_items_from_live_room(session_id=session_id), robust=True
            )
    return report


def _replace_items(report: SessionReport, kind: str, texts: list[ReportText]) -> None:
    """Makes the report's items of this kind exactly these texts. Items whose text and
    language are unchanged are kept, with any themes already confirmed on them."""
    wanted = [(entry.text.strip(), entry.language) for entry in texts if entry.text.strip()]
    stale = []
    for item in report.items.filter(kind=kind).order_by("pk"):
        if (item.text, item.language) in wanted:
            wanted.remove((item.text, item.language))
        else:
            stale.append(item.pk)
    FeedbackItem.objects.filter(pk__in=stale).delete()
    for text, language in wanted:
        feedback_item_create(
            session=report.session, kind=kind, text=text, language=language, report=report
        )


def _alert_coordinators(report: SessionReport) -> None:
    coordinators = User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).distinct()
    notifications_enqueue_many(
        kind=WELLBEING_CONCERN.key,
        outgoing=[wellbeing_concern_message(report, coordinator) for coordinator in coordinators],
    )


def wellbeing_concern_acknowledge(*, report_id: int, by: User) -> SessionReport:
    """Records which coordinator took up a report's well-being concern, and when. The first
    acknowledgement stands: acknowledging again changes nothing."""
    if not user_has_role(by, Role.COORDINATOR):
        raise NotCoordinator
    with transaction.atomic():
        report = SessionReport.objects.select_for_update().get(pk=report_id)
        if report.status != SessionReport.Status.SUBMITTED or not report.wellbeing_concern:
            raise NoConcernToAcknowledge
        if report.wellbeing_acknowledged_at is None:
            report.wellbeing_acknowledged_by = by
            report.wellbeing_acknowledged_at = timezone.now()
            report.save(update_fields=["wellbeing_acknowledged_by", "wellbeing_acknowledged_at"])
    return report
