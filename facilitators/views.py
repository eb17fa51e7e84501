from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import role_required
from accounts.models import User
from accounts.roles import Role
from commonground.calendars import calendar_text
from dialogues.messages import dialogue_title
from dialogues.models import Dialogue, Session
from dialogues.selectors import registration_summary
from facilitators.forms import (
    BlackoutForm,
    FacilitatorDetailsForm,
    PlanForm,
    ReplyForm,
    TeamForm,
    WindowForm,
)
from facilitators.messages import (
    InvalidResponseLink,
    assignment_calendar_events,
    assignment_for_token,
    assignment_sessions,
    response_token,
)
from facilitators.models import (
    LIVE_STATUSES,
    Assignment,
    AssignmentCalendarFeed,
    AssignmentPlan,
    AvailabilityWindow,
    Blackout,
    PlanEntry,
)
from facilitators.selectors import (
    assignments_for,
    facilitator_standings,
    interpreter_rotation,
    plan_period_default,
    staffing_policy,
    team_of,
    training_matrix,
)
from facilitators.services import (
    ConstraintsBroken,
    StaffingError,
    assignment_feed_for,
    assignment_plan_discard,
    assignment_plan_publish,
    assignment_plan_start,
    assignment_respond,
    availability_window_add,
    availability_window_remove,
    blackout_add,
    blackout_remove,
    facilitator_details_update,
    facilitator_profile_ensure,
    plan_entry_adjust,
    team_warnings,
)
from facilitators.wording import goal_labels, reason_text
from feedback.reports.selectors import assignments_with_reports_to_write, report_states

# Facilitators and interpreters


def _upcoming(assignment: Assignment, now) -> list[Session]:
    return [session for session in assignment_sessions(assignment) if session.ends_at >= now]


@role_required(Role.FACILITATOR)
def facilitator_home(request):
    language = translation.get_language()
    now = timezone.now()
    profile = facilitator_profile_ensure(user=request.user)
    standing = facilitator_standings(type(profile).objects.filter(pk=profile.pk))[0]
    cards = []
    assignments = list(assignments_for(request.user).filter(session__isnull=True))
    # A dialogue whose last session is over stays until its reports are submitted.
    listed = {assignment.pk for assignment in assignments}
    assignments += [
        assignment
        for assignment in assignments_with_reports_to_write(user=request.user, now=now)
        if assignment.pk not in listed
    ]
    for assignment in assignments:
        cards.append(
            {
                "assignment": assignment,
                "title": dialogue_title(assignment.dialogue, language),
                "token": response_token(assignment),
                "sessions": _upcoming(assignment, now),
                "team": [a for a in team_of(assignment.dialogue) if a.person_id != request.user.pk],
                "summary": registration_summary(assignment.dialogue),
                "reports": report_states(assignment=assignment, now=now, language=language),
            }
        )
    return render(
        request,
        "facilitators/facilitator_home.html",
        {
            "cards": cards,
            "invited": [c for c in cards if c["assignment"].status == Assignment.Status.INVITED],
            "standing": standing,
            "feed": assignment_feed_for(user=request.user),
            "windows_count": AvailabilityWindow.objects.filter(user=request.user).count(),
        },
    )


@role_required(Role.INTERPRETER)
def interpreter_home(request):
    language = translation.get_language()
    cards = []
    for assignment in assignments_for(request.user).filter(session__isnull=False):
        partners = [
            other.person
            for other in Assignment.objects.filter(
                session=assignment.session,
                language=assignment.language,
                status__in=LIVE_STATUSES,
            )
            .select_related("person")
            .order_by("id")
        ]
        cards.append(
            {
                "assignment": assignment,
                "title": dialogue_title(assignment.dialogue, language),
                "token": response_token(assignment),
                "rotation": interpreter_rotation(assignment.session, partners),
                "partners": [p for p in partners if p.pk != request.user.pk],
            }
        )
    return render(
        request,
        "facilitators/interpreter_home.html",
        {
            "cards": cards,
            "feed": assignment_feed_for(user=request.user),
            "windows_count": AvailabilityWindow.objects.filter(user=request.user).count(),
        },
    )


@role_required(Role.FACILITATOR)
def facilitator_details(request):
    profile = facilitator_profile_ensure(user=request.user)
    form = FacilitatorDetailsForm(
        request.POST or None, profile=profile, reader_language=translation.get_language()
    )
    if request.method == "POST" and form.is_valid():
        facilitator_details_update(profile=profile, details=form.details())
        messages.success(request, _("Your details are saved."))
        return redirect("facilitators:facilitator_home")
    return render(request, "facilitators/details.html", {"form": form})


@role_required(Role.FACILITATOR, Role.INTERPRETER)
def availability(request):
    window_form = WindowForm(prefix="window")
    blackout_form = BlackoutForm(prefix="blackout")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add_window":
            window_form = WindowForm(request.POST, prefix="window")
            if window_form.is_valid():
                try:
                    availability_window_add(user=request.user, **window_form.cleaned_data)
                except StaffingError as error:
                    window_form.add_error(None, error.message)
                else:
                    messages.success(request, _("Time added."))
                    return redirect("facilitators:availability")
        elif action == "add_blackout":
            blackout_form = BlackoutForm(request.POST, prefix="blackout")
            if blackout_form.is_valid():
                blackout_add(user=request.user, **blackout_form.cleaned_data)
                messages.success(request, _("Dates added."))
                return redirect("facilitators:availability")
        elif action == "remove_window" and request.POST.get("id", "").isdigit():
            availability_window_remove(user=request.user, window_id=int(request.POST["id"]))
            messages.success(request, _("Time removed."))
            return redirect("facilitators:availability")
        elif action == "remove_blackout" and request.POST.get("id", "").isdigit():
            blackout_remove(user=request.user, blackout_id=int(request.POST["id"]))
            messages.success(request, _("Dates removed."))
            return redirect("facilitators:availability")
    return render(
        request,
        "facilitators/availability.html",
        {
            "windows": AvailabilityWindow.objects.filter(user=request.user),
            "blackouts": Blackout.objects.filter(
                user=request.user, last_day__gte=timezone.localdate()
            ),
            "window_form": window_form,
            "blackout_form": blackout_form,
        },
    )


def assignment_respond_view(request, token):
    """Accept or decline from the email's link, signed in or not: the link is the key.
    Opening it changes nothing, so that mail scanners following links cannot answer."""
    try:
        assignment = assignment_for_token(token)
    except InvalidResponseLink:
        return render(request, "facilitators/respond_invalid.html", status=404)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = request.POST.get("answer") == "accept"
        try:
            assignment_respond(
                assignment_id=assignment.pk,
                person=assignment.person,
                accept=accept,
                note=form.cleaned_data["note"],
            )
        except StaffingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Thank you: you accepted.")
                if accept
                else _("Thank you for letting us know. We will ask someone else."),
            )
        return redirect("facilitators:assignment_respond", token=token)
    assignment.refresh_from_db()
    return render(
        request,
        "facilitators/respond.html",
        {
            "assignment": assignment,
            "title": dialogue_title(assignment.dialogue, translation.get_language()),
            "sessions": assignment_sessions(assignment),
            "team": team_of(assignment.dialogue),
            "form": form,
        },
    )


@require_GET
def assignment_calendar_view(request, token):
    feed = get_object_or_404(AssignmentCalendarFeed, token=token)
    language = feed.user.preferred_language
    events = []
    for assignment in Assignment.objects.filter(
        person=feed.user, status__in=LIVE_STATUSES
    ).select_related("dialogue", "session", "person"):
        events += assignment_calendar_events(assignment)
    with translation.override(language):
        text = calendar_text(events, name=_("My assignments"))
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="my-assignments.ics"'
    return response


# Coordinators


@role_required(Role.COORDINATOR)
def staffing_home(request):
    first_day, last_day = plan_period_default(timezone.localdate())
    form = PlanForm(request.POST or None, initial={"first_day": first_day, "last_day": last_day})
    if request.method == "POST" and form.is_valid():
        plan = assignment_plan_start(by=request.user, **form.cleaned_data)
        return redirect("facilitators:plan_detail", plan_id=plan.pk)
    return render(
        request,
        "facilitators/staffing_home.html",
        {
            "form": form,
            "plans": AssignmentPlan.objects.filter(scope=AssignmentPlan.Scope.PERIOD)[:20],
            "restaffs": AssignmentPlan.objects.filter(scope=AssignmentPlan.Scope.RESTAFF)[:10],
            "policy": staffing_policy(),
        },
    )


def _people_choices() -> list[tuple[int, str]]:
    return [
        (standing.profile.user_id, str(standing.profile))
        for standing in facilitator_standings()
        if standing.profile.active
    ]


@role_required(Role.COORDINATOR)
def plan_detail(request, plan_id):
    plan = get_object_or_404(AssignmentPlan, pk=plan_id)
    language = translation.get_language()
    if request.method == "POST":
        return _plan_action(request, plan)
    people = _people_choices()
    names = dict(people)
    entries = []
    for entry in plan.entries.select_related(
        "dialogue__neighborhood", "dialogue__primary_language", "adjusted_by"
    ):
        entries.append(
            {
                "entry": entry,
                "title": dialogue_title(entry.dialogue, language),
                "sessions": list(entry.dialogue.sessions.exclude(status="cancelled")),
                "team": [names.get(person, f"#{person}") for person in entry.team],
                "goals": goal_labels(entry.goals),
                "reason": reason_text(entry.gap_code, entry.gap_params) if entry.gap_code else "",
                "form": TeamForm(
                    people=people,
                    prefix=f"entry-{entry.pk}",
                    initial=dict(
                        zip(("lead", "co_facilitator", "third"), entry.team, strict=False)
                    ),
                ),
            }
        )
    people_ids = {p for row in plan.interpretation.all() for p in row.interpreters}
    interpreter_names = {
        user.pk: user.display_name or user.email for user in User.objects.filter(pk__in=people_ids)
    }
    interpretation = [
        {
            "row": row,
            "interpreters": [interpreter_names.get(p, f"#{p}") for p in row.interpreters],
            "reason": reason_text(row.gap_code, row.gap_params) if row.gap_code else "",
        }
        for row in plan.interpretation.select_related("session__dialogue", "language")
    ]
    staffed = sum(1 for item in entries if item["entry"].team)
    return render(
        request,
        "facilitators/plan_detail.html",
        {
            "plan": plan,
            "entries": entries,
            "staffed": staffed,
            "unstaffed": len(entries) - staffed,
            "interpretation": interpretation,
            "covered": sum(1 for item in interpretation if not item["row"].gap_code),
            "gap_percent": round((plan.optimality_gap or 0) * 100, 1),
        },
    )


def _plan_action(request, plan: AssignmentPlan):
    action = request.POST.get("action")
    detail = reverse("facilitators:plan_detail", args=[plan.pk])
    try:
        if action == "publish":
            assignment_plan_publish(plan_id=plan.pk, by=request.user)
            messages.success(request, _("The plan is published; everyone new is asked."))
        elif action == "discard":
            assignment_plan_discard(plan_id=plan.pk)
            messages.success(request, _("The plan is discarded."))
        elif action == "adjust" and request.POST.get("entry", "").isdigit():
            entry = get_object_or_404(PlanEntry, pk=int(request.POST["entry"]), plan=plan)
            form = TeamForm(request.POST, people=_people_choices(), prefix=f"entry-{entry.pk}")
            if not form.is_valid():
                messages.error(request, _("The team was not valid; nothing changed."))
            else:
                plan_entry_adjust(
                    entry_id=entry.pk,
                    team=form.team(),
                    by=request.user,
                    override=form.cleaned_data["override"],
                )
                messages.success(request, _("The team is changed."))
            detail += f"#entry-{entry.pk}"
    except ConstraintsBroken as error:
        messages.error(request, error.message)
    except StaffingError as error:
        messages.error(request, error.message)
    return redirect(detail)


@role_required(Role.COORDINATOR)
@require_POST
def team_check(request, dialogue_id):
    """Live warnings while a coordinator changes a team by hand."""
    dialogue = get_object_or_404(Dialogue, pk=dialogue_id)
    team = [int(value) for value in request.POST.getlist("team") if value.isdigit()]
    return JsonResponse({"warnings": team_warnings(dialogue=dialogue, team=team)})


@role_required(Role.COORDINATOR)
def training_matrix_view(request):
    only_expiring = request.GET.get("show") == "expiring"
    return render(
        request,
        "facilitators/training_matrix.html",
        {**training_matrix(only_expiring=only_expiring), "only_expiring": only_expiring},
    )
