"""Facilitator records, availability, and assignment plans from proposal to replies.

Publishing a plan, a reply and a re-solve after a decline all lock the dialogues they touch
(SELECT ... FOR UPDATE), so a decline arriving while a coordinator publishes cannot leave two
leads or a withdrawn person still invited.
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from dialogues.models import Dialogue, Language, Neighborhood, Session
from facilitators import staffing
from facilitators.messages import (
    ASSIGNMENT_DECLINED,
    ASSIGNMENT_INVITED,
    ASSIGNMENT_WITHDRAWN,
    assignment_message,
    decline_summary,
)
from facilitators.models import (
    LIVE_STATUSES,
    Assignment,
    AssignmentCalendarFeed,
    AssignmentChange,
    AssignmentPlan,
    AvailabilityWindow,
    Blackout,
    FacilitatorLanguage,
    FacilitatorProfile,
    InterpreterProfile,
    PlanEntry,
    PlanInterpretation,
    TrainingCompletion,
    TrainingModule,
)
from facilitators.plan_check import plan_violations
from facilitators.selectors import (
    dialogues_to_staff,
    staffing_instance,
)
from facilitators.solver import solve
from facilitators.wording import plan_gap_texts, violation_text
from notifications.services import Outgoing, notifications_enqueue_many


class StaffingError(Exception):
    message = _("This change cannot be made.")


class PrerequisiteMissing(StaffingError):
    message = _("A module that must come first has not been completed.")


class CompletionInFuture(StaffingError):
    message = _("A completion cannot be dated in the future.")


class OverlappingWindow(StaffingError):
    message = _("This overlaps a time you already gave for that day.")


class PlanNotDraft(StaffingError):
    message = _("Only a draft plan can be changed or published.")


class NotYours(StaffingError):
    message = _("This assignment is not yours.")


class AlreadyAnswered(StaffingError):
    message = _("This assignment was withdrawn or declined, so it can no longer be answered.")


class PlanOutdated(StaffingError):
    message = _(
        "Assignments or availability changed since this plan was solved, so some of its teams "
        "no longer hold. Run the solver again."
    )


class ConstraintsBroken(StaffingError):
    message = _("The team breaks a rule; tick the box to keep it anyway.")


# Profiles, languages and availability


def facilitator_profile_ensure(*, user: User) -> FacilitatorProfile:
    return FacilitatorProfile.objects.get_or_create(user=user)[0]


def interpreter_profile_ensure(*, user: User) -> InterpreterProfile:
    return InterpreterProfile.objects.get_or_create(user=user)[0]


@dataclass(frozen=True)
class FacilitatorDetails:
    monthly_max: int
    languages: dict[int, str]  # language id -> FacilitatorLanguage.Level
    neighborhoods: list[Neighborhood]
    identity_consent: bool
    identity_categories: list[str]
    identity_self_described: str


@transaction.atomic
def facilitator_details_update(
    *, profile: FacilitatorProfile, details: FacilitatorDetails, now: datetime | None = None
) -> FacilitatorProfile:
    """A facilitator's own details. Withdrawing consent erases the identity answers."""
    profile = FacilitatorProfile.objects.select_for_update().get(pk=profile.pk)
    profile.monthly_max = details.monthly_max
    if details.identity_consent:
        profile.identity_consented_at = profile.identity_consented_at or now or timezone.now()
        profile.identity_categories = sorted(set(details.identity_categories))
        profile.identity_self_described = details.identity_self_described.strip()
    else:
        profile.identity_consented_at = None
        profile.identity_categories = []
        profile.identity_self_described = ""
    profile.save(
        update_fields=[
            "monthly_max",
            "identity_consented_at",
            "identity_categories",
            "identity_self_described",
        ]
    )
    profile.neighborhoods.set(details.neighborhoods)
    profile.languages.all().delete()
    FacilitatorLanguage.objects.bulk_create(
        FacilitatorLanguage(profile=profile, language_id=language_id, level=level)
        for language_id, level in sorted(details.languages.items())
    )
    return profile


@transaction.atomic
def interpreter_pairs_set(
    *, profile: InterpreterProfile, pairs: list[tuple[Language, Language]]
) -> None:
    profile.language_pairs.all().delete()
    unique = {tuple(sorted((a.pk, b.pk))) for a, b in pairs if a.pk != b.pk}
    profile.language_pairs.bulk_create(
        profile.language_pairs.model(profile=profile, first_id=first, second_id=second)
        for first, second in sorted(unique)
    )


@transaction.atomic
def availability_window_add(
    *, user: User, weekday: int, starts: time, ends: time
) -> AvailabilityWindow:
    # The row lock on the user serializes two additions from two open tabs.
    User.objects.select_for_update().get(pk=user.pk)
    if AvailabilityWindow.objects.filter(
        user=user, weekday=weekday, starts__lt=ends, ends__gt=starts
    ).exists():
        raise OverlappingWindow
    return AvailabilityWindow.objects.create(user=user, weekday=weekday, starts=starts, ends=ends)


def availability_window_remove(*, user: User, window_id: int) -> bool:
    return AvailabilityWindow.objects.filter(user=user, pk=window_id).delete()[0] > 0


def blackout_add(*, user: User, first_day: date, last_day: date, note: str = "") -> Blackout:
    return Blackout.objects.create(
        user=user, first_day=first_day, last_day=last_day, note=note.strip()
    )


def blackout_remove(*, user: User, blackout_id: int) -> bool:
    return Blackout.objects.filter(user=user, pk=blackout_id).delete()[0] > 0


@transaction.atomic
def training_completion_record(
    *,
    profile: FacilitatorProfile,
    module: TrainingModule,
    completed_on: date,
    verified_by: User,
    note: str = "",
    today: date | None = None,
) -> TrainingCompletion:
    """Records a completion once its prerequisites were completed on or before that day."""
    if completed_on > (today or timezone.localdate()):
        raise CompletionInFuture
    done_before = set(
        TrainingCompletion.objects.filter(
            profile=profile, completed_on__lte=completed_on
        ).values_list("module_id", flat=True)
    )
    if any(prerequisite.pk not in done_before for prerequisite in module.prerequisites.all()):
        raise PrerequisiteMissing
    completion, _created = TrainingCompletion.objects.get_or_create(
        profile=profile,
        module=module,
        completed_on=completed_on,
        defaults={"verified_by": verified_by, "note": note.strip()},
    )
    return completion


# Plans


def _record(assignment: Assignment, by: User | None, note: str = "") -> None:
    AssignmentChange.objects.create(
        assignment=assignment, status=assignment.status, by=by, note=note
    )


def assignment_plan_start(*, by: User, first_day: date, last_day: date) -> AssignmentPlan:
    """A plan for every dialogue in the period, solved in the background."""
    from facilitators.tasks import solve_assignment_plan

    plan = AssignmentPlan.objects.create(
        scope=AssignmentPlan.Scope.PERIOD,
        first_day=first_day,
        last_day=last_day,
        created_by=by,
    )
    transaction.on_commit(lambda: solve_assignment_plan.enqueue(plan.pk))
    return plan


def _policy_snapshot(policy: staffing.Policy) -> dict:
    return {
        **{goal: policy.weights.for_goal(goal) for goal in staffing.TEAM_GOALS},
        "max_load": policy.weights.max_load,
        "load_spread": policy.weights.load_spread,
        "travel_buffer_minutes": int(policy.travel_buffer.total_seconds() // 60),
        "experienced_after": policy.experienced_after,
        "long_session_minutes": int(policy.long_session.total_seconds() // 60),
        "time_limit_seconds": policy.time_limit_seconds,
    }


def _reason_params(params) -> dict:
    """JSON-ready: datetimes as ISO text, read back by the wording functions."""
    return {
        key: value.isoformat() if isinstance(value, datetime | date) else value
        for key, value in params.items()
    }


def _store_plan(plan: AssignmentPlan, instance: staffing.Instance, result: staffing.Plan) -> None:
    languages = {language.code: language for language in Language.objects.all()}
    entries = []
    for need in instance.dialogues:
        team = result.teams.get(need.id)
        gap = next((gap for gap in result.gaps if gap.dialogue_id == need.id), None)
        entries.append(
            PlanEntry(
                plan=plan,
                dialogue_id=need.id,
                team=list(team.members) if team else [],
                goals=sorted(team.goals) if team else [],
                score=team.score if team else 0,
                possible=team.possible if team else 0,
                gap_code=gap.reason.code if gap else "",
                gap_params=_reason_params(gap.reason.params) if gap else {},
            )
        )
    PlanEntry.objects.bulk_create(entries)
    covers = {(cover.session_id, cover.target): cover for cover in result.interpretation}
    gaps = {(gap.session_id, gap.target): gap for gap in result.interpretation_gaps}
    rows = []
    for need in instance.interpretation:
        key = (need.session.id, need.target)
        cover, gap = covers.get(key), gaps.get(key)
        rows.append(
            PlanInterpretation(
                plan=plan,
                session_id=need.session.id,
                language=languages[need.target],
                interpreters=list(cover.interpreters) if cover else [],
                needed=staffing.interpreters_needed(need, instance.policy),
                gap_code=gap.reason.code if gap else "",
                gap_params=_reason_params(gap.reason.params) if gap else {},
            )
        )
    PlanInterpretation.objects.bulk_create(rows)
    plan.solver_status = result.status
    plan.objective = result.objective
    plan.bound = result.bound
    plan.optimality_gap = result.gap
    plan.seconds = result.seconds
    plan.policy = _policy_snapshot(instance.policy)
    plan.status = AssignmentPlan.Status.DRAFT
    plan.save(
        update_fields=[
            "solver_status",
            "objective",
            "bound",
            "optimality_gap",
            "seconds",
            "policy",
            "status",
        ]
    )


def assignment_plan_solve(*, plan_id: int) -> AssignmentPlan:
    """Runs the solver for a plan that is solving; the solve itself holds no locks."""
    plan = AssignmentPlan.objects.get(pk=plan_id)
    if plan.status != AssignmentPlan.Status.SOLVING:
        return plan
    try:
        instance = staffing_instance(list(dialogues_to_staff(plan.first_day, plan.last_day)))
        result = solve(instance)
    except Exception as error:
        AssignmentPlan.objects.filter(pk=plan.pk).update(
            status=AssignmentPlan.Status.FAILED, error=repr(error)
        )
        raise
    with transaction.atomic():
        plan = AssignmentPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status == AssignmentPlan.Status.SOLVING:
            _store_plan(plan, instance, result)
    return plan


def assignment_plan_discard(*, plan_id: int) -> None:
    updated = AssignmentPlan.objects.filter(
        pk=plan_id, status__in=[AssignmentPlan.Status.DRAFT, AssignmentPlan.Status.SOLVING]
    ).update(status=AssignmentPlan.Status.DISCARDED)
    if not updated:
        raise PlanNotDraft


def _team_violations(
    instance: staffing.Instance, need: staffing.DialogueNeed, team: list[int]
) -> list:
    """The checker, asked about one team for one dialogue of the instance."""
    trial = staffing.Plan(
        teams={
            need.id: staffing.Team(
                dialogue_id=need.id,
                lead=team[0],
                members=tuple(team),
                goals=frozenset(),
                score=0,
                possible=0,
            )
        },
        gaps=(),
        interpretation=(),
        interpretation_gaps=(),
        status="MANUAL",
        objective=0.0,
        bound=0.0,
        gap=0.0,
        seconds=0.0,
    )
    only_this_team = staffing.Instance(
        **{**instance.__dict__, "dialogues": (need,), "interpretation": ()}
    )
    return plan_violations(only_this_team, trial)


def team_warnings(*, dialogue: Dialogue, team: list[int]) -> list[str]:
    """Every hard rule this team for this dialogue would break, given everyone else's live
    assignments, in the reader's language."""
    instance = staffing_instance([dialogue])
    need = next((need for need in instance.dialogues if need.id == dialogue.pk), None)
    if need is None or not team:
        return []
    # The checker's own wording is English; each violation carries a code and its facts.
    return [
        violation_text(violation.code, violation.params)
        for violation in _team_violations(instance, need, team)
    ]


def _outdated_entries(entries: list[PlanEntry]) -> list[PlanEntry]:
    """Teams the solver proposed that no longer hold: someone was assigned elsewhere, became
    unavailable or let their certification lapse since the plan was solved. Teams a
    coordinator kept by hand were checked, and their warnings accepted, when they were made."""
    proposed = [
        entry
        for entry in entries
        if entry.team
        and entry.adjusted_by_id is None
        and entry.dialogue.status != Dialogue.Status.CANCELLED
    ]
    if not proposed:
        return []
    instance = staffing_instance([entry.dialogue for entry in proposed])
    needs = {need.id: need for need in instance.dialogues}
    return [
        entry
        for entry in proposed
        if entry.dialogue_id in needs
        and _team_violations(instance, needs[entry.dialogue_id], entry.team)
    ]


@transaction.atomic
def plan_entry_adjust(
    *, entry_id: int, team: list[int], by: User, override: bool = False
) -> PlanEntry:
    """A coordinator's own team for one dialogue, lead first; breaking a rule needs `override`,
    and the warnings are kept with the entry."""
    entry = (
        PlanEntry.objects.select_related("plan", "dialogue").select_for_update().get(pk=entry_id)
    )
    if entry.plan.status != AssignmentPlan.Status.DRAFT:
        raise PlanNotDraft
    if len(set(team)) != len(team):
        raise ConstraintsBroken
    warnings = team_warnings(dialogue=entry.dialogue, team=team)
    if warnings and not override:
        raise ConstraintsBroken
    entry.team = team
    entry.warnings = warnings
    entry.adjusted_by = by
    entry.goals = []
    entry.score = 0
    entry.gap_code = "" if team else "removed_by_coordinator"
    entry.gap_params = {}
    entry.save(
        update_fields=[
            "team",
            "warnings",
            "adjusted_by",
            "goals",
            "score",
            "gap_code",
            "gap_params",
        ]
    )
    return entry


def _lock_dialogues(dialogue_ids) -> None:
    list(Dialogue.objects.select_for_update().filter(pk__in=dialogue_ids).order_by("pk"))


def _withdraw(assignment: Assignment, by: User | None, note: str) -> Outgoing:
    assignment.status = Assignment.Status.WITHDRAWN
    assignment.save(update_fields=["status"])
    _record(assignment, by, note)
    return assignment_message(assignment, f"assignment:{assignment.pk}:withdrawn")


def _invite(assignment: Assignment, by: User | None) -> Outgoing:
    _record(assignment, by)
    return assignment_message(assignment, f"assignment:{assignment.pk}:invited")


def _publish_team(
    entry: PlanEntry, plan: AssignmentPlan, by: User | None, invited: list, withdrawn: list
) -> None:
    live = {
        assignment.person_id: assignment
        for assignment in Assignment.objects.filter(
            dialogue_id=entry.dialogue_id, session__isnull=True, status__in=LIVE_STATUSES
        ).select_related("person", "dialogue")
    }
    wanted = [
        (person_id, Assignment.Role.LEAD if index == 0 else Assignment.Role.CO_FACILITATOR)
        for index, person_id in enumerate(entry.team)
    ]
    wanted_people = {person_id for person_id, _role in wanted}
    for person_id, assignment in live.items():
        if person_id not in wanted_people:
            withdrawn.append(_withdraw(assignment, by, str(_("Replaced in a new plan."))))
    # Demote first, so that the new lead never meets the old one under the one-lead constraint.
    for person_id, role in wanted:
        kept = live.get(person_id)
        if kept and kept.role != role and role == Assignment.Role.CO_FACILITATOR:
            kept.role = role
            kept.save(update_fields=["role"])
    for person_id, role in wanted:
        kept = live.get(person_id)
        if kept is None:
            assignment = Assignment.objects.create(
                dialogue_id=entry.dialogue_id, person_id=person_id, role=role, plan=plan
            )
            invited.append(_invite(assignment, by))
        elif kept.role != role:
            kept.role = role
            kept.save(update_fields=["role"])


def _publish_interpretation(
    row: PlanInterpretation, plan: AssignmentPlan, by: User | None, invited: list, withdrawn: list
) -> None:
    live = {
        assignment.person_id: assignment
        for assignment in Assignment.objects.filter(
            session_id=row.session_id, language=row.language, status__in=LIVE_STATUSES
        ).select_related("person", "dialogue", "session")
    }
    # An uncovered need keeps whoever is already there rather than leaving nobody.
    if not row.interpreters:
        return
    for person_id, assignment in live.items():
        if person_id not in row.interpreters:
            withdrawn.append(_withdraw(assignment, by, str(_("Replaced in a new plan."))))
    for person_id in row.interpreters:
        if person_id not in live:
            assignment = Assignment.objects.create(
                dialogue_id=row.session.dialogue_id,
                session_id=row.session_id,
                language_id=row.language_id,
                person_id=person_id,
                role=Assignment.Role.INTERPRETER,
                plan=plan,
            )
            invited.append(_invite(assignment, by))


@transaction.atomic
def assignment_plan_publish(*, plan_id: int, by: User | None) -> AssignmentPlan:
    """Invites everyone new in the plan (email with calendar entries, and in the app), keeps
    people already assigned in the same place, and withdraws those the plan replaces. An
    entry without a team changes nothing for its dialogue."""
    plan = AssignmentPlan.objects.select_for_update().get(pk=plan_id)
    if plan.status != AssignmentPlan.Status.DRAFT:
        raise PlanNotDraft
    entries = list(plan.entries.select_related("dialogue"))
    interpretation = list(plan.interpretation.select_related("session", "language"))
    _lock_dialogues({entry.dialogue_id for entry in entries})
    if _outdated_entries(entries):
        raise PlanOutdated
    invited: list[Outgoing] = []
    withdrawn: list[Outgoing] = []
    for entry in entries:
        if entry.team and entry.dialogue.status != Dialogue.Status.CANCELLED:
            _publish_team(entry, plan, by, invited, withdrawn)
    for row in interpretation:
        if row.session.status == Session.Status.SCHEDULED:
            _publish_interpretation(row, plan, by, invited, withdrawn)
    plan.status = AssignmentPlan.Status.PUBLISHED
    plan.published_at = timezone.now()
    plan.published_by = by
    plan.save(update_fields=["status", "published_at", "published_by"])
    notifications_enqueue_many(kind=ASSIGNMENT_INVITED.key, outgoing=invited)
    notifications_enqueue_many(kind=ASSIGNMENT_WITHDRAWN.key, outgoing=withdrawn)
    return plan


# Replies


@transaction.atomic
def assignment_respond(
    *, assignment_id: int, person: User, accept: bool, note: str = ""
) -> Assignment:
    """Accept or decline; a decline re-solves the affected dialogue in the background."""
    assignment = Assignment.objects.select_related("dialogue", "person").get(pk=assignment_id)
    _lock_dialogues([assignment.dialogue_id])
    assignment.refresh_from_db(fields=["status"])
    if assignment.person_id != person.pk:
        raise NotYours
    if assignment.status not in LIVE_STATUSES:
        raise AlreadyAnswered
    target = Assignment.Status.ACCEPTED if accept else Assignment.Status.DECLINED
    if assignment.status == target:
        return assignment
    assignment.status = target
    assignment.responded_at = timezone.now()
    assignment.response_note = note.strip()[:300]
    assignment.save(update_fields=["status", "responded_at", "response_note"])
    _record(assignment, person, assignment.response_note)
    if not accept:
        from facilitators.tasks import restaff_after_decline

        transaction.on_commit(lambda: restaff_after_decline.enqueue(assignment.pk))
    return assignment


def assignment_restaff(*, declined_assignment_id: int) -> AssignmentPlan:
    """After a decline, re-solves only that dialogue: everyone else's assignments stay fixed,
    and the people still on its team stay on it. The result is published at once, and the
    coordinators hear who was asked instead, or why no one could be."""
    declined = Assignment.objects.select_related("dialogue", "person").get(
        pk=declined_assignment_id
    )
    dialogue = declined.dialogue
    remaining = frozenset(
        Assignment.objects.filter(
            dialogue=dialogue, session__isnull=True, status__in=LIVE_STATUSES
        ).values_list("person_id", flat=True)
    )
    instance = staffing_instance([dialogue], required={dialogue.pk: remaining})
    if declined.session_id:
        # An interpreter's decline touches only that session's interpretation.
        instance = staffing.Instance(
            **{
                **instance.__dict__,
                "dialogues": (),
                "interpretation": tuple(
                    need
                    for need in instance.interpretation
                    if need.session.id == declined.session_id
                ),
            }
        )
    result = solve(instance)
    today = timezone.localdate()
    with transaction.atomic():
        plan = AssignmentPlan.objects.create(
            scope=AssignmentPlan.Scope.RESTAFF, first_day=today, last_day=today
        )
        _store_plan(plan, instance, result)
        plan = assignment_plan_publish(plan_id=plan.pk, by=None)
        _tell_coordinators(declined, plan)
    return plan


def _tell_coordinators(declined: Assignment, plan: AssignmentPlan) -> None:
    coordinators = User.objects.filter(groups__name=Role.COORDINATOR, is_active=True)
    replacements = [
        assignment.person.display_name or assignment.person.email
        for assignment in plan.assignments.select_related("person")
    ]
    outgoing = []
    for coordinator in coordinators:
        language = coordinator.preferred_language
        outgoing.append(
            Outgoing(
                idempotency_key=f"assignment:{declined.pk}:declined:{coordinator.pk}",
                recipient=coordinator,
                language=language,
                context={
                    **decline_summary(declined, language),
                    "replacements": replacements,
                    "gaps": plan_gap_texts(plan, language),
                    "plan_id": plan.pk,
                },
            )
        )
    notifications_enqueue_many(kind=ASSIGNMENT_DECLINED.key, outgoing=outgoing)


def assignment_feed_for(*, user: User) -> AssignmentCalendarFeed:
    return AssignmentCalendarFeed.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )[0]
