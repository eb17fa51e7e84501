"""Co-facilitator and interpreter assignment for city race-equity dialogues, with CP-SAT.

`solve` builds two CP-SAT models: one chooses a team for every dialogue it can, the other
covers interpretation needs. The pools never share a person, so the two models are
independent, and splitting them keeps the larger one smaller. `greedy_plan` is the
spreadsheet-style first-fit baseline: the benchmark compares against it, and `solve` hands it
to CP-SAT as a hint and as a floor, so the solver starts from a valid plan that staffs at
least as much.

Everything is computed on the city's clock (`Instance.time_zone`): windows, blackouts,
certification dates and months. Whatever cannot be staffed is returned with the first reason
that explains it, so a coordinator knows what to change (recruit, certify, ask someone to
open a window) rather than only that something is missing.

Preconditions: every dialogue has at least one session; session ids, dialogue ids and
(session, target) interpretation needs are unique.
"""

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from time import perf_counter
from zoneinfo import ZoneInfo

from ortools.sat.python import cp_model

from facilitators.staffing import (
    GOAL_DIVERSITY,
    GOAL_MENTORING,
    GOAL_NEIGHBORHOOD,
    GOAL_SHARED_LANGUAGE,
    GOAL_STABILITY,
    LEAD,
    Blackout,
    Busy,
    DialogueNeed,
    FacilitationGap,
    Facilitator,
    Instance,
    InterpretationGap,
    InterpretationNeed,
    Interpreter,
    InterpreterCover,
    Plan,
    Reason,
    SessionSlot,
    Team,
    Window,
    interpreters_needed,
    team_size,
)

OPTIMAL = "OPTIMAL"
FEASIBLE = "FEASIBLE"
UNKNOWN = "UNKNOWN"

# Interpreter models are small next to the team model; they get at most this share of the
# time that is left, and usually finish long before it.
_INTERPRETER_TIME_SHARE = 0.25


@dataclass(frozen=True)
class _Slot:
    """A session on the city's clock, where windows, blackouts, certifications and months
    are defined."""

    session: SessionSlot
    day: date
    weekday: int
    starts: time
    ends: time
    same_day: bool
    month: tuple[int, int]


def _slot(session: SessionSlot, zone: ZoneInfo) -> _Slot:
    starts = session.starts.astimezone(zone)
    ends = session.ends.astimezone(zone)
    return _Slot(
        session=session,
        day=starts.date(),
        weekday=starts.weekday(),
        starts=starts.time(),
        ends=ends.time(),
        same_day=ends.date() == starts.date(),
        month=(starts.year, starts.month),
    )


def _conflict(
    a: tuple[datetime, datetime, int | None],
    b: tuple[datetime, datetime, int | None],
    buffer: timedelta,
) -> bool:
    """Whether one person can't do both (starts, ends, venue) intervals: they overlap, or
    they are at two different venues with less than the travel buffer between them."""
    a_starts, a_ends, a_venue = a
    b_starts, b_ends, b_venue = b
    if a_starts < b_ends and b_starts < a_ends:
        return True
    if a_venue is None or b_venue is None or a_venue == b_venue:
        return False
    between = b_starts - a_ends if a_ends <= b_starts else a_starts - b_ends
    return between < buffer


def _interval(session: SessionSlot) -> tuple[datetime, datetime, int | None]:
    return session.starts, session.ends, session.venue_id


def _available(
    windows: Sequence[Window],
    blackouts: Sequence[Blackout],
    busy: Sequence[Busy],
    slot: _Slot,
    buffer: timedelta,
) -> bool:
    """Windows, blackouts and outside commitments; the same rules for both pools."""
    if not slot.same_day:
        return False
    if not any(
        window.weekday == slot.weekday and window.starts <= slot.starts and slot.ends <= window.ends
        for window in windows
    ):
        return False
    if any(blackout.first_day <= slot.day <= blackout.last_day for blackout in blackouts):
        return False
    interval = _interval(slot.session)
    return not any(
        _conflict(interval, (other.starts, other.ends, other.venue_id), buffer) for other in busy
    )


def _certified(facilitator: Facilitator, day: date) -> bool:
    return _within(facilitator.certified_from, facilitator.certified_until, day)


def _may_lead(facilitator: Facilitator, day: date) -> bool:
    return _within(facilitator.lead_from, facilitator.lead_until, day)


def _within(first: date | None, until: date | None, day: date) -> bool:
    return first is not None and first <= day and (until is None or day < until)


def _self_conflict(slots: Sequence[_Slot], buffer: timedelta) -> int | None:
    """The index of the first session that clashes with an earlier one of the same dialogue:
    no team could work both, so nobody is a candidate."""
    for later in range(1, len(slots)):
        for earlier in range(later):
            interval = _interval(slots[later].session)
            if _conflict(_interval(slots[earlier].session), interval, buffer):
                return later
    return None


class _Facts:
    """What the instance allows before anyone is assigned: each dialogue's sessions on the
    city's clock, who could work all of them, and who could cover each interpretation need.
    The greedy plan, both models and the gap diagnosis all read these, so they agree on
    who is eligible."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.policy = instance.policy
        buffer = self.policy.travel_buffer
        zone = instance.time_zone
        self.facilitators = {f.id: f for f in instance.facilitators}
        self.interpreters = {i.id: i for i in instance.interpreters}
        self.dialogues = {d.id: d for d in instance.dialogues}
        self.slots: dict[int, list[_Slot]] = {}
        self.months: dict[int, Counter[tuple[int, int]]] = {}
        self.self_conflict: dict[int, int | None] = {}
        for dialogue in instance.dialogues:
            slots = sorted(
                (_slot(s, zone) for s in dialogue.sessions),
                key=lambda slot: (slot.session.starts, slot.session.id),
            )
            self.slots[dialogue.id] = slots
            self.months[dialogue.id] = Counter(slot.month for slot in slots)
            self.self_conflict[dialogue.id] = _self_conflict(slots, buffer)

        people = sorted(instance.facilitators, key=lambda f: f.id)
        self.candidates: dict[int, tuple[int, ...]] = {}
        self.leads: dict[int, frozenset[int]] = {}
        self.facilitating: dict[int, frozenset[int]] = {}
        for dialogue in instance.dialogues:
            slots = self.slots[dialogue.id]
            candidates = tuple(
                f.id
                for f in people
                if self.self_conflict[dialogue.id] is None
                and all(self.free(f, dialogue, slot) for slot in slots)
            )
            self.candidates[dialogue.id] = candidates
            self.leads[dialogue.id] = frozenset(
                f
                for f in candidates
                if all(_may_lead(self.facilitators[f], slot.day) for slot in slots)
            )
            self.facilitating[dialogue.id] = frozenset(
                f for f in candidates if dialogue.language in self.facilitators[f].facilitates
            )

        # Dialogues that some valid team could staff if nobody else needed anyone; the rest
        # get no variables and go straight to the gap diagnosis.
        self.staffable = [
            d
            for d in instance.dialogues
            if _first_fit_team(self, d, lambda _facilitator: True) is not None
        ]
        self.workers = frozenset(f for d in self.staffable for f in self.candidates[d.id])

        self.needs = instance.interpretation
        self.need_slots = [_slot(need.session, zone) for need in self.needs]
        interpreters = sorted(instance.interpreters, key=lambda i: i.id)
        self.need_candidates: list[tuple[int, ...]] = [
            tuple(
                i.id
                for i in interpreters
                if i.interprets(need.source, need.target) and self.interpreter_free(i, need, slot)
            )
            for need, slot in zip(self.needs, self.need_slots, strict=True)
        ]
        self._applicable: dict[int, dict[str, int]] = {}

    def free(self, facilitator: Facilitator, dialogue: DialogueNeed, slot: _Slot) -> bool:
        """Whether `facilitator` could work this session of `dialogue` if nothing else in this
        instance were assigned: certified that day, available, not declined, and the month
        still has room for the dialogue's sessions in it."""
        return self.available(facilitator, dialogue, slot) and self.month_has_room(
            facilitator, dialogue, slot
        )

    def available(self, facilitator: Facilitator, dialogue: DialogueNeed, slot: _Slot) -> bool:
        """`free`, before counting the month's sessions."""
        return (
            dialogue.id not in facilitator.declined
            and _certified(facilitator, slot.day)
            and _available(
                facilitator.windows,
                facilitator.blackouts,
                facilitator.busy,
                slot,
                self.policy.travel_buffer,
            )
        )

    def month_has_room(self, facilitator: Facilitator, dialogue: DialogueNeed, slot: _Slot) -> bool:
        return (
            facilitator.monthly_load.get(slot.month, 0) + self.months[dialogue.id][slot.month]
            <= facilitator.monthly_max
        )

    def interpreter_free(
        self, interpreter: Interpreter, need: InterpretationNeed, slot: _Slot
    ) -> bool:
        """Like `free`, for one interpretation need; each need counts once in its month."""
        return (
            need.session.id not in interpreter.declined
            and _available(
                interpreter.windows,
                interpreter.blackouts,
                interpreter.busy,
                slot,
                self.policy.travel_buffer,
            )
            and interpreter.monthly_load.get(slot.month, 0) + 1 <= interpreter.monthly_max
        )

    def applicable(self, dialogue: DialogueNeed) -> dict[str, int]:
        """The weight each soft goal could add for this dialogue, given its candidates alone.

        A goal applies when its weight is positive and the candidates could meet it:
        mentoring needs an experienced and a newer candidate; diversity two candidates with
        different consented identities; neighborhood a candidate who knows it; shared language
        enough candidates who speak it for a whole team, one of them facilitating in it.
        Stability counts once per current member who is still a candidate, up to the team
        size, so `Team.possible` grows with the people there are to keep.
        """
        if dialogue.id in self._applicable:
            return self._applicable[dialogue.id]
        weights = self.policy.weights
        people = [self.facilitators[f] for f in self.candidates[dialogue.id]]
        experienced = self.policy.experienced_after
        size = team_size(dialogue, self.policy)
        reachable = {
            GOAL_MENTORING: weights.mentoring
            * (
                any(f.experience >= experienced for f in people)
                and any(f.experience < experienced for f in people)
            ),
            GOAL_DIVERSITY: weights.diversity
            * (len({f.identity for f in people if f.identity is not None}) >= 2),
            GOAL_NEIGHBORHOOD: weights.neighborhood
            * any(dialogue.neighborhood_id in f.neighborhoods for f in people),
            GOAL_SHARED_LANGUAGE: weights.shared_language
            * (
                sum(f.speaks(dialogue.language) for f in people) >= size
                and bool(self.facilitating[dialogue.id])
            ),
            GOAL_STABILITY: weights.stability
            * min(size, len(_current_members(dialogue) & set(self.candidates[dialogue.id]))),
        }
        self._applicable[dialogue.id] = {g: w for g, w in reachable.items() if w > 0}
        return self._applicable[dialogue.id]

    def goals_met(self, dialogue: DialogueNeed, members: Iterable[int]) -> dict[str, int]:
        """The weight each soft goal earns for this team, for goals that apply. No team (the
        greedy plan's hint for a dialogue it left out) meets none."""
        people = [self.facilitators[f] for f in members]
        if not people:
            return {}
        experienced = self.policy.experienced_after
        identities = {f.identity for f in people if f.identity is not None}
        met = {
            GOAL_MENTORING: any(f.experience >= experienced for f in people)
            and any(f.experience < experienced for f in people),
            GOAL_DIVERSITY: len(identities) >= 2,
            GOAL_NEIGHBORHOOD: any(dialogue.neighborhood_id in f.neighborhoods for f in people),
            GOAL_SHARED_LANGUAGE: all(f.speaks(dialogue.language) for f in people),
        }
        earned = {
            goal: weight
            for goal, weight in self.applicable(dialogue).items()
            if goal != GOAL_STABILITY and met[goal]
        }
        if GOAL_STABILITY in self.applicable(dialogue):
            kept = len(_current_members(dialogue) & {f.id for f in people})
            if kept:
                earned[GOAL_STABILITY] = self.policy.weights.stability * kept
        return earned


def _current_members(dialogue: DialogueNeed) -> set[int]:
    return {facilitator for facilitator, _role in dialogue.current}


class _Ledger:
    """Who is already committed to what, so that a first-fit choice respects earlier ones."""

    def __init__(self, buffer: timedelta) -> None:
        self.buffer = buffer
        self.intervals: dict[int, list[tuple[datetime, datetime, int | None]]] = defaultdict(list)
        self.months: dict[int, Counter[tuple[int, int]]] = defaultdict(Counter)

    def fits(self, person: Facilitator | Interpreter, slots: Sequence[_Slot]) -> bool:
        taken = self.intervals[person.id]
        for slot in slots:
            interval = _interval(slot.session)
            if any(_conflict(interval, other, self.buffer) for other in taken):
                return False
        used = self.months[person.id]
        return all(
            person.monthly_load.get(month, 0) + used[month] + count <= person.monthly_max
            for month, count in Counter(slot.month for slot in slots).items()
        )

    def add(self, person: Facilitator | Interpreter, slots: Sequence[_Slot]) -> None:
        self.intervals[person.id].extend(_interval(slot.session) for slot in slots)
        self.months[person.id].update(slot.month for slot in slots)


def _first_fit_team(
    facts: _Facts, dialogue: DialogueNeed, usable: Callable[[int], bool]
) -> tuple[int, ...] | None:
    """The first valid team in id order among the candidates for which `usable` holds, or
    None when there is none.

    Picks a speaker of the language first while one is missing, then someone who may lead,
    and when a single place is left for both, someone who is both; so it finds a team
    whenever one exists among the usable candidates.
    """
    size = team_size(dialogue, facts.policy)
    candidates = facts.candidates[dialogue.id]
    required = sorted(dialogue.required)
    if len(required) > size or not all(r in candidates and usable(r) for r in required):
        return None
    speakers = facts.facilitating[dialogue.id]
    leads = facts.leads[dialogue.id]
    members = list(required)
    while len(members) < size:
        must_speak = not any(m in speakers for m in members)
        must_lead = not any(m in leads for m in members) and (
            not must_speak or len(members) == size - 1
        )
        pick = next(
            (
                f
                for f in candidates
                if f not in members
                and (f in speakers or not must_speak)
                and (f in leads or not must_lead)
                and usable(f)
            ),
            None,
        )
        if pick is None:
            return None
        members.append(pick)
    if not any(m in speakers for m in members) or not any(m in leads for m in members):
        return None
    return _lead_first(facts, dialogue, members)


def _lead_first(facts: _Facts, dialogue: DialogueNeed, members: Iterable[int]) -> tuple[int, ...]:
    """Orders a valid team with its lead first: the current lead if still on the team and
    eligible, otherwise the most experienced member who may lead."""
    members = set(members)
    leads = facts.leads[dialogue.id] & members
    current = [f for f, role in dialogue.current if role == LEAD and f in leads]
    lead = (
        current[0] if current else max(leads, key=lambda f: (facts.facilitators[f].experience, -f))
    )
    return (lead, *sorted(members - {lead}))


def _greedy_teams(facts: _Facts) -> dict[int, tuple[int, ...]]:
    """First fit, as a spreadsheet process does it: dialogues in order of first session,
    each taking the first free facilitators by id."""
    ledger = _Ledger(facts.policy.travel_buffer)
    teams: dict[int, tuple[int, ...]] = {}
    order = sorted(
        facts.instance.dialogues, key=lambda d: (facts.slots[d.id][0].session.starts, d.id)
    )
    for dialogue in order:
        slots = facts.slots[dialogue.id]
        known: dict[int, bool] = {}

        def usable(f: int, slots: list[_Slot] = slots, known: dict[int, bool] = known) -> bool:
            if f not in known:
                known[f] = ledger.fits(facts.facilitators[f], slots)
            return known[f]

        team = _first_fit_team(facts, dialogue, usable)
        if team is not None:
            teams[dialogue.id] = team
            for f in team:
                ledger.add(facts.facilitators[f], slots)
    return teams


def _greedy_covers(facts: _Facts) -> dict[int, tuple[int, ...]]:
    """First fit for interpretation, by need index: needs in session order, each taking the
    first free interpreters by id, even if fewer than it needs."""
    ledger = _Ledger(facts.policy.travel_buffer)
    covers: dict[int, tuple[int, ...]] = {}
    order = sorted(
        range(len(facts.needs)),
        key=lambda k: (
            facts.needs[k].session.starts,
            facts.needs[k].session.id,
            facts.needs[k].target,
        ),
    )
    for k in order:
        needed = interpreters_needed(facts.needs[k], facts.policy)
        slots = [facts.need_slots[k]]
        chosen: list[int] = []
        for i in facts.need_candidates[k]:
            if len(chosen) == needed:
                break
            if ledger.fits(facts.interpreters[i], slots):
                ledger.add(facts.interpreters[i], slots)
                chosen.append(i)
        if chosen:
            covers[k] = tuple(chosen)
    return covers


def _staffing_weight(facts: _Facts) -> int:
    """What staffing one dialogue is worth: more than every soft goal and load term of the
    whole instance together, so no number of nicer teams outweighs one more staffed
    dialogue."""
    weights = facts.policy.weights
    soft = sum(sum(facts.applicable(d).values()) for d in facts.staffable)
    sessions = sum(len(d.sessions) for d in facts.instance.dialogues)
    return 1 + soft + (weights.max_load + weights.load_spread) * sessions


def _teams_objective(facts: _Facts, teams: Mapping[int, tuple[int, ...]]) -> int:
    """The team model's objective for a given set of teams, for plans CP-SAT didn't make."""
    weights = facts.policy.weights
    value = _staffing_weight(facts) * len(teams)
    loads: Counter[int] = Counter()
    for dialogue_id, members in teams.items():
        dialogue = facts.dialogues[dialogue_id]
        value += sum(facts.goals_met(dialogue, members).values())
        for f in members:
            loads[f] += len(dialogue.sessions)
    if facts.workers:
        busiest = max(loads[f] for f in facts.workers)
        idlest = min(loads[f] for f in facts.workers)
        value -= weights.max_load * busiest + weights.load_spread * (busiest - idlest)
    return value


def _teams_ceiling(facts: _Facts) -> int:
    """An upper bound on the team objective that needs no search: every dialogue that some
    team could staff, with every goal that applies to it, and no load penalty."""
    soft = sum(sum(facts.applicable(d).values()) for d in facts.staffable)
    return _staffing_weight(facts) * len(facts.staffable) + soft


def _cover_weight(facts: _Facts) -> int:
    """What one covered interpreter place is worth: more than all stability together."""
    kept = sum(
        len(set(need.current) & set(candidates))
        for need, candidates in zip(facts.needs, facts.need_candidates, strict=True)
    )
    return 1 + facts.policy.weights.stability * kept


def _covers_objective(facts: _Facts, covers: Mapping[int, tuple[int, ...]]) -> int:
    weight = _cover_weight(facts)
    stability = facts.policy.weights.stability
    return sum(
        weight * len(chosen) + stability * len(set(chosen) & set(facts.needs[k].current))
        for k, chosen in covers.items()
    )


def _covers_ceiling(facts: _Facts) -> int:
    """An upper bound on the interpretation objective: every place that has a candidate
    filled, keeping every current interpreter who is one."""
    weight = _cover_weight(facts)
    stability = facts.policy.weights.stability
    value = 0
    for need, candidates in zip(facts.needs, facts.need_candidates, strict=True):
        needed = interpreters_needed(need, facts.policy)
        value += weight * min(needed, len(candidates))
        value += stability * min(needed, len(set(need.current) & set(candidates)))
    return value


def _clashes(
    items: Sequence[tuple[datetime, datetime, int | None, int]], buffer: timedelta
) -> tuple[set[tuple[int, ...]], set[tuple[int, int]]]:
    """Keys that one person can't hold together, from (starts, ends, venue, key) items.

    Overlapping intervals come as the maximal sets running at one time (in an interval graph
    every clique shares a point, so one AtMostOne per set covers every overlapping pair with
    far fewer constraints than pairs would). Pairs that don't overlap but leave less than
    the travel buffer between two venues come separately.
    """
    events = []
    for n, (starts, ends, _venue, _key) in enumerate(items):
        events.append((starts, 1, n))
        events.append((ends, 0, n))
    # Ends sort before starts at the same instant: back-to-back sessions don't overlap.
    events.sort()
    running: set[int] = set()
    grown = False
    cliques: set[tuple[int, ...]] = set()
    for _instant, starting, n in events:
        if starting:
            running.add(n)
            grown = True
            continue
        if grown:
            keys = tuple(sorted({items[m][3] for m in running}))
            if len(keys) > 1:
                cliques.add(keys)
            grown = False
        running.discard(n)

    pairs: set[tuple[int, int]] = set()
    by_start = sorted(items, key=lambda item: item[0])
    starts = [item[0] for item in by_start]
    for _starts, ends, venue, key in by_start:
        if venue is None:
            continue
        for later in by_start[bisect_left(starts, ends) : bisect_left(starts, ends + buffer)]:
            if later[2] is not None and later[2] != venue and later[3] != key:
                pairs.add((min(key, later[3]), max(key, later[3])))
    return cliques, pairs


@dataclass(frozen=True)
class _Outcome:
    status: str
    objective: float
    bound: float


def _run(model: cp_model.CpModel, deadline: float, workers: int) -> tuple[cp_model.CpSolver, str]:
    """Solves until `deadline` (a perf_counter value), so building the model counts against
    the time limit too."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.0, deadline - perf_counter())
    solver.parameters.num_workers = max(1, workers)
    status = solver.solve(model)
    if status in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
        # The greedy plan satisfies every constraint, so this is a modelling error.
        raise RuntimeError(f"CP-SAT says the staffing model is {solver.status_name(status)}")
    return solver, solver.status_name(status)


def _outcome(solver: cp_model.CpSolver, status: str, objective: float, ceiling: int) -> _Outcome:
    """The status, objective and bound of one model. CP-SAT's bound counts only if it is one,
    at least the objective (with no time to search it reports 0); the ceiling that needs no
    search is a bound too, and the lower of the two is the better."""
    # Every weight is an integer, so the objective is too; CP-SAT reports it as a float that
    # can land a hair below (1461.9999999999998 for 1462).
    objective = round(objective)
    bound = round(solver.best_objective_bound)
    return _Outcome(status, objective, min(bound, ceiling) if bound >= objective else ceiling)


class _TeamModel:
    """The team model under construction; every variable gets its greedy value as hint, so
    CP-SAT starts from a complete, valid solution."""

    def __init__(self, facts: _Facts, greedy: Mapping[int, tuple[int, ...]]) -> None:
        self.facts = facts
        self.greedy = greedy
        self.model = cp_model.CpModel()
        self.objective: list[tuple[cp_model.IntVar, int]] = []
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.staffed: dict[int, cp_model.IntVar] = {}
        self.dialogues_of: dict[int, list[DialogueNeed]] = defaultdict(list)
        staffed_weight = _staffing_weight(facts)
        for dialogue in facts.staffable:
            self.objective.append((self.add_dialogue(dialogue), staffed_weight))
        self.model.add(sum(self.staffed.values()) >= len(greedy))
        for f in sorted(facts.workers):
            self.add_commitments(facts.facilitators[f])
        self.add_load_balance()
        self.model.maximize(sum(weight * variable for variable, weight in self.objective))

    def boolean(self, hint: bool) -> cp_model.IntVar:
        variable = self.model.new_bool_var("")
        self.model.add_hint(variable, hint)
        return variable

    def add_dialogue(self, dialogue: DialogueNeed) -> cp_model.IntVar:
        """One variable per candidate, the team rules, and the soft goals; returns the
        variable that says the dialogue is staffed."""
        facts, model = self.facts, self.model
        team = set(self.greedy.get(dialogue.id, ()))
        chosen = {f: self.boolean(f in team) for f in facts.candidates[dialogue.id]}
        for f, variable in chosen.items():
            self.x[f, dialogue.id] = variable
            self.dialogues_of[f].append(dialogue)
        y = self.boolean(bool(team))
        self.staffed[dialogue.id] = y
        size = team_size(dialogue, facts.policy)
        model.add(sum(chosen.values()) == size * y)
        model.add(sum(chosen[f] for f in facts.facilitating[dialogue.id]) >= y)
        model.add(sum(chosen[f] for f in facts.leads[dialogue.id]) >= y)
        for f in dialogue.required:
            model.add(chosen[f] == y)
        self.add_goals(dialogue, chosen, y, team)
        return y

    def add_goals(
        self,
        dialogue: DialogueNeed,
        chosen: Mapping[int, cp_model.IntVar],
        y: cp_model.IntVar,
        team: set[int],
    ) -> None:
        """Each goal variable may only be true when the team meets the goal; maximizing
        makes it true whenever it does."""
        facts, model = self.facts, self.model
        applicable = facts.applicable(dialogue)
        met = facts.goals_met(dialogue, team)
        people = {f: facts.facilitators[f] for f in chosen}
        experienced = facts.policy.experienced_after

        def anyone(group: Iterable[int]) -> cp_model.IntVar:
            group = list(group)
            indicator = self.boolean(any(f in team for f in group))
            model.add(indicator <= sum(chosen[f] for f in group))
            return indicator

        if GOAL_MENTORING in applicable:
            both = self.boolean(GOAL_MENTORING in met)
            model.add(both <= anyone(f for f, p in people.items() if p.experience >= experienced))
            model.add(both <= anyone(f for f, p in people.items() if p.experience < experienced))
            self.objective.append((both, applicable[GOAL_MENTORING]))
        if GOAL_DIVERSITY in applicable:
            groups: dict[frozenset[str], list[int]] = defaultdict(list)
            for f, person in people.items():
                if person.identity is not None:
                    groups[person.identity].append(f)
            differ = self.boolean(GOAL_DIVERSITY in met)
            model.add(2 * differ <= sum(anyone(group) for group in groups.values()))
            self.objective.append((differ, applicable[GOAL_DIVERSITY]))
        if GOAL_NEIGHBORHOOD in applicable:
            local = anyone(
                f for f, p in people.items() if dialogue.neighborhood_id in p.neighborhoods
            )
            self.objective.append((local, applicable[GOAL_NEIGHBORHOOD]))
        if GOAL_SHARED_LANGUAGE in applicable:
            shared = self.boolean(GOAL_SHARED_LANGUAGE in met)
            others = [chosen[f] for f, p in people.items() if not p.speaks(dialogue.language)]
            model.add(shared <= y)
            model.add(sum(others) <= team_size(dialogue, facts.policy) * (1 - shared))
            self.objective.append((shared, applicable[GOAL_SHARED_LANGUAGE]))
        if GOAL_STABILITY in applicable:
            for f in _current_members(dialogue) & chosen.keys():
                self.objective.append((chosen[f], facts.policy.weights.stability))

    def add_commitments(self, person: Facilitator) -> None:
        """No clashing sessions across dialogues, and the monthly maximum."""
        x = self.x
        dialogues = self.dialogues_of[person.id]
        items = [
            (slot.session.starts, slot.session.ends, slot.session.venue_id, dialogue.id)
            for dialogue in dialogues
            for slot in self.facts.slots[dialogue.id]
        ]
        cliques, pairs = _clashes(items, self.facts.policy.travel_buffer)
        for clique in cliques:
            self.model.add_at_most_one(x[person.id, d] for d in clique)
        for first, second in pairs:
            self.model.add(x[person.id, first] + x[person.id, second] <= 1)
        per_month: dict[tuple[int, int], list[tuple[cp_model.IntVar, int]]] = defaultdict(list)
        for dialogue in dialogues:
            for month, count in self.facts.months[dialogue.id].items():
                per_month[month].append((x[person.id, dialogue.id], count))
        for month, terms in per_month.items():
            room = person.monthly_max - person.monthly_load.get(month, 0)
            if sum(count for _variable, count in terms) > room:
                self.model.add(sum(count * variable for variable, count in terms) <= room)

    def add_load_balance(self) -> None:
        """The busiest and the least busy facilitator who could work, in sessions."""
        facts = self.facts
        weights = facts.policy.weights
        if not facts.workers or not (weights.max_load or weights.load_spread):
            return
        sessions = sum(len(d.sessions) for d in facts.instance.dialogues)
        hinted: Counter[int] = Counter()
        for dialogue_id, members in self.greedy.items():
            for f in members:
                hinted[f] += len(facts.dialogues[dialogue_id].sessions)
        busiest = self.model.new_int_var(0, sessions, "busiest")
        idlest = self.model.new_int_var(0, sessions, "idlest")
        self.model.add_hint(busiest, max(hinted[f] for f in facts.workers))
        self.model.add_hint(idlest, min(hinted[f] for f in facts.workers))
        for f in facts.workers:
            load = sum(len(d.sessions) * self.x[f, d.id] for d in self.dialogues_of[f])
            self.model.add(busiest >= load)
            self.model.add(idlest <= load)
        self.objective.append((busiest, -weights.max_load - weights.load_spread))
        self.objective.append((idlest, weights.load_spread))


def _solve_teams(
    facts: _Facts, greedy: Mapping[int, tuple[int, ...]], deadline: float
) -> tuple[dict[int, tuple[int, ...]], _Outcome]:
    """Only eligible (facilitator, dialogue) pairs get a variable, and the plan must staff at
    least as many dialogues as greedy did."""
    built = _TeamModel(facts, greedy)
    solver, status = _run(built.model, deadline, facts.policy.workers)
    if status not in (OPTIMAL, FEASIBLE):
        outcome = _outcome(solver, UNKNOWN, _teams_objective(facts, greedy), _teams_ceiling(facts))
        return dict(greedy), outcome
    teams = {
        dialogue.id: _lead_first(
            facts,
            dialogue,
            (f for f in facts.candidates[dialogue.id] if solver.value(built.x[f, dialogue.id])),
        )
        for dialogue in facts.staffable
        if solver.value(built.staffed[dialogue.id])
    }
    return teams, _outcome(solver, status, solver.objective_value, _teams_ceiling(facts))


def _solve_covers(
    facts: _Facts, greedy: Mapping[int, tuple[int, ...]], deadline: float
) -> tuple[dict[int, tuple[int, ...]], _Outcome]:
    """The interpretation model: one variable per eligible (interpreter, need), hinted from
    the greedy covers, covering at least as many places as greedy did."""
    model = cp_model.CpModel()
    policy = facts.policy
    weight = _cover_weight(facts)
    v: dict[tuple[int, int], cp_model.IntVar] = {}
    objective = []
    for k, need in enumerate(facts.needs):
        chosen = set(greedy.get(k, ()))
        for i in facts.need_candidates[k]:
            variable = model.new_bool_var("")
            model.add_hint(variable, i in chosen)
            v[i, k] = variable
            objective.append(weight * variable)
            if i in need.current:
                objective.append(policy.weights.stability * variable)
        model.add(
            sum(v[i, k] for i in facts.need_candidates[k]) <= interpreters_needed(need, policy)
        )
    model.add(sum(v.values()) >= sum(len(chosen) for chosen in greedy.values()))

    needs_of: dict[int, list[int]] = defaultdict(list)
    for i, k in v:
        needs_of[i].append(k)
    for i, ks in needs_of.items():
        person = facts.interpreters[i]
        items = [
            (need.session.starts, need.session.ends, need.session.venue_id, k)
            for k in ks
            for need in (facts.needs[k],)
        ]
        cliques, pairs = _clashes(items, policy.travel_buffer)
        for clique in cliques:
            model.add_at_most_one(v[i, k] for k in clique)
        for first, second in pairs:
            model.add(v[i, first] + v[i, second] <= 1)
        per_month: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        for k in ks:
            per_month[facts.need_slots[k].month].append(v[i, k])
        for month, variables in per_month.items():
            room = person.monthly_max - person.monthly_load.get(month, 0)
            if len(variables) > room:
                model.add(sum(variables) <= room)

    model.maximize(sum(objective))
    solver, status = _run(model, deadline, policy.workers)
    if status not in (OPTIMAL, FEASIBLE):
        outcome = _outcome(
            solver, UNKNOWN, _covers_objective(facts, greedy), _covers_ceiling(facts)
        )
        return dict(greedy), outcome
    covers: dict[int, tuple[int, ...]] = defaultdict(tuple)
    for (i, k), variable in sorted(v.items()):
        if solver.value(variable):
            covers[k] += (i,)
    return dict(covers), _outcome(solver, status, solver.objective_value, _covers_ceiling(facts))


def _team_reason(facts: _Facts, dialogue: DialogueNeed) -> Reason:
    """The first thing that stops this dialogue from being staffed.

    Stages go from scarcest supply to the competition for it: someone facilitating in the
    language, certified, free, able to lead, enough people free, required members, and at
    last other dialogues taking the people. Within a stage, sessions are checked in time
    order against the people who passed every earlier session, since a circle keeps one
    team for all of its sessions.
    """
    language = dialogue.language
    speakers = [f for f in facts.instance.facilitators if language in f.facilitates]
    if not speakers:
        return Reason("no_speaker", {"language": language})
    slots = facts.slots[dialogue.id]
    clash = facts.self_conflict[dialogue.id]
    size = team_size(dialogue, facts.policy)
    if clash is not None:
        # Its own sessions clash, so nobody can work all of them.
        return Reason(
            "too_few_free", {"starts": slots[clash].session.starts, "free": 0, "needed": size}
        )
    stages: list[tuple[str, Sequence[Facilitator], Callable[[Facilitator, _Slot], bool], int]] = [
        ("no_certified_speaker", speakers, lambda f, slot: _certified(f, slot.day), 1),
        ("no_free_speaker", speakers, lambda f, slot: facts.available(f, dialogue, slot), 1),
        ("monthly_max", speakers, lambda f, slot: facts.free(f, dialogue, slot), 1),
        (
            "no_free_lead",
            facts.instance.facilitators,
            lambda f, slot: facts.free(f, dialogue, slot) and _may_lead(f, slot.day),
            1,
        ),
        (
            "too_few_free",
            facts.instance.facilitators,
            lambda f, slot: facts.free(f, dialogue, slot),
            size,
        ),
    ]
    for code, people, passes, needed in stages:
        remaining = list(people)
        for slot in slots:
            remaining = [f for f in remaining if passes(f, slot)]
            if len(remaining) < needed:
                params: dict[str, object] = {"starts": slot.session.starts}
                if code in ("no_certified_speaker", "no_free_speaker"):
                    params["language"] = language
                if code == "too_few_free":
                    params.update(free=len(remaining), needed=size)
                if code == "monthly_max":
                    params = {"month": f"{slot.month[0]}-{slot.month[1]:02d}"}
                return Reason(code, params)
    for f in sorted(dialogue.required):
        if f not in facts.candidates[dialogue.id]:
            person = facts.facilitators.get(f)
            failing = next(
                (s for s in slots if person is None or not facts.free(person, dialogue, s)),
                slots[0],
            )
            return Reason(
                "required_unavailable", {"facilitator": f, "starts": failing.session.starts}
            )
    if _first_fit_team(facts, dialogue, lambda _f: True) is None:
        # The required members can all work it, but no valid team contains all of them
        # (more of them than places, or they fill it without a speaker or a lead).
        first = min(dialogue.required)
        return Reason(
            "required_unavailable", {"facilitator": first, "starts": slots[0].session.starts}
        )
    return Reason("taken", {"candidates": len(facts.candidates[dialogue.id])})


def _cover_reason(facts: _Facts, k: int) -> Reason:
    need = facts.needs[k]
    pair = {"source": need.source, "target": need.target}
    if not any(i.interprets(need.source, need.target) for i in facts.instance.interpreters):
        return Reason("no_interpreter_pair", pair)
    free = len(facts.need_candidates[k])
    needed = interpreters_needed(need, facts.policy)
    if free < needed:
        params = {**pair, "starts": need.session.starts, "free": free, "needed": needed}
        return Reason("no_free_interpreter", params)
    return Reason("interpreters_taken", {**pair, "free": free, "needed": needed})


def _plan(
    facts: _Facts,
    teams: Mapping[int, tuple[int, ...]],
    covers: Mapping[int, tuple[int, ...]],
    outcome: _Outcome,
    started: float,
) -> Plan:
    staffed = {}
    gaps = []
    for dialogue in facts.instance.dialogues:
        members = teams.get(dialogue.id)
        if members is None:
            gaps.append(FacilitationGap(dialogue.id, _team_reason(facts, dialogue)))
            continue
        earned = facts.goals_met(dialogue, members)
        staffed[dialogue.id] = Team(
            dialogue_id=dialogue.id,
            lead=members[0],
            members=members,
            goals=frozenset(earned),
            score=sum(earned.values()),
            possible=sum(facts.applicable(dialogue).values()),
        )
    interpretation = []
    interpretation_gaps = []
    for k, need in enumerate(facts.needs):
        chosen = covers.get(k, ())
        if chosen:
            interpretation.append(InterpreterCover(need.session.id, need.target, chosen))
        needed = interpreters_needed(need, facts.policy)
        if len(chosen) < needed:
            interpretation_gaps.append(
                InterpretationGap(
                    session_id=need.session.id,
                    target=need.target,
                    needed=needed,
                    found=len(chosen),
                    reason=_cover_reason(facts, k),
                )
            )
    if outcome.status == OPTIMAL:
        gap = 0.0
    else:
        gap = (outcome.bound - outcome.objective) / max(1.0, abs(outcome.objective))
    return Plan(
        teams=staffed,
        gaps=tuple(gaps),
        interpretation=tuple(interpretation),
        interpretation_gaps=tuple(interpretation_gaps),
        status=outcome.status,
        objective=outcome.objective,
        bound=outcome.bound,
        gap=gap,
        seconds=perf_counter() - started,
    )


def greedy_plan(instance: Instance) -> Plan:
    """The first-fit baseline. Its objective is what the CP-SAT models would score it; it
    proves nothing, so its status is UNKNOWN and its bound the ceiling that needs no search
    (everything staffable staffed, every goal met, every coverable place filled)."""
    started = perf_counter()
    facts = _Facts(instance)
    teams = _greedy_teams(facts)
    covers = _greedy_covers(facts)
    objective = _teams_objective(facts, teams) + _covers_objective(facts, covers)
    ceiling = _teams_ceiling(facts) + _covers_ceiling(facts)
    return _plan(facts, teams, covers, _Outcome(UNKNOWN, objective, ceiling), started)


def solve(instance: Instance) -> Plan:
    """The best plan CP-SAT finds within `policy.time_limit_seconds` (model building
    included), using `policy.workers` search workers.

    Staffing a dialogue outweighs every soft goal; then the goals in `Weights` and a
    balanced load count. A team's `possible` is the weight of the goals its dialogue's
    candidates could meet (see `_Facts.applicable`). When CP-SAT finds no solution in time,
    the plan is the greedy one with status UNKNOWN: still valid, and still nothing left out
    without a reason.
    """
    started = perf_counter()
    policy = instance.policy
    deadline = started + policy.time_limit_seconds
    facts = _Facts(instance)
    greedy_teams = _greedy_teams(facts)
    greedy_covers = _greedy_covers(facts)
    now = perf_counter()
    covers, cover_outcome = _solve_covers(
        facts, greedy_covers, now + (deadline - now) * _INTERPRETER_TIME_SHARE
    )
    teams, team_outcome = _solve_teams(facts, greedy_teams, deadline)
    statuses = {cover_outcome.status, team_outcome.status}
    status = next(s for s in (UNKNOWN, FEASIBLE, OPTIMAL) if s in statuses)
    outcome = _Outcome(
        status,
        cover_outcome.objective + team_outcome.objective,
        cover_outcome.bound + team_outcome.bound,
    )
    return _plan(facts, teams, covers, outcome, started)
