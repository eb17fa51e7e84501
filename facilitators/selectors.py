"""Reads for the facilitator side: certification derived from training records, experience,
assignments and what a facilitator needs to know before a session."""

import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from commonground.formatting import city_time_zone
from dialogues.models import Dialogue, Registration, Session
from facilitators import staffing
from facilitators.models import (
    ASL,
    LIVE_STATUSES,
    Assignment,
    AvailabilityWindow,
    Blackout,
    FacilitatorLanguage,
    FacilitatorProfile,
    InterpreterProfile,
    StaffingPolicy,
    TrainingCompletion,
    TrainingModule,
)

EXPIRING_SOON = timedelta(days=60)


class CertificationStatus:
    CERTIFIED = "certified"
    EXPIRING_SOON = "expiring_soon"
    EXPIRED = "expired"
    NOT_CERTIFIED = "not_certified"


@dataclass(frozen=True)
class ModuleRecord:
    module: TrainingModule
    completed_on: date | None
    expires_on: date | None  # None: never, or not completed

    def current_on(self, day: date) -> bool:
        return (
            self.completed_on is not None
            and self.completed_on <= day
            and (self.expires_on is None or day < self.expires_on)
        )


@dataclass(frozen=True)
class Certification:
    """Where someone stands on `today`, and the days they are eligible, for the solver.

    Certified on day d when certified_from <= d < certified_until (no end when None).
    """

    status: str
    certified_from: date | None
    certified_until: date | None
    lead_from: date | None
    lead_until: date | None
    records: list[ModuleRecord] = field(default_factory=list)

    @property
    def missing(self) -> list[TrainingModule]:
        return [
            record.module
            for record in self.records
            if record.module.requirement == TrainingModule.Requirement.CERTIFICATION
            and record.completed_on is None
        ]

    def certified_on(self, day: date) -> bool:
        return _within(day, self.certified_from, self.certified_until)

    def may_lead_on(self, day: date) -> bool:
        return _within(day, self.lead_from, self.lead_until)


def _within(day: date, first: date | None, until: date | None) -> bool:
    return first is not None and first <= day and (until is None or day < until)


def _span(records: list[ModuleRecord]) -> tuple[date | None, date | None]:
    """The days on which every record is current, as [from, until)."""
    if any(record.completed_on is None for record in records):
        return None, None
    first = max((record.completed_on for record in records), default=date.min)
    endings = [record.expires_on for record in records if record.expires_on is not None]
    until = min(endings) if endings else None
    if until is not None and until <= first:
        return None, None
    return first, until


def certification(
    *,
    modules: list[TrainingModule],
    completions: list[TrainingCompletion],
    experience: int,
    sessions_before_leading: int,
    today: date,
) -> Certification:
    """Derived, never stored: certified while every required module's latest completion is
    current; eligible to lead when also the modules required to lead are current and the
    person has co-facilitated enough sessions."""
    latest: dict[int, date] = {}
    for completion in completions:
        if completion.completed_on <= today:
            latest[completion.module_id] = max(
                completion.completed_on, latest.get(completion.module_id, date.min)
            )
    records = []
    for module in modules:
        completed_on = latest.get(module.pk)
        expires_on = (
            completed_on + relativedelta(months=module.refresher_months)
            if completed_on and module.refresher_months
            else None
        )
        records.append(ModuleRecord(module, completed_on, expires_on))
    required = [
        r for r in records if r.module.requirement == TrainingModule.Requirement.CERTIFICATION
    ]
    certified_from, certified_until = _span(required) if required else (None, None)
    lead_from = lead_until = None
    if certified_from is not None and experience >= sessions_before_leading:
        to_lead = [r for r in records if r.module.requirement == TrainingModule.Requirement.LEADING]
        lead_from, lead_until = _span(required + to_lead)
    if certified_from is None:
        status = CertificationStatus.NOT_CERTIFIED
    elif certified_until is not None and certified_until <= today:
        status = CertificationStatus.EXPIRED
    elif certified_until is not None and certified_until - today <= EXPIRING_SOON:
        status = CertificationStatus.EXPIRING_SOON
    else:
        status = CertificationStatus.CERTIFIED
    return Certification(status, certified_from, certified_until, lead_from, lead_until, records)


def staffing_policy() -> StaffingPolicy:
    return StaffingPolicy.objects.get_or_create(pk=1)[0]


def experience_by_person(user_ids: list[int], *, now: datetime | None = None) -> dict[int, int]:
    """Sessions each person has facilitated here (held, not cancelled), by account id."""
    now = now or timezone.now()
    rows = (
        Assignment.objects.filter(
            person_id__in=user_ids,
            session__isnull=True,
            status=Assignment.Status.ACCEPTED,
        )
        .values("person_id")
        .annotate(
            held=Count(
                "dialogue__sessions",
                filter=Q(dialogue__sessions__ends_at__lt=now)
                & ~Q(dialogue__sessions__status=Session.Status.CANCELLED),
            )
        )
    )
    return {row["person_id"]: row["held"] for row in rows}


@dataclass(frozen=True)
class FacilitatorStanding:
    profile: FacilitatorProfile
    experience: int
    certification: Certification


def facilitator_standings(
    profiles: QuerySet[FacilitatorProfile] | None = None, *, today: date | None = None
) -> list[FacilitatorStanding]:
    """Every facilitator with experience and certification, in four queries."""
    today = today or timezone.localdate()
    profiles = list(
        (profiles if profiles is not None else FacilitatorProfile.objects.all())
        .select_related("user")
        .prefetch_related("languages__language", "neighborhoods")
    )
    modules = list(TrainingModule.objects.all())
    completions: dict[int, list[TrainingCompletion]] = defaultdict(list)
    for completion in TrainingCompletion.objects.filter(profile__in=profiles):
        completions[completion.profile_id].append(completion)
    held = experience_by_person([profile.user_id for profile in profiles])
    policy = staffing_policy()
    standings = []
    for profile in profiles:
        experience = profile.sessions_before + held.get(profile.user_id, 0)
        standings.append(
            FacilitatorStanding(
                profile,
                experience,
                certification(
                    modules=modules,
                    completions=completions[profile.pk],
                    experience=experience,
                    sessions_before_leading=policy.sessions_before_leading,
                    today=today,
                ),
            )
        )
    return standings


def training_matrix(*, today: date | None = None, only_expiring: bool = False) -> dict:
    """Facilitators by modules, for coordinators; expiring people first when filtered."""
    standings = facilitator_standings(FacilitatorProfile.objects.filter(active=True), today=today)
    if only_expiring:
        standings = [
            standing
            for standing in standings
            if standing.certification.status
            in (CertificationStatus.EXPIRING_SOON, CertificationStatus.EXPIRED)
        ]
        standings.sort(key=lambda s: s.certification.certified_until or date.max)
    return {"modules": list(TrainingModule.objects.all()), "standings": standings}


def assignments_for(user: User, *, now: datetime | None = None) -> QuerySet[Assignment]:
    """A person's live assignments whose dialogue still has a session ahead, soonest first."""
    now = now or timezone.now()
    return (
        Assignment.objects.filter(person=user, status__in=LIVE_STATUSES)
        .filter(
            Q(session__isnull=True, dialogue__sessions__ends_at__gte=now)
            | Q(session__ends_at__gte=now)
        )
        .exclude(dialogue__status=Dialogue.Status.CANCELLED)
        .select_related(
            "dialogue__neighborhood",
            "dialogue__venue",
            "dialogue__primary_language",
            "session__venue",
            "language",
        )
        .distinct()
        .order_by("status", "dialogue_id", "session__starts_at")
    )


def team_of(dialogue: Dialogue) -> list[Assignment]:
    """The dialogue's live facilitators, lead first."""
    return sorted(
        Assignment.objects.filter(
            dialogue=dialogue, session__isnull=True, status__in=LIVE_STATUSES
        ).select_related("person"),
        key=lambda assignment: (assignment.role != Assignment.Role.LEAD, assignment.pk),
    )


def is_assigned_to(user: User, dialogue: Dialogue) -> bool:
    return Assignment.objects.filter(
        person=user, dialogue=dialogue, status__in=LIVE_STATUSES
    ).exists()


# The solver's view of the database


def staffing_policy_for_solver(policy: StaffingPolicy) -> staffing.Policy:
    return staffing.Policy(
        weights=staffing.Weights(
            mentoring=policy.mentoring_weight,
            diversity=policy.diversity_weight,
            neighborhood=policy.neighborhood_weight,
            shared_language=policy.shared_language_weight,
            stability=policy.stability_weight,
            max_load=policy.max_load_weight,
            load_spread=policy.load_spread_weight,
        ),
        travel_buffer=timedelta(minutes=policy.travel_buffer_minutes),
        experienced_after=policy.experienced_after,
        long_session=timedelta(minutes=policy.long_session_minutes),
        time_limit_seconds=float(policy.time_limit_seconds),
        workers=min(2, os.cpu_count() or 1),
    )


def _slot(session: Session) -> staffing.SessionSlot:
    place = session.venue_id or session.dialogue.venue_id
    return staffing.SessionSlot(session.pk, session.starts_at, session.ends_at, place)


def _month(moment: datetime) -> tuple[int, int]:
    local = timezone.localtime(moment, city_time_zone())
    return local.year, local.month


def dialogues_to_staff(first_day: date, last_day: date) -> QuerySet[Dialogue]:
    """Dialogues not cancelled or completed with a scheduled session in the period."""
    zone = city_time_zone()
    return (
        Dialogue.objects.exclude(status__in=[Dialogue.Status.CANCELLED, Dialogue.Status.COMPLETED])
        .filter(
            sessions__status=Session.Status.SCHEDULED,
            sessions__starts_at__gte=datetime.combine(first_day, time.min, tzinfo=zone),
            sessions__starts_at__lt=datetime.combine(
                last_day + timedelta(days=1), time.min, tzinfo=zone
            ),
        )
        .distinct()
        .order_by("id")
    )


def _availability(user_ids: list[int]) -> tuple[dict, dict]:
    windows: dict[int, list[staffing.Window]] = defaultdict(list)
    for window in AvailabilityWindow.objects.filter(user_id__in=user_ids):
        windows[window.user_id].append(staffing.Window(window.weekday, window.starts, window.ends))
    blackouts: dict[int, list[staffing.Blackout]] = defaultdict(list)
    for blackout in Blackout.objects.filter(user_id__in=user_ids):
        blackouts[blackout.user_id].append(staffing.Blackout(blackout.first_day, blackout.last_day))
    return windows, blackouts


def staffing_instance(
    dialogues: list[Dialogue],
    *,
    required: dict[int, frozenset[int]] | None = None,
    now: datetime | None = None,
) -> staffing.Instance:
    """The staffing problem for these dialogues: their sessions still ahead, every active
    facilitator and interpreter, and every live assignment elsewhere as a fixed commitment."""
    now = now or timezone.now()
    required = required or {}
    dialogue_ids = {dialogue.pk for dialogue in dialogues}
    sessions_by_dialogue: dict[int, list[Session]] = defaultdict(list)
    for session in (
        Session.objects.filter(
            dialogue_id__in=dialogue_ids, status=Session.Status.SCHEDULED, starts_at__gte=now
        )
        .select_related("dialogue")
        .order_by("starts_at")
    ):
        sessions_by_dialogue[session.dialogue_id].append(session)

    live = list(
        Assignment.objects.filter(status__in=LIVE_STATUSES)
        .exclude(dialogue__status=Dialogue.Status.CANCELLED)
        .select_related("dialogue", "session", "language")
    )
    future_sessions: dict[int, list[Session]] = defaultdict(list)
    outside = {a.dialogue_id for a in live if a.dialogue_id not in dialogue_ids}
    for session in Session.objects.filter(
        dialogue_id__in=outside, status=Session.Status.SCHEDULED, ends_at__gte=now
    ).select_related("dialogue"):
        future_sessions[session.dialogue_id].append(session)

    busy: dict[int, list[staffing.Busy]] = defaultdict(list)
    monthly: dict[int, dict[tuple[int, int], int]] = defaultdict(lambda: defaultdict(int))
    current: dict[int, list[tuple[int, str]]] = defaultdict(list)
    current_interpreters: dict[tuple[int, str], list[int]] = defaultdict(list)
    for assignment in live:
        if assignment.dialogue_id in dialogue_ids:
            if assignment.session_id:
                key = (assignment.session_id, assignment.language.code)
                current_interpreters[key].append(assignment.person_id)
            else:
                current[assignment.dialogue_id].append((assignment.person_id, assignment.role))
            continue
        worked = (
            [assignment.session]
            if assignment.session_id
            else future_sessions.get(assignment.dialogue_id, [])
        )
        for session in worked:
            if session.status != Session.Status.SCHEDULED or session.ends_at < now:
                continue
            slot = _slot(session)
            busy[assignment.person_id].append(staffing.Busy(slot.starts, slot.ends, slot.venue_id))
            monthly[assignment.person_id][_month(session.starts_at)] += 1

    declined_dialogues: dict[int, set[int]] = defaultdict(set)
    declined_sessions: dict[int, set[int]] = defaultdict(set)
    for person_id, dialogue_id, session_id in Assignment.objects.filter(
        status=Assignment.Status.DECLINED
    ).values_list("person_id", "dialogue_id", "session_id"):
        if session_id:
            declined_sessions[person_id].add(session_id)
        else:
            declined_dialogues[person_id].add(dialogue_id)

    standings = facilitator_standings(
        FacilitatorProfile.objects.filter(
            active=True, user__is_active=True, user__groups__name=Role.FACILITATOR
        )
    )
    interpreter_profiles = list(
        InterpreterProfile.objects.filter(
            active=True, user__is_active=True, user__groups__name=Role.INTERPRETER
        )
        .select_related("user")
        .prefetch_related("language_pairs__first", "language_pairs__second")
    )
    people = [s.profile.user_id for s in standings] + [p.user_id for p in interpreter_profiles]
    windows, blackouts = _availability(people)

    facilitators = tuple(
        staffing.Facilitator(
            id=standing.profile.user_id,
            name=str(standing.profile),
            facilitates=frozenset(
                entry.language.code
                for entry in standing.profile.languages.all()
                if entry.level == FacilitatorLanguage.Level.FACILITATES
            ),
            converses=frozenset(
                entry.language.code
                for entry in standing.profile.languages.all()
                if entry.level == FacilitatorLanguage.Level.CONVERSATIONAL
            ),
            neighborhoods=frozenset(n.pk for n in standing.profile.neighborhoods.all()),
            identity=frozenset(standing.profile.identity_categories)
            if standing.profile.identity_consented_at and standing.profile.identity_categories
            else None,
            experience=standing.experience,
            monthly_max=standing.profile.monthly_max,
            certified_from=standing.certification.certified_from,
            certified_until=standing.certification.certified_until,
            lead_from=standing.certification.lead_from,
            lead_until=standing.certification.lead_until,
            windows=tuple(windows[standing.profile.user_id]),
            blackouts=tuple(blackouts[standing.profile.user_id]),
            busy=tuple(busy[standing.profile.user_id]),
            monthly_load=dict(monthly[standing.profile.user_id]),
            declined=frozenset(declined_dialogues[standing.profile.user_id]),
        )
        for standing in standings
    )
    interpreters = tuple(
        staffing.Interpreter(
            id=profile.user_id,
            name=str(profile),
            pairs=frozenset(
                frozenset({pair.first.code, pair.second.code})
                for pair in profile.language_pairs.all()
            ),
            monthly_max=profile.monthly_max,
            windows=tuple(windows[profile.user_id]),
            blackouts=tuple(blackouts[profile.user_id]),
            busy=tuple(busy[profile.user_id]),
            monthly_load=dict(monthly[profile.user_id]),
            declined=frozenset(declined_sessions[profile.user_id]),
        )
        for profile in interpreter_profiles
    )

    needs = []
    interpretation = []
    requests = interpretation_requests(dialogue_ids)
    for dialogue in dialogues:
        sessions = sessions_by_dialogue.get(dialogue.pk, [])
        if not sessions:
            continue
        slots = tuple(_slot(session) for session in sessions)
        needs.append(
            staffing.DialogueNeed(
                id=dialogue.pk,
                title=str(dialogue),
                language=dialogue.primary_language.code,
                neighborhood_id=dialogue.neighborhood_id,
                group_size=dialogue.capacity,
                sessions=slots,
                current=tuple(current[dialogue.pk]),
                required=required.get(dialogue.pk, frozenset()),
            )
        )
        for slot in slots:
            for target in requests.get(dialogue.pk, ()):
                interpretation.append(
                    staffing.InterpretationNeed(
                        session=slot,
                        dialogue_id=dialogue.pk,
                        source=dialogue.primary_language.code,
                        target=target,
                        current=tuple(current_interpreters[(slot.id, target)]),
                    )
                )
    return staffing.Instance(
        dialogues=tuple(needs),
        facilitators=facilitators,
        interpreters=interpreters,
        interpretation=tuple(interpretation),
        policy=staffing_policy_for_solver(staffing_policy()),
        time_zone=city_time_zone(),
    )


def interpretation_requests(dialogue_ids) -> dict[int, list[str]]:
    """Per dialogue, the languages people with a seat asked to have interpreted, ASL included."""
    requests: dict[int, set[str]] = defaultdict(set)
    confirmed = Registration.objects.filter(
        dialogue_id__in=dialogue_ids, status=Registration.Status.CONFIRMED
    )
    for dialogue_id, code in confirmed.filter(interpretation_language__isnull=False).values_list(
        "dialogue_id", "interpretation_language__code"
    ):
        requests[dialogue_id].add(code)
    for dialogue_id in confirmed.filter(asl=True).values_list("dialogue_id", flat=True):
        requests[dialogue_id].add(ASL)
    return {dialogue_id: sorted(codes) for dialogue_id, codes in requests.items()}


def plan_period_default(today: date) -> tuple[date, date]:
    """Next calendar month."""
    first = today.replace(day=1) + relativedelta(months=1)
    return first, first + relativedelta(months=1) - timedelta(days=1)


@dataclass(frozen=True)
class Turn:
    starts: datetime
    ends: datetime
    person: User


def interpreter_rotation(session: Session, people: list[User], *, every=timedelta(minutes=30)):
    """Two interpreters of one language take turns of about 30 minutes, as the practice is."""
    if len(people) < 2:
        return []
    turns, moment, index = [], session.starts_at, 0
    while moment < session.ends_at:
        until = min(moment + every, session.ends_at)
        turns.append(Turn(moment, until, people[index % len(people)]))
        moment, index = until, index + 1
    return turns
