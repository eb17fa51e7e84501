"""An independent check of a staffing plan against every hard rule.

Written apart from the solver on purpose: it shares only the data types and the two sizing
rules of `facilitators.staffing`, and re-derives local dates, windows, conflicts and months
with its own plain code, so that a mistake in the solver's shortcuts (eligibility filters,
cliques, month sums) shows up here instead of being repeated.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from facilitators.staffing import (
    Blackout,
    Busy,
    Facilitator,
    Instance,
    InterpretationGap,
    Interpreter,
    Plan,
    SessionSlot,
    Window,
    interpreters_needed,
    team_size,
)


class Violation(str):
    """One broken rule. It reads as an English sentence, for tests and logs; its code and
    facts (person, day, starts, ...) let the web layer say it in the reader's language."""

    code: str
    params: dict[str, object]

    def __new__(cls, text: str, code: str = "", **params: object) -> "Violation":
        violation = super().__new__(cls, text)
        violation.code = code
        violation.params = params
        return violation


def plan_violations(instance: Instance, plan: Plan) -> list[str]:
    """Every broken hard rule in `plan`, in words; an empty list means the plan is valid.

    Besides the rules for each person, it checks that nothing is left out silently: each
    dialogue has a team or a gap (not both), and each interpretation need is fully covered
    or reported as a gap with the number actually found.
    """
    problems: list[str] = []
    problems += _dialogue_coverage(instance, plan)
    problems += _teams(instance, plan)
    problems += _interpretation(instance, plan)
    return problems


def _local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def _fits_a_window(windows: Iterable[Window], session: SessionSlot, zone: ZoneInfo) -> bool:
    starts = session.starts.astimezone(zone)
    ends = session.ends.astimezone(zone)
    if starts.date() != ends.date():
        return False
    for window in windows:
        if (
            window.weekday == starts.weekday()
            and window.starts <= starts.time()
            and ends.time() <= window.ends
        ):
            return True
    return False


def _too_close(
    first: tuple[datetime, datetime, int | None],
    second: tuple[datetime, datetime, int | None],
    buffer: timedelta,
) -> str | None:
    """How two commitments clash for one person ("overlap" or "travel"), or None."""
    first_starts, first_ends, first_venue = first
    second_starts, second_ends, second_venue = second
    if first_starts < second_ends and second_starts < first_ends:
        return "overlap"
    if first_venue is None or second_venue is None or first_venue == second_venue:
        return None
    if first_ends <= second_starts:
        between = second_starts - first_ends
    else:
        between = first_starts - second_ends
    return "travel" if between < buffer else None


def _availability(
    who: str,
    person: int,
    windows: Iterable[Window],
    blackouts: Iterable[Blackout],
    busy: Iterable[Busy],
    session: SessionSlot,
    instance: Instance,
) -> list[str]:
    zone = instance.time_zone
    problems = []
    if not _fits_a_window(windows, session, zone):
        problems.append(
            Violation(
                f"{who} has no availability window for session {session.id}",
                "no_window",
                person=person,
                starts=session.starts,
            )
        )
    day = _local_day(session.starts, zone)
    for blackout in blackouts:
        if blackout.first_day <= day <= blackout.last_day:
            problems.append(
                Violation(
                    f"{who} has a blackout on {day} (session {session.id})",
                    "blackout",
                    person=person,
                    day=day,
                )
            )
    for commitment in busy:
        clash = _too_close(
            (session.starts, session.ends, session.venue_id),
            (commitment.starts, commitment.ends, commitment.venue_id),
            instance.policy.travel_buffer,
        )
        if clash:
            problems.append(
                Violation(
                    f"{who} is busy elsewhere ({clash}) during session {session.id}",
                    "busy",
                    person=person,
                    starts=session.starts,
                )
            )
    return problems


def _dialogue_coverage(instance: Instance, plan: Plan) -> list[str]:
    problems = []
    known = {dialogue.id for dialogue in instance.dialogues}
    gap_counts: dict[int, int] = defaultdict(int)
    for gap in plan.gaps:
        gap_counts[gap.dialogue_id] += 1
    for key, team in plan.teams.items():
        if key != team.dialogue_id:
            problems.append(f"the team stored under {key} is for dialogue {team.dialogue_id}")
        if key not in known:
            problems.append(f"a team for dialogue {key}, which is not in the instance")
    for dialogue_id, count in gap_counts.items():
        if dialogue_id not in known:
            problems.append(f"a gap for dialogue {dialogue_id}, which is not in the instance")
        if count > 1:
            problems.append(f"dialogue {dialogue_id} is listed as a gap {count} times")
    for dialogue in instance.dialogues:
        staffed = dialogue.id in plan.teams
        gap = gap_counts[dialogue.id] > 0
        if staffed and gap:
            problems.append(f"dialogue {dialogue.id} is both staffed and listed as a gap")
        if not staffed and not gap:
            problems.append(f"dialogue {dialogue.id} is neither staffed nor listed as a gap")
    return problems


def _certified_on(facilitator: Facilitator, day: date) -> bool:
    if facilitator.certified_from is None or day < facilitator.certified_from:
        return False
    return facilitator.certified_until is None or day < facilitator.certified_until


def _may_lead_on(facilitator: Facilitator, day: date) -> bool:
    if facilitator.lead_from is None or day < facilitator.lead_from:
        return False
    return facilitator.lead_until is None or day < facilitator.lead_until


def _teams(instance: Instance, plan: Plan) -> list[str]:
    zone = instance.time_zone
    facilitators = {f.id: f for f in instance.facilitators}
    dialogues = {d.id: d for d in instance.dialogues}
    problems = []
    # facilitator id -> the sessions they work, for the checks across dialogues
    worked: dict[int, list[SessionSlot]] = defaultdict(list)
    for dialogue_id, team in plan.teams.items():
        dialogue = dialogues.get(dialogue_id)
        if dialogue is None:
            continue
        where = f"dialogue {dialogue.id}"
        needed = team_size(dialogue, instance.policy)
        if len(team.members) != needed:
            problems.append(
                Violation(
                    f"{where}: team of {len(team.members)}, needs {needed}",
                    "team_size",
                    size=len(team.members),
                    needed=needed,
                )
            )
        seen = set()
        for member in team.members:
            if member in seen:
                problems.append(
                    Violation(
                        f"{where}: facilitator {member} is on the team twice",
                        "twice",
                        person=member,
                    )
                )
            seen.add(member)
        if not team.members or team.members[0] != team.lead:
            problems.append(f"{where}: the lead {team.lead} is not the first member")
        if team.lead not in seen:
            problems.append(f"{where}: the lead {team.lead} is not a member")
        for required in sorted(dialogue.required - seen):
            problems.append(
                Violation(
                    f"{where}: required facilitator {required} is not on the team",
                    "required_missing",
                    person=required,
                )
            )

        people = []
        for member in seen:
            person = facilitators.get(member)
            if person is None:
                problems.append(
                    Violation(
                        f"{where}: {member} is not a facilitator in the instance",
                        "not_facilitator",
                        person=member,
                    )
                )
            else:
                people.append(person)
        if not any(dialogue.language in person.facilitates for person in people):
            problems.append(
                Violation(
                    f"{where}: no member facilitates in {dialogue.language}",
                    "no_speaker_on_team",
                    language=dialogue.language,
                )
            )
        for person in sorted(people, key=lambda p: p.id):
            who = f"{where}: facilitator {person.id}"
            if dialogue.id in person.declined:
                problems.append(Violation(f"{who} declined it", "declined", person=person.id))
            for session in dialogue.sessions:
                day = _local_day(session.starts, zone)
                if not _certified_on(person, day):
                    problems.append(
                        Violation(
                            f"{who} is not certified on {day}",
                            "not_certified",
                            person=person.id,
                            day=day,
                        )
                    )
                if person.id == team.lead and not _may_lead_on(person, day):
                    problems.append(
                        Violation(
                            f"{who} may not lead on {day}",
                            "may_not_lead",
                            person=person.id,
                            day=day,
                        )
                    )
                problems += _availability(
                    who, person.id, person.windows, person.blackouts, person.busy, session, instance
                )
                worked[person.id].append(session)

    for facilitator_id in sorted(worked):
        person = facilitators[facilitator_id]
        problems += _clashes(f"facilitator {person.id}", person.id, worked[person.id], instance)
        problems += _months(
            f"facilitator {person.id}",
            person.id,
            person.monthly_max,
            person.monthly_load,
            worked[person.id],
            zone,
        )
    return problems


def _clashes(who: str, person: int, sessions: list[SessionSlot], instance: Instance) -> list[str]:
    problems = []
    for n, first in enumerate(sessions):
        for second in sessions[n + 1 :]:
            if first.id == second.id:
                problems.append(f"{who}: twice in session {first.id}")
                continue
            clash = _too_close(
                (first.starts, first.ends, first.venue_id),
                (second.starts, second.ends, second.venue_id),
                instance.policy.travel_buffer,
            )
            if clash == "overlap":
                problems.append(
                    Violation(
                        f"{who}: sessions {first.id} and {second.id} overlap",
                        "overlap",
                        person=person,
                        starts=max(first.starts, second.starts),
                    )
                )
            elif clash == "travel":
                problems.append(
                    Violation(
                        f"{who}: sessions {first.id} and {second.id} leave less than the travel "
                        f"time between venues {first.venue_id} and {second.venue_id}",
                        "travel",
                        person=person,
                        starts=max(first.starts, second.starts),
                    )
                )
    return problems


def _months(
    who: str,
    person: int,
    maximum: int,
    earlier: Mapping[tuple[int, int], int],
    sessions: list[SessionSlot],
    zone: ZoneInfo,
) -> list[str]:
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for session in sessions:
        local = session.starts.astimezone(zone)
        counts[local.year, local.month] += 1
    problems = []
    for (year, month), count in sorted(counts.items()):
        total = earlier.get((year, month), 0) + count
        if total > maximum:
            problems.append(
                Violation(
                    f"{who}: {total} sessions in {year}-{month:02d} "
                    f"(with earlier commitments), over the monthly maximum of {maximum}",
                    "monthly_max",
                    person=person,
                    total=total,
                    month=f"{year}-{month:02d}",
                    maximum=maximum,
                )
            )
    return problems


def _interpretation(instance: Instance, plan: Plan) -> list[str]:
    zone = instance.time_zone
    interpreters = {i.id: i for i in instance.interpreters}
    needs = {(need.session.id, need.target): need for need in instance.interpretation}
    problems = []
    found: dict[tuple[int, str], int] = defaultdict(int)
    # interpreter id -> the sessions they cover, once per need
    covering: dict[int, list[SessionSlot]] = defaultdict(list)
    for cover in plan.interpretation:
        key = (cover.session_id, cover.target)
        where = f"session {cover.session_id} into {cover.target}"
        need = needs.get(key)
        if need is None:
            problems.append(f"{where}: interpretation that matches no need")
            continue
        if found[key]:
            problems.append(f"{where}: covered more than once")
        found[key] += len(cover.interpreters)
        if len(set(cover.interpreters)) != len(cover.interpreters):
            problems.append(f"{where}: an interpreter is listed twice")
        if len(cover.interpreters) > interpreters_needed(need, instance.policy):
            problems.append(f"{where}: more interpreters than needed")
        for interpreter_id in sorted(set(cover.interpreters)):
            interpreter: Interpreter | None = interpreters.get(interpreter_id)
            who = f"{where}: interpreter {interpreter_id}"
            if interpreter is None:
                problems.append(f"{who} is not an interpreter in the instance")
                continue
            if frozenset({need.source, need.target}) not in interpreter.pairs:
                problems.append(f"{who} does not interpret {need.source}-{need.target}")
            if need.session.id in interpreter.declined:
                problems.append(f"{who} declined the session")
            problems += _availability(
                who,
                interpreter_id,
                interpreter.windows,
                interpreter.blackouts,
                interpreter.busy,
                need.session,
                instance,
            )
            covering[interpreter_id].append(need.session)

    gaps: dict[tuple[int, str], list[InterpretationGap]] = defaultdict(list)
    for gap in plan.interpretation_gaps:
        gaps[gap.session_id, gap.target].append(gap)
    for key, listed in gaps.items():
        where = f"session {key[0]} into {key[1]}"
        if key not in needs:
            problems.append(f"{where}: a gap for a need that is not in the instance")
        if len(listed) > 1:
            problems.append(f"{where}: listed as a gap {len(listed)} times")
    for key, need in needs.items():
        where = f"session {key[0]} into {key[1]}"
        needed = interpreters_needed(need, instance.policy)
        has = found[key]
        listed = gaps.get(key, [])
        if has >= needed and listed:
            problems.append(f"{where}: fully covered but listed as a gap")
        if has < needed and not listed:
            problems.append(f"{where}: {has} of {needed} interpreters and no gap reported")
        for gap in listed:
            if (gap.found, gap.needed) != (has, needed):
                problems.append(
                    f"{where}: the gap says {gap.found} of {gap.needed} interpreters, "
                    f"the plan has {has} of {needed}"
                )

    for interpreter_id in sorted(covering):
        interpreter = interpreters[interpreter_id]
        who = f"interpreter {interpreter_id}"
        problems += _clashes(who, interpreter_id, covering[interpreter_id], instance)
        problems += _months(
            who,
            interpreter_id,
            interpreter.monthly_max,
            interpreter.monthly_load,
            covering[interpreter_id],
            zone,
        )
    return problems
