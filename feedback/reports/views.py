from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.roles import Role
from accounts.selectors import user_has_role
from commonground.formatting import format_moment
from dialogues.messages import dialogue_title
from dialogues.models import Session
from feedback.models import FeedbackItem, SessionReport
from feedback.reports.forms import (
    IDEA_LABELS,
    QUOTE_LABELS,
    ReportFilterForm,
    ReportForm,
    default_item_language,
    item_formset,
    report_initial,
)
from feedback.reports.selectors import (
    check_ins,
    is_reporting_facilitator,
    report_due_at,
    report_for_session,
    report_overview,
    session_guide,
    session_needs_report,
)
from feedback.reports.services import (
    ReportAlreadySubmitted,
    ReportChangedMeanwhile,
    ReportError,
    ReportText,
    session_report_save,
    session_report_submit,
    wellbeing_concern_acknowledge,
)


def _moment(value, language: str) -> str:
    return format_moment(value, language) if value else ""


def _items(report: SessionReport | None, kind: str) -> list[FeedbackItem]:
    return list(report.items.filter(kind=kind).order_by("pk")) if report is not None else []


@role_required(Role.FACILITATOR, Role.COORDINATOR)
def session_report(request, session_id: int):
    """The session's report: a form for its facilitators until they submit it, and a page to
    read for coordinators (and for the facilitators once it is submitted)."""
    session = get_object_or_404(
        Session.objects.select_related(
            "dialogue__neighborhood", "dialogue__primary_language", "dialogue__program"
        ),
        pk=session_id,
    )
    may_write = is_reporting_facilitator(request.user, session)
    is_coordinator = user_has_role(request.user, Role.COORDINATOR)
    if not may_write and not is_coordinator:
        raise PermissionDenied
    language = translation.get_language()
    now = timezone.now()
    report = report_for_session(session)
    submitted = report is not None and report.status == SessionReport.Status.SUBMITTED
    due_at = report_due_at(session)
    context = {
        "session": session,
        "title": dialogue_title(session.dialogue, language),
        "report": report,
        "due_text": format_moment(due_at, language),
        "overdue": not submitted and due_at < now,
        "updated_text": _moment(report and report.updated_at, language),
        "submitted_text": _moment(report and report.submitted_at, language),
        "acknowledged_text": _moment(report and report.wellbeing_acknowledged_at, language),
        "needs_report": session_needs_report(session),
        "is_coordinator": is_coordinator,
        "may_write": may_write,
        "check_ins": check_ins(session),
    }
    if not context["needs_report"] or session.starts_at > now:
        context["opens_text"] = format_moment(session.starts_at, language)
        return render(request, "feedback/reports/session_report_closed.html", context)
    if request.method == "POST" and not may_write:
        raise PermissionDenied
    if submitted:
        if request.method == "POST":
            messages.error(request, ReportAlreadySubmitted.message)
            return redirect("feedback:session_report", session_id=session.pk)
        return _report_detail(request, session, report, context)
    if not may_write:
        return _report_detail(request, session, report, context)
    return _report_form(request, session, report, context)


def _report_detail(request, session: Session, report: SessionReport | None, context: dict):
    guide = session_guide(session)
    titles = {segment.position: segment for segment in guide.segments}
    context.update(
        {
            "guide": guide,
            "segments": [(position, titles.get(position)) for position in report.segments_covered]
            if report
            else [],
            "themes": list(report.themes_observed.all()) if report else [],
            "quotes": _items(report, FeedbackItem.Kind.QUOTE),
            "ideas": _items(report, FeedbackItem.Kind.ACTION_IDEA),
        }
    )
    return render(request, "feedback/reports/session_report_detail.html", context)


def _texts(report: SessionReport | None, kind: str) -> list[ReportText]:
    return [ReportText(item.text, item.language) for item in _items(report, kind)]


def _report_form(request, session: Session, report: SessionReport | None, context: dict):
    guide = session_guide(session)
    default_language = default_item_language(session.dialogue.primary_language.code)
    submitting = request.POST.get("action") == "submit"
    data = request.POST if request.method == "POST" else None
    selected_theme_ids = list(report.themes_observed.values_list("pk", flat=True)) if report else []

    def report_form(form_data):
        return ReportForm(
            form_data,
            initial=report_initial(report, attendance=context["check_ins"].total),
            guide=guide,
            check_ins=context["check_ins"],
            selected_theme_ids=selected_theme_ids,
            submitting=submitting,
        )

    form = report_form(data)
    quotes = item_formset(
        data,
        prefix="quotes",
        labels=QUOTE_LABELS,
        texts=_texts(report, FeedbackItem.Kind.QUOTE),
        default_language=default_language,
    )
    ideas = item_formset(
        data,
        prefix="ideas",
        labels=IDEA_LABELS,
        texts=_texts(report, FeedbackItem.Kind.ACTION_IDEA),
        default_language=default_language,
    )
    if data is not None and all([form.is_valid(), quotes.is_valid(), ideas.is_valid()]):
        write = session_report_submit if submitting else session_report_save
        try:
            write(
                session_id=session.pk,
                by=request.user,
                content=form.content(quotes, ideas),
                based_on=form.draft_version(),
            )
        except ReportAlreadySubmitted as error:
            messages.error(request, error.message)
            return redirect("feedback:session_report", session_id=session.pk)
        except ReportChangedMeanwhile as error:
            # Keeps what this writer typed, now based on the saved draft: saving again
            # replaces it knowingly.
            current = report_for_session(session)
            data = data.copy()
            data["based_on"] = current.updated_at.isoformat() if current else ""
            form = report_form(data)
            form.is_valid()
            form.add_error(None, error.message)
        except ReportError as error:
            form.add_error(None, error.message)
        else:
            if submitting:
                messages.success(request, _("The report is submitted. Thank you."))
            else:
                messages.success(
                    request, _("The draft is saved. Your co-facilitator sees the same draft.")
                )
            return redirect("feedback:session_report", session_id=session.pk)
    context.update(
        {
            "form": form,
            "quotes": quotes,
            "ideas": ideas,
            # Reaching the page after a post means something stopped the save.
            "not_saved": data is not None,
            "guide": guide,
        }
    )
    return render(request, "feedback/reports/session_report_form.html", context)


@role_required(Role.COORDINATOR)
def report_list(request):
    filter_form = ReportFilterForm(request.GET or None)
    overview = report_overview(
        now=timezone.now(),
        language=translation.get_language(),
        page=request.GET.get("page", 1),
        **filter_form.filters(),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "feedback/reports/report_list.html",
        {"filter_form": filter_form, "overview": overview, "filter_query": query.urlencode()},
    )


@role_required(Role.COORDINATOR)
@require_POST
def wellbeing_acknowledge(request, report_id: int):
    report = get_object_or_404(SessionReport, pk=report_id)
    try:
        wellbeing_concern_acknowledge(report_id=report.pk, by=request.user)
    except ReportError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The concern is acknowledged. The other coordinators see who took it up.")
        )
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(reverse("feedback:report_list"))
