"""The staffing problem and its answer, as plain data: no Django, so that the solver, the
independent checker, the property tests and the benchmark all share one description.

Times are timezone-aware. Availability windows, blackout days, certification dates and
months are in the city's time zone (`Instance.time_zone`): a facilitator who says "Tuesdays
18:00-21:00" means the city's clock.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LEAD = "lead"
CO_FACILITATOR = "co_facilitator"

# The soft goals a team can meet; their weights are in `Weights`.
GOAL_MENTORING = "mentoring"  # a newer facilitator with an experienced one
GOAL_DIVERSITY = "diversity"  # consented self-described identities differ
GOAL_NEIGHBORHOOD = "neighborhood"  # someone on the team knows the neighborhood
GOAL_SHARED_LANGUAGE = "shared_language"  # every member speaks the primary language
GOAL_STABILITY = "stability"  # the team keeps people already assigned
TEAM_GOALS = (
    GOAL_MENTORING,
    GOAL_DIVERSITY,
    GOAL_NEIGHBORHOOD,
    GOAL_SHARED_LANGUAGE,
    GOAL_STABILITY,
)


@dataclass(frozen=True)
class Weights:
    """How much each soft goal counts; 0 switches a goal off. Staffing a dialogue always
    counts for more than every soft goal together."""

    mentoring: int = 30
    diversity: int = 20
    neighborhood: int = 15
    shared_language: int = 25
    stability: int = 50
    # Balanced load: per session of the busiest facilitator's load, and per session of the
    # difference between the busiest and the least busy facilitator who could work.
    max_load: int = 10
    load_spread: int = 5

    def for_goal(self, goal: str) -> int:
        return getattr(self, goal)


@dataclass(frozen=True)
class Policy:
    weights: Weights = field(default_factory=Weights)
    # Between sessions at two different venues; online sessions need no travel.
    travel_buffer: timedelta = timedelta(minutes=30)
    # Sessions facilitated before someone counts as experienced rather than newer.
    experienced_after: int = 10
    # Groups of this many seats or more get three facilitators instead of two.
    large_group: int = 20
    # Sessions longer than this need two interpreters per language, who rotate.
    long_session: timedelta = timedelta(minutes=90)
    time_limit_seconds: float = 20.0
    workers: int = 2


@dataclass(frozen=True)
class Window:
    """A weekly window: weekday 0 is Monday. A session must fit inside one window."""

    weekday: int
    starts: time
    ends: time


@dataclass(frozen=True)
class Blackout:
    """Days someone cannot work, both ends included."""

    first_day: date
    last_day: date


@dataclass(frozen=True)
class Busy:
    """A commitment outside the sessions being solved (another published assignment)."""

    starts: datetime
    ends: datetime
    venue_id: int | None


@dataclass(frozen=True)
class Facilitator:
    id: int
    name: str
    facilitates: frozenset[str]  # language codes they can facilitate in
    converses: frozenset[str]  # language codes they speak conversationally
    neighborhoods: frozenset[int]
    identity: frozenset[str] | None  # None unless they consented to its use for pairing
    experience: int  # sessions facilitated so far
    monthly_max: int  # sessions per calendar month
    # Certified on day d when certified_from <= d and (certified_until is None or d < until).
    certified_from: date | None
    certified_until: date | None
    # Eligible to lead on day d likewise; lead_from None: not eligible to lead.
    lead_from: date | None
    lead_until: date | None
    windows: tuple[Window, ...]
    blackouts: tuple[Blackout, ...] = ()
    busy: tuple[Busy, ...] = ()
    # Sessions per (year, month) already committed outside this instance.
    monthly_load: Mapping[tuple[int, int], int] = field(default_factory=dict)
    declined: frozenset[int] = frozenset()  # dialogue ids

    def speaks(self, language: str) -> bool:
        return language in self.facilitates or language in self.converses


@dataclass(frozen=True)
class SessionSlot:
    id: int
    starts: datetime
    ends: datetime
    venue_id: int | None  # None: online


@dataclass(frozen=True)
class DialogueNeed:
    """A dialogue to staff: one team for all of its sessions (a circle keeps its pair)."""

    id: int
    title: str
    language: str
    neighborhood_id: int
    group_size: int
    sessions: tuple[SessionSlot, ...]
    # Live assignments (facilitator id, role) before this solve: kept when possible.
    current: tuple[tuple[int, str], ...] = ()
    # Facilitators who must stay on the team (they accepted; a re-solve after a decline).
    required: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Interpreter:
    id: int
    name: str
    pairs: frozenset[frozenset[str]]  # each a pair of language codes they interpret between
    monthly_max: int
    windows: tuple[Window, ...]
    blackouts: tuple[Blackout, ...] = ()
    busy: tuple[Busy, ...] = ()
    monthly_load: Mapping[tuple[int, int], int] = field(default_factory=dict)
    declined: frozenset[int] = frozenset()  # session ids

    def interprets(self, source: str, target: str) -> bool:
        return frozenset({source, target}) in self.pairs


@dataclass(frozen=True)
class InterpretationNeed:
    """Someone registered for a session needs interpretation between source and target."""

    session: SessionSlot
    dialogue_id: int
    source: str  # the dialogue's primary language
    target: str
    current: tuple[int, ...] = ()  # interpreters assigned before this solve


@dataclass(frozen=True)
class Instance:
    dialogues: tuple[DialogueNeed, ...]
    facilitators: tuple[Facilitator, ...]
    interpreters: tuple[Interpreter, ...] = ()
    interpretation: tuple[InterpretationNeed, ...] = ()
    policy: Policy = field(default_factory=Policy)
    time_zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("America/New_York"))


@dataclass(frozen=True)
class Reason:
    """Why something could not be staffed, as a code and its facts; the web layer words it
    in the reader's language. Codes and their params:

    no_speaker              language                         no active facilitator can
                                                             facilitate in it
    no_certified_speaker    language, starts                 none of them is certified then
    no_free_speaker         language, starts                 none certified is free then
    monthly_max             month ("YYYY-MM")                those free then would go over
                                                             their monthly maximum
    no_free_lead            starts                           no one free then may lead
    too_few_free            starts, free, needed             not enough certified people free
    required_unavailable    facilitator, starts              someone who must stay cannot
    taken                   candidates                       enough could, but they are
                                                             needed elsewhere or at their
                                                             monthly maximum
    no_interpreter_pair     source, target                   no interpreter for the pair
    no_free_interpreter     source, target, starts, free,    not enough are free then
                            needed
    interpreters_taken      source, target, free, needed     free ones are needed elsewhere

    `starts` is an aware datetime; `facilitator` an id; counts are ints.
    """

    code: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Team:
    dialogue_id: int
    lead: int
    members: tuple[int, ...]  # the lead first
    goals: frozenset[str]  # the TEAM_GOALS this team meets
    score: int  # the weights of the goals met
    possible: int  # the weights of the goals that applied to this dialogue


@dataclass(frozen=True)
class FacilitationGap:
    dialogue_id: int
    reason: Reason


@dataclass(frozen=True)
class InterpreterCover:
    session_id: int
    target: str
    interpreters: tuple[int, ...]  # one, or two who rotate for a long session


@dataclass(frozen=True)
class InterpretationGap:
    session_id: int
    target: str
    needed: int
    found: int
    reason: Reason


@dataclass(frozen=True)
class Plan:
    teams: Mapping[int, Team]  # by dialogue id
    gaps: tuple[FacilitationGap, ...]
    interpretation: tuple[InterpreterCover, ...]
    interpretation_gaps: tuple[InterpretationGap, ...]
    status: str  # OPTIMAL, FEASIBLE or UNKNOWN, as CP-SAT says
    objective: float
    bound: float
    gap: float  # relative optimality gap, 0.0 when proven optimal
    seconds: float


def team_size(dialogue: DialogueNeed, policy: Policy) -> int:
    return 3 if dialogue.group_size >= policy.large_group else 2


def interpreters_needed(need: InterpretationNeed, policy: Policy) -> int:
    return 2 if need.session.ends - need.session.starts > policy.long_session else 1
