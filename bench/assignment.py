"""Co-facilitator assignment: CP-SAT against the first-fit plan a spreadsheet process makes.

Generates a city's season of dialogues (150, 600 and 2,000 sessions with 60, 250 and 800
facilitators), deterministic from a seed, and solves each with `facilitators.solver.solve`.
The baseline, measured in the same run on the same instance, is `greedy_plan`; the ratios
show what the solver adds. Both plans go through the independent checker. Pure Python, no
Django settings or database: run it with `make bench` or `.venv/bin/python bench/assignment.py`.
"""

import random
import statistics
import sys
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from facilitators.plan_check import plan_violations
from facilitators.solver import greedy_plan, solve
from facilitators.staffing import (
    Blackout,
    Busy,
    DialogueNeed,
    Facilitator,
    Instance,
    InterpretationNeed,
    Interpreter,
    Plan,
    Policy,
    SessionSlot,
    Window,
    interpreters_needed,
)

SEED = 20250301
ZONE = ZoneInfo("America/New_York")
# A Monday; eight weeks cross the switch to daylight saving time and two month ends.
FIRST_DAY = date(2025, 3, 3)
WEEKS = 8
# (sessions, facilitators, CP-SAT time limit in seconds)
SIZES = ((150, 60, 30.0), (600, 250, 30.0), (2000, 800, 90.0))
# Shares of dialogues by language in a city like Boston: English most, then Spanish,
# Haitian Creole, Chinese, Vietnamese, Brazilian Portuguese.
DIALOGUE_LANGUAGES = {"en": 55, "es": 20, "ht": 8, "zh-hans": 7, "vi": 5, "pt-br": 5}
SECOND_LANGUAGES = {None: 43, "es": 30, "ht": 8, "zh-hans": 7, "vi": 6, "pt-br": 6}
IDENTITIES = [
    frozenset(names)
    for names in (
        {"Black"},
        {"Latina"},
        {"Latino"},
        {"white"},
        {"Asian American"},
        {"Haitian American"},
        {"Black", "Latina"},
        {"Vietnamese American", "queer"},
    )
]
NEIGHBORHOODS = 20
EVENING_STARTS = (time(18, 0), time(18, 30))
WINDOW_OPENS = (time(17, 30), time(18, 0))
Choice = TypeVar("Choice")


def pick(rng: random.Random, shares: dict[Choice, int]) -> Choice:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=ZONE)


def dialogue_times(rng: random.Random, circle: bool) -> tuple[int, time, timedelta]:
    """Weekday, start and length of a dialogue's sessions. A drop-in is one two-hour session
    on a weekday evening or a Saturday; a circle meets weekly on a weekday evening or a
    weekend afternoon, for 90 minutes or two hours."""
    if rng.random() < 0.7:
        weekday, starts = rng.randrange(4), rng.choice(EVENING_STARTS)
    elif circle:
        weekday, starts = rng.choice((5, 6)), rng.choice((time(13, 0), time(14, 0)))
    else:
        weekday, starts = 5, rng.choice((time(10, 0), time(13, 0)))
    if circle:
        return weekday, starts, rng.choice((timedelta(minutes=90), timedelta(hours=2)))
    return weekday, starts, timedelta(hours=2)


def make_venues(rng: random.Random) -> dict[int, list[int]]:
    """One to three venues (libraries, community centers) per neighborhood."""
    return {n: [n * 10 + k for k in range(rng.randint(1, 3))] for n in range(NEIGHBORHOODS)}


def make_dialogues(
    rng: random.Random, sessions: int, venues: dict[int, list[int]]
) -> list[DialogueNeed]:
    dialogues: list[DialogueNeed] = []
    session_id = 0
    while session_id < sessions:
        circle = rng.random() < 0.45
        count = min(rng.randint(4, 6) if circle else 1, sessions - session_id)
        weekday, starts, length = dialogue_times(rng, circle)
        first_week = rng.randrange(WEEKS - count + 1)
        first = FIRST_DAY + timedelta(days=7 * first_week + weekday)
        neighborhood = rng.randrange(NEIGHBORHOODS)
        venue = None if rng.random() < 0.3 else rng.choice(venues[neighborhood])
        slots = []
        for week in range(count):
            session_id += 1
            begins = at(first + timedelta(days=7 * week), starts)
            slots.append(SessionSlot(session_id, begins, begins + length, venue))
        large = rng.random() < 0.2
        dialogues.append(
            DialogueNeed(
                id=len(dialogues) + 1,
                title=f"{'Circle' if circle else 'Dialogue'} {len(dialogues) + 1}",
                language=pick(rng, DIALOGUE_LANGUAGES),
                neighborhood_id=neighborhood,
                group_size=rng.randint(20, 30) if large else rng.randint(8, 19),
                sessions=tuple(slots),
            )
        )
    return dialogues


def make_windows(rng: random.Random, count: int) -> tuple[Window, ...]:
    windows = set()
    while len(windows) < count:
        kind = rng.random()
        if kind < 0.65:
            windows.add(Window(rng.randrange(5), rng.choice(WINDOW_OPENS), time(21, 30)))
        elif kind < 0.9:
            windows.add(Window(rng.choice((5, 6)), time(9, 0), time(18, 0)))
        else:
            windows.add(Window(rng.randrange(5), time(9, 0), time(17, 0)))
    return tuple(sorted(windows, key=lambda w: (w.weekday, w.starts)))


def make_blackouts(rng: random.Random, share: float) -> tuple[Blackout, ...]:
    if rng.random() >= share:
        return ()
    first = FIRST_DAY + timedelta(days=rng.randrange(WEEKS * 7))
    return (Blackout(first, first + timedelta(days=rng.randint(0, 9))),)


def make_busy(rng: random.Random, venues: list[int]) -> tuple[Busy, ...]:
    """Evenings already taken by published assignments elsewhere."""
    if rng.random() >= 0.15:
        return ()
    busy = []
    for _ in range(rng.randint(1, 2)):
        begins = at(FIRST_DAY + timedelta(days=rng.randrange(WEEKS * 7)), time(18, 0))
        busy.append(Busy(begins, begins + timedelta(hours=2), rng.choice(venues)))
    return tuple(busy)


def make_facilitators(
    rng: random.Random, count: int, dialogues: list[DialogueNeed], venues: list[int]
) -> list[Facilitator]:
    mid_march, mid_april = date(2025, 3, 15), date(2025, 4, 15)
    people = []
    for number in range(1, count + 1):
        second = pick(rng, SECOND_LANGUAGES)
        facilitates = {"en"} if rng.random() < 0.88 or second is None else set()
        if second:
            facilitates.add(second)
        converses = set(facilitates)
        if rng.random() < 0.2:
            converses.add(pick(rng, DIALOGUE_LANGUAGES))
        if rng.random() < 0.06:
            certified_from = FIRST_DAY + timedelta(days=rng.randint(5, 30))
        else:
            certified_from = FIRST_DAY - timedelta(days=rng.randint(30, 700))
        experience = int(rng.expovariate(1 / 15))
        may_lead = rng.random() < (0.8 if experience >= 10 else 0.35)
        people.append(
            Facilitator(
                id=number,
                name=f"Facilitator {number}",
                facilitates=frozenset(facilitates),
                converses=frozenset(converses),
                neighborhoods=frozenset(rng.sample(range(NEIGHBORHOODS), rng.randint(1, 2))),
                identity=rng.choice(IDENTITIES) if rng.random() < 0.65 else None,
                experience=experience,
                monthly_max=rng.randint(3, 8),
                certified_from=certified_from,
                certified_until=rng.choice((mid_march, mid_april)) if rng.random() < 0.1 else None,
                lead_from=certified_from if may_lead else None,
                lead_until=None,
                windows=make_windows(rng, rng.randint(2, 5)),
                blackouts=make_blackouts(rng, 0.3),
                busy=make_busy(rng, venues),
                monthly_load={(2025, 3): rng.randint(1, 2)} if rng.random() < 0.25 else {},
                declined=frozenset(
                    rng.choice(dialogues).id
                    for _ in range(rng.randint(1, 2) if rng.random() < 0.1 else 0)
                ),
            )
        )
    return people


def make_interpretation(
    rng: random.Random, dialogues: list[DialogueNeed]
) -> tuple[list[Interpreter], list[InterpretationNeed]]:
    """Someone who registers for a circle needs interpretation at all of its sessions."""
    targets = [language for language in DIALOGUE_LANGUAGES if language != "en"]
    needs = []
    for dialogue in dialogues:
        if rng.random() >= 0.15:
            continue
        if dialogue.language == "en":
            options = rng.sample(targets, 1 if rng.random() < 0.8 else 2)
        else:
            options = ["en"]
        for target in options:
            needs += [
                InterpretationNeed(session, dialogue.id, dialogue.language, target)
                for session in dialogue.sessions
            ]
    interpreters = []
    for number in range(1, max(8, len(needs) // 4) + 1):
        languages = {pick(rng, {t: DIALOGUE_LANGUAGES[t] for t in targets})}
        if rng.random() < 0.2:
            languages.add(rng.choice(targets))
        interpreters.append(
            Interpreter(
                id=number,
                name=f"Interpreter {number}",
                pairs=frozenset(frozenset({"en", language}) for language in languages),
                monthly_max=rng.randint(4, 12),
                windows=make_windows(rng, rng.randint(3, 6)),
                blackouts=make_blackouts(rng, 0.2),
            )
        )
    return interpreters, needs


def make_instance(seed: int, sessions: int, facilitators: int, seconds: float) -> Instance:
    rng = random.Random(seed)
    venues = make_venues(rng)
    dialogues = make_dialogues(rng, sessions, venues)
    every_venue = [venue for ids in venues.values() for venue in ids]
    people = make_facilitators(rng, facilitators, dialogues, every_venue)
    interpreters, needs = make_interpretation(rng, dialogues)
    return Instance(
        dialogues=tuple(dialogues),
        facilitators=tuple(people),
        interpreters=tuple(interpreters),
        interpretation=tuple(needs),
        policy=replace(Policy(), time_limit_seconds=seconds, workers=2),
        time_zone=ZONE,
    )


def loads(instance: Instance, plan: Plan) -> list[int]:
    """Sessions per facilitator in this plan, for every facilitator in the instance."""
    sessions = {d.id: len(d.sessions) for d in instance.dialogues}
    counted = Counter(
        f
        for team in plan.teams.values()
        for f in team.members
        for _ in range(sessions[team.dialogue_id])
    )
    return [counted[f.id] for f in instance.facilitators]


def covered(instance: Instance, plan: Plan) -> tuple[int, int]:
    """Needs fully covered, and interpreter places filled."""
    filled = sum(len(cover.interpreters) for cover in plan.interpretation)
    return len(instance.interpretation) - len(plan.interpretation_gaps), filled


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.3f}x" if theirs else "-"


def report(instance: Instance, plan: Plan, greedy: Plan) -> None:
    dialogues = len(instance.dialogues)
    needs = len(instance.interpretation)
    places = sum(interpreters_needed(need, instance.policy) for need in instance.interpretation)
    ours_needs, ours_places = covered(instance, plan)
    greedy_needs, greedy_places = covered(instance, greedy)
    ours_load, greedy_load = loads(instance, plan), loads(instance, greedy)
    rows = [
        (
            "dialogues staffed",
            f"{len(plan.teams)}/{dialogues}",
            f"{len(greedy.teams)}/{dialogues}",
            ratio(len(plan.teams), len(greedy.teams)),
        ),
        (
            "interpretation needs covered",
            f"{ours_needs}/{needs}",
            f"{greedy_needs}/{needs}",
            ratio(ours_needs, greedy_needs),
        ),
        (
            "interpreter places filled",
            f"{ours_places}/{places}",
            f"{greedy_places}/{places}",
            ratio(ours_places, greedy_places),
        ),
        (
            "busiest facilitator, sessions",
            str(max(ours_load)),
            str(max(greedy_load)),
            ratio(max(ours_load), max(greedy_load)),
        ),
        (
            "load std dev, sessions",
            f"{statistics.pstdev(ours_load):.2f}",
            f"{statistics.pstdev(greedy_load):.2f}",
            ratio(statistics.pstdev(ours_load), statistics.pstdev(greedy_load)),
        ),
        (
            "soft-goal score",
            str(sum(t.score for t in plan.teams.values())),
            str(sum(t.score for t in greedy.teams.values())),
            ratio(
                sum(t.score for t in plan.teams.values()),
                sum(t.score for t in greedy.teams.values()),
            ),
        ),
        (
            "hard-rule violations",
            str(len(plan_violations(instance, plan))),
            str(len(plan_violations(instance, greedy))),
            "",
        ),
        ("seconds, build + solve", f"{plan.seconds:.1f}", f"{greedy.seconds:.2f}", ""),
    ]
    print(f"{'':<32} {'CP-SAT':>12} {'greedy':>12} {'vs greedy':>10}")
    for label, ours, theirs, versus in rows:
        print(f"{label:<32} {ours:>12} {theirs:>12} {versus:>10}")
    print(
        f"CP-SAT status {plan.status}, objective {plan.objective:,.0f}, "
        f"bound {plan.bound:,.0f}, gap {plan.gap:.4%}"
    )


def main() -> None:
    print(f"assignment: CP-SAT against first-fit greedy, seed {SEED}, 2 workers")
    for sessions, facilitators, seconds in SIZES:
        instance = make_instance(SEED + sessions, sessions, facilitators, seconds)
        greedy = greedy_plan(instance)
        plan = solve(instance)
        print()
        print(
            f"{sessions:,} sessions, {len(instance.dialogues):,} dialogues, "
            f"{facilitators:,} facilitators, {len(instance.interpreters)} interpreters, "
            f"{len(instance.interpretation)} interpretation needs, time limit {seconds:.0f} s"
        )
        report(instance, plan, greedy)


if __name__ == "__main__":
    main()
