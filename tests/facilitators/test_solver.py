"""The co-facilitator solver and its independent checker, without the database.

The checker is tested first against hand-made plans that break one rule each; it then judges
the solver and the greedy baseline on many random instances. The remaining tests pin the
reasons given for what can't be staffed, the certification boundary on the city's clock,
and how a re-solve keeps people.
"""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitators.plan_check import plan_violations
from facilitators.solver import greedy_plan, solve
from facilitators.staffing import (
    CO_FACILITATOR,
    GOAL_MENTORING,
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
    Policy,
    Reason,
    SessionSlot,
    Team,
    Window,
    team_size,
)

ZONE = ZoneInfo("America/New_York")
MONDAY = date(2025, 3, 3)
WEDNESDAY = MONDAY + timedelta(days=2)
EVENINGS = tuple(Window(weekday, time(17, 0), time(22, 0)) for weekday in range(7))
QUICK = Policy(time_limit_seconds=2.0, workers=2)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A time on the city's clock, stored in UTC as the database stores it."""
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE).astimezone(UTC)


def session(
    id: int, day: date, hour: int = 18, minutes: int = 120, venue: int | None = 1, minute: int = 0
) -> SessionSlot:
    starts = at(day, hour, minute)
    return SessionSlot(id, starts, starts + timedelta(minutes=minutes), venue)


def facilitator(id: int, **changes) -> Facilitator:
    base = Facilitator(
        id=id,
        name=f"Facilitator {id}",
        facilitates=frozenset({"en"}),
        converses=frozenset(),
        neighborhoods=frozenset({1}),
        identity=None,
        experience=20,
        monthly_max=8,
        certified_from=date(2024, 1, 1),
        certified_until=None,
        lead_from=date(2024, 1, 1),
        lead_until=None,
        windows=EVENINGS,
    )
    return replace(base, **changes)


def dialogue(id: int, *sessions: SessionSlot, **changes) -> DialogueNeed:
    base = DialogueNeed(
        id=id,
        title=f"Dialogue {id}",
        language="en",
        neighborhood_id=1,
        group_size=10,
        sessions=sessions,
    )
    return replace(base, **changes)


def interpreter(id: int, *pairs: tuple[str, str], **changes) -> Interpreter:
    base = Interpreter(
        id=id,
        name=f"Interpreter {id}",
        pairs=frozenset(frozenset(pair) for pair in pairs or [("en", "es")]),
        monthly_max=8,
        windows=EVENINGS,
    )
    return replace(base, **changes)


def team(dialogue_id: int, *members: int) -> Team:
    return Team(dialogue_id, members[0], members, frozenset(), 0, 0)


def plan(
    teams: list[Team],
    gaps: tuple[FacilitationGap, ...] = (),
    covers: tuple[InterpreterCover, ...] = (),
    interpretation_gaps: tuple[InterpretationGap, ...] = (),
) -> Plan:
    return Plan(
        teams={t.dialogue_id: t for t in teams},
        gaps=gaps,
        interpretation=covers,
        interpretation_gaps=interpretation_gaps,
        status="FEASIBLE",
        objective=0.0,
        bound=0.0,
        gap=0.0,
        seconds=0.0,
    )


def instance(
    dialogues: list[DialogueNeed],
    facilitators: list[Facilitator],
    interpreters: list[Interpreter] = (),
    needs: list[InterpretationNeed] = (),
) -> Instance:
    return Instance(
        dialogues=tuple(dialogues),
        facilitators=tuple(facilitators),
        interpreters=tuple(interpreters),
        interpretation=tuple(needs),
        policy=QUICK,
        time_zone=ZONE,
    )


# The checker, one broken rule at a time -------------------------------------------------

MONDAY_EVENING = session(1, MONDAY)
WEDNESDAY_EVENING = session(2, WEDNESDAY, venue=2)
ANYONE = "Reason does not matter to the checker"


def valid_case() -> tuple[Instance, Plan]:
    """Two evening dialogues, four facilitators, and a two-hour session interpreted into
    Spanish by two interpreters who rotate."""
    case = instance(
        [dialogue(1, MONDAY_EVENING), dialogue(2, WEDNESDAY_EVENING)],
        [facilitator(n) for n in (1, 2, 3, 4)],
        [interpreter(1), interpreter(2)],
        [InterpretationNeed(MONDAY_EVENING, 1, "en", "es")],
    )
    answer = plan(
        [team(1, 1, 2), team(2, 3, 4)],
        covers=(InterpreterCover(1, "es", (1, 2)),),
    )
    return case, answer


def with_facilitator(case: Instance, id: int, **changes) -> Instance:
    people = tuple(replace(f, **changes) if f.id == id else f for f in case.facilitators)
    return replace(case, facilitators=people)


def with_dialogue(case: Instance, id: int, **changes) -> Instance:
    dialogues = tuple(replace(d, **changes) if d.id == id else d for d in case.dialogues)
    return replace(case, dialogues=dialogues)


def assert_only(violations: list[str], *fragments: str) -> None:
    """Exactly one violation per fragment, each mentioning it."""
    assert len(violations) == len(fragments), violations
    for fragment in fragments:
        assert any(fragment in violation for violation in violations), (fragment, violations)


def test_the_valid_case_is_valid():
    case, answer = valid_case()
    assert plan_violations(case, answer) == []


def test_an_uncertified_member_is_a_violation():
    case, answer = valid_case()
    case = with_facilitator(case, 2, certified_from=None)
    assert_only(plan_violations(case, answer), "facilitator 2 is not certified on 2025-03-03")


def test_a_certification_expiring_on_the_session_day_is_a_violation():
    case, answer = valid_case()
    case = with_facilitator(case, 2, certified_until=MONDAY)
    assert_only(plan_violations(case, answer), "facilitator 2 is not certified on 2025-03-03")


def test_a_lead_who_may_not_lead_is_a_violation():
    case, answer = valid_case()
    case = with_facilitator(case, 1, lead_from=None)
    assert_only(plan_violations(case, answer), "facilitator 1 may not lead on 2025-03-03")


def test_a_team_where_nobody_facilitates_in_the_language_is_a_violation():
    case, answer = valid_case()
    case = with_dialogue(case, 1, language="es")
    assert_only(plan_violations(case, answer), "dialogue 1: no member facilitates in es")


def test_a_member_without_a_window_for_the_session_is_a_violation():
    case, answer = valid_case()
    case = with_facilitator(case, 2, windows=(Window(1, time(17, 0), time(22, 0)),))
    assert_only(plan_violations(case, answer), "facilitator 2 has no availability window")


def test_a_member_on_blackout_is_a_violation():
    case, answer = valid_case()
    blackouts = (Blackout(MONDAY - timedelta(days=1), MONDAY),)
    case = with_facilitator(case, 2, blackouts=blackouts)
    assert_only(plan_violations(case, answer), "facilitator 2 has a blackout on 2025-03-03")


def test_a_member_busy_elsewhere_is_a_violation():
    case, answer = valid_case()
    busy = (Busy(at(MONDAY, 19), at(MONDAY, 21), None),)
    case = with_facilitator(case, 2, busy=busy)
    assert_only(plan_violations(case, answer), "facilitator 2 is busy elsewhere (overlap)")


def test_overlapping_sessions_for_one_person_are_a_violation():
    case, _answer = valid_case()
    case = with_dialogue(case, 2, sessions=(session(2, MONDAY, hour=19, venue=1),))
    answer = plan([team(1, 1, 2), team(2, 3, 2)], covers=(InterpreterCover(1, "es", (1, 2)),))
    assert_only(plan_violations(case, answer), "facilitator 2: sessions 1 and 2 overlap")


@pytest.mark.parametrize(
    ("venue", "violations"),
    [
        (2, ["facilitator 2: sessions 1 and 2 leave less than the travel time"]),
        (1, []),  # back-to-back at the same venue
        (None, []),  # online: no travel
    ],
)
def test_the_travel_buffer_applies_between_different_venues_only(venue, violations):
    case, _answer = valid_case()
    # After the 18:00-20:00 session: a quarter of an hour later, or right after it.
    later = session(2, MONDAY, hour=20, minute=0 if venue == 1 else 15, minutes=90, venue=venue)
    case = with_dialogue(case, 2, sessions=(later,))
    answer = plan([team(1, 1, 2), team(2, 3, 2)], covers=(InterpreterCover(1, "es", (1, 2)),))
    assert_only(plan_violations(case, answer), *violations)


def test_the_monthly_maximum_counts_earlier_commitments():
    case, _answer = valid_case()
    answer = plan([team(1, 1, 2), team(2, 3, 2)], covers=(InterpreterCover(1, "es", (1, 2)),))
    at_maximum = with_facilitator(case, 2, monthly_max=2)
    assert plan_violations(at_maximum, answer) == []
    over = with_facilitator(case, 2, monthly_max=2, monthly_load={(2025, 3): 1})
    assert_only(
        plan_violations(over, answer),
        "facilitator 2: 3 sessions in 2025-03 (with earlier commitments), over the monthly "
        "maximum of 2",
    )


def test_a_member_who_declined_is_a_violation():
    case, answer = valid_case()
    case = with_facilitator(case, 2, declined=frozenset({1}))
    assert_only(plan_violations(case, answer), "dialogue 1: facilitator 2 declined it")


def test_a_large_group_needs_three_facilitators():
    case, answer = valid_case()
    large = with_dialogue(case, 1, group_size=QUICK.large_group)
    assert_only(plan_violations(large, answer), "dialogue 1: team of 2, needs 3")
    three = plan([team(1, 1, 2, 3), team(2, 3, 4)], covers=answer.interpretation)
    assert plan_violations(large, three) == []
    assert_only(plan_violations(case, three), "dialogue 1: team of 3, needs 2")


def test_the_same_person_twice_is_a_violation():
    case, answer = valid_case()
    twice = plan([team(1, 1, 1), team(2, 3, 4)], covers=answer.interpretation)
    assert_only(plan_violations(case, twice), "dialogue 1: facilitator 1 is on the team twice")


def test_a_missing_required_member_is_a_violation():
    case, answer = valid_case()
    case = with_dialogue(case, 1, required=frozenset({3}))
    assert_only(plan_violations(case, answer), "dialogue 1: required facilitator 3")


def test_a_dialogue_left_out_silently_is_a_violation():
    case, answer = valid_case()
    missing = plan([team(1, 1, 2)], covers=answer.interpretation)
    assert_only(plan_violations(case, missing), "dialogue 2 is neither staffed nor listed")
    reason = Reason("taken", {"candidates": 2})
    reported = replace(missing, gaps=(FacilitationGap(2, reason),))
    assert plan_violations(case, reported) == []
    both = replace(answer, gaps=(FacilitationGap(2, reason),))
    assert_only(plan_violations(case, both), "dialogue 2 is both staffed and listed as a gap")


def test_an_interpreter_without_the_pair_is_a_violation():
    case, answer = valid_case()
    interpreters = (interpreter(1), interpreter(2, ("en", "ht")))
    case = replace(case, interpreters=interpreters)
    assert_only(plan_violations(case, answer), "interpreter 2 does not interpret en-es")


def test_a_long_session_with_one_interpreter_must_be_reported_as_a_gap():
    case, answer = valid_case()
    one = replace(answer, interpretation=(InterpreterCover(1, "es", (1,)),))
    assert_only(plan_violations(case, one), "session 1 into es: 1 of 2 interpreters and no gap")
    reason = Reason("no_free_interpreter", {"source": "en", "target": "es"})
    reported = replace(one, interpretation_gaps=(InterpretationGap(1, "es", 2, 1, reason),))
    assert plan_violations(case, reported) == []
    miscounted = replace(one, interpretation_gaps=(InterpretationGap(1, "es", 2, 0, reason),))
    assert_only(plan_violations(case, miscounted), "the gap says 0 of 2 interpreters")


def test_an_interpreter_in_two_places_at_once_is_a_violation():
    case, answer = valid_case()
    overlapping = session(2, MONDAY, hour=19, venue=2)
    case = replace(
        with_dialogue(case, 2, sessions=(overlapping,)),
        interpretation=(
            *case.interpretation,
            InterpretationNeed(overlapping, 2, "en", "es"),
        ),
        interpreters=(*case.interpreters, interpreter(3)),
    )
    answer = replace(
        answer,
        interpretation=(
            InterpreterCover(1, "es", (1, 2)),
            InterpreterCover(2, "es", (2, 3)),
        ),
    )
    assert_only(plan_violations(case, answer), "interpreter 2: sessions 1 and 2 overlap")


def test_an_interpreter_covering_two_languages_in_one_session_is_a_violation():
    case, answer = valid_case()
    both = interpreter(2, ("en", "es"), ("en", "ht"))
    case = replace(
        case,
        interpreters=(interpreter(1), both, interpreter(3, ("en", "ht"))),
        interpretation=(*case.interpretation, InterpretationNeed(MONDAY_EVENING, 1, "en", "ht")),
    )
    answer = replace(
        answer,
        interpretation=(
            InterpreterCover(1, "es", (1, 2)),
            InterpreterCover(1, "ht", (2, 3)),
        ),
    )
    assert_only(plan_violations(case, answer), "interpreter 2: twice in session 1")


# Random instances: every plan must pass the checker -------------------------------------

LANGUAGES = ("en", "es", "vi")
IDENTITIES = (frozenset({"Black"}), frozenset({"Latina"}), frozenset({"white", "queer"}))
WINDOW_HOURS = (
    (time(9), time(12)),
    (time(12), time(21)),
    (time(17), time(21, 30)),
    (time(17), time(21, 30)),
    (time(9), time(21, 30)),
    (time(9), time(21, 30)),
)
DAYS = st.integers(min_value=0, max_value=34).map(lambda n: MONDAY + timedelta(days=n))
# Mostly long certified and allowed to lead, sometimes from or until a day in the season.
SINCE = st.sampled_from([date(2024, 1, 1)] * 8 + [MONDAY + timedelta(days=9), None])
UNTIL = st.sampled_from([None] * 8 + [MONDAY + timedelta(days=9), MONDAY + timedelta(days=29)])


@st.composite
def windows(draw) -> tuple[Window, ...]:
    weekdays = draw(st.frozensets(st.integers(0, 6), min_size=4))
    hours = [draw(st.sampled_from(WINDOW_HOURS)) for _weekday in weekdays]
    return tuple(
        Window(weekday, starts, ends)
        for weekday, (starts, ends) in zip(sorted(weekdays), hours, strict=True)
    )


@st.composite
def blackouts(draw) -> tuple[Blackout, ...]:
    starts = draw(st.lists(DAYS, max_size=1))
    return tuple(Blackout(day, day + timedelta(days=draw(st.integers(0, 6)))) for day in starts)


@st.composite
def busy(draw) -> tuple[Busy, ...]:
    days = draw(st.lists(DAYS, max_size=1))
    venue = draw(st.sampled_from([None, 1, 2]))
    return tuple(Busy(at(day, 18), at(day, 20), venue) for day in days)


@st.composite
def instances(draw) -> Instance:
    """3 to 12 dialogues (circles meet weekly), 4 to 15 facilitators and a few interpreters,
    over six weeks from 3 March 2025 that cross the change to daylight saving time and the
    end of a month."""
    languages = LANGUAGES[: draw(st.integers(2, 3))]

    def rarely() -> int:
        """How many of a rare thing (a required member, a decline): one a fifth of the time."""
        return int(draw(st.integers(0, 4)) == 0)

    facilitator_count = draw(st.integers(4, 15))
    people = list(range(1, facilitator_count + 1))
    dialogues = []
    session_ids = iter(range(1, 1000))
    for number in range(1, draw(st.integers(3, 12)) + 1):
        first = draw(st.integers(0, 20))
        hour, minute = draw(
            # Starts that follow others' ends closely, to test the travel buffer.
            st.sampled_from(
                [(10, 0), (11, 0), (13, 0), (18, 0), (18, 30), (19, 0), (19, 30), (20, 0), (23, 0)]
            )
        )
        minutes = draw(st.sampled_from([60, 90, 120]))
        venue = draw(st.sampled_from([None, 1, 2, 3]))
        sessions = tuple(
            session(
                next(session_ids),
                MONDAY + timedelta(days=first + 7 * week),
                hour,
                minutes,
                venue,
                minute,
            )
            for week in range(draw(st.sampled_from([1, 1, 2, 3, 4])))
        )
        current = draw(st.lists(st.sampled_from(people), max_size=2, unique=True))
        dialogues.append(
            dialogue(
                number,
                *sessions,
                language=draw(st.sampled_from(["en", "en", *languages[1:]])),
                neighborhood_id=draw(st.integers(1, 3)),
                group_size=draw(st.sampled_from([8, 12, 25])),
                current=tuple(zip(current, (LEAD, CO_FACILITATOR), strict=False)),
                required=frozenset(draw(st.sampled_from(people)) for _ in range(rarely())),
            )
        )
    dialogue_ids = [d.id for d in dialogues]
    facilitators = []
    for number in people:
        facilitates = draw(
            st.frozensets(st.sampled_from(["en", *languages]), min_size=1, max_size=2)
        )
        facilitators.append(
            facilitator(
                number,
                facilitates=facilitates,
                converses=draw(st.frozensets(st.sampled_from(languages), max_size=2)),
                neighborhoods=draw(st.frozensets(st.integers(1, 3), max_size=2)),
                identity=draw(st.none() | st.sampled_from(IDENTITIES)),
                experience=draw(st.integers(0, 30)),
                monthly_max=draw(st.integers(2, 6)),
                certified_from=draw(SINCE),
                certified_until=draw(UNTIL),
                lead_from=draw(SINCE),
                lead_until=draw(UNTIL),
                windows=draw(windows()),
                blackouts=draw(blackouts()),
                busy=draw(busy()),
                monthly_load={(2025, 3): draw(st.integers(0, 2))},
                declined=frozenset(draw(st.sampled_from(dialogue_ids)) for _ in range(rarely())),
            )
        )
    all_sessions = [(s, d) for d in dialogues for s in d.sessions]
    interpreters = [
        replace(
            interpreter(number),
            pairs=frozenset(
                frozenset(pair)
                for pair in draw(
                    st.lists(
                        st.sampled_from([("en", "es"), ("en", "vi"), ("es", "vi")]), min_size=1
                    )
                )
            ),
            monthly_max=draw(st.integers(1, 6)),
            windows=draw(windows()),
            blackouts=draw(blackouts()),
            declined=frozenset(
                draw(st.lists(st.sampled_from([s.id for s, _d in all_sessions]), max_size=2))
            ),
        )
        for number in range(1, draw(st.integers(0, 4)) + 1)
    ]
    needs = {}
    for slot, need_dialogue in draw(st.lists(st.sampled_from(all_sessions), max_size=6)):
        target = draw(st.sampled_from([t for t in LANGUAGES if t != need_dialogue.language]))
        current = tuple(
            draw(st.lists(st.sampled_from([i.id for i in interpreters] or [1]), max_size=1))
        )
        needs[slot.id, target] = InterpretationNeed(
            slot, need_dialogue.id, need_dialogue.language, target, current
        )
    return instance(dialogues, facilitators, interpreters, list(needs.values()))


def places(answer: Plan) -> int:
    return sum(len(cover.interpreters) for cover in answer.interpretation)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(instances())
def test_solver_and_greedy_plans_pass_the_checker(case):
    greedy = greedy_plan(case)
    assert plan_violations(case, greedy) == []
    answer = solve(case)
    assert plan_violations(case, answer) == []
    assert answer.status in ("OPTIMAL", "FEASIBLE")
    assert len(answer.teams) >= len(greedy.teams)
    assert places(answer) >= places(greedy)
    # The greedy plan's bound needs no search, so it must hold for CP-SAT's plan too.
    assert greedy.objective <= answer.objective <= answer.bound <= greedy.bound
    for staffed in answer.teams.values():
        assert staffed.score <= staffed.possible
    for gap in answer.gaps:
        if gap.reason.code == "taken":
            size = team_size(next(d for d in case.dialogues if d.id == gap.dialogue_id), QUICK)
            assert gap.reason.params["candidates"] >= size


# Why something can't be staffed ---------------------------------------------------------


def gap_reason(case: Instance, dialogue_id: int = 1) -> Reason:
    answer = solve(case)
    assert plan_violations(case, answer) == []
    (reason,) = [gap.reason for gap in answer.gaps if gap.dialogue_id == dialogue_id]
    return reason


VIETNAMESE = frozenset({"vi"})


def test_nobody_facilitating_in_the_language():
    case = instance(
        [dialogue(1, MONDAY_EVENING, language="vi")], [facilitator(n) for n in (1, 2, 3)]
    )
    assert gap_reason(case) == Reason("no_speaker", {"language": "vi"})


def test_speakers_whose_certification_expired():
    expired = MONDAY - timedelta(days=1)
    case = instance(
        [dialogue(1, MONDAY_EVENING, language="vi")],
        [facilitator(n) for n in (1, 2)]
        + [facilitator(n, facilitates=VIETNAMESE, certified_until=expired) for n in (3, 4)],
    )
    assert gap_reason(case) == Reason(
        "no_certified_speaker", {"language": "vi", "starts": MONDAY_EVENING.starts}
    )


def test_certified_speakers_without_a_window_on_that_weekday():
    tuesdays = (Window(1, time(17), time(22)),)
    case = instance(
        [dialogue(1, MONDAY_EVENING, language="vi")],
        [facilitator(n) for n in (1, 2)]
        + [facilitator(n, facilitates=VIETNAMESE, windows=tuesdays) for n in (3, 4)],
    )
    assert gap_reason(case) == Reason(
        "no_free_speaker", {"language": "vi", "starts": MONDAY_EVENING.starts}
    )


def test_a_circle_is_blocked_at_the_first_session_its_speaker_misses():
    circle = [session(n, MONDAY + timedelta(days=7 * (n - 1))) for n in (1, 2, 3)]
    away = (Blackout(circle[1].starts.date(), circle[1].starts.date()),)
    case = instance(
        [dialogue(1, *circle, language="vi")],
        [facilitator(n) for n in (1, 2)] + [facilitator(3, facilitates=VIETNAMESE, blackouts=away)],
    )
    assert gap_reason(case) == Reason(
        "no_free_speaker", {"language": "vi", "starts": circle[1].starts}
    )


def test_a_circle_longer_than_its_speakers_monthly_maximum():
    circle = [session(n, MONDAY + timedelta(days=7 * (n - 1))) for n in (1, 2, 3, 4)]
    case = instance(
        [dialogue(1, *circle, language="vi")],
        [facilitator(n) for n in (1, 2)] + [facilitator(3, facilitates=VIETNAMESE, monthly_max=3)],
    )
    assert gap_reason(case) == Reason("monthly_max", {"month": "2025-03"})


def test_only_people_who_may_not_lead_are_free():
    case = instance(
        [dialogue(1, MONDAY_EVENING)],
        [facilitator(n, lead_from=None) for n in (1, 2)] + [facilitator(3, windows=())],
    )
    assert gap_reason(case) == Reason("no_free_lead", {"starts": MONDAY_EVENING.starts})


def test_one_free_of_two_needed():
    case = instance(
        [dialogue(1, MONDAY_EVENING)],
        [facilitator(1), facilitator(2, certified_from=None), facilitator(3, windows=())],
    )
    assert gap_reason(case) == Reason(
        "too_few_free", {"starts": MONDAY_EVENING.starts, "free": 1, "needed": 2}
    )


def test_a_circle_needs_the_same_people_at_every_session():
    """Each session has two people free, but only one of them is free for both."""
    first, second = session(1, MONDAY), session(2, MONDAY + timedelta(days=7))
    case = instance(
        [dialogue(1, first, second)],
        [
            facilitator(1),
            facilitator(2, blackouts=(Blackout(second.starts.date(), second.starts.date()),)),
            facilitator(3, blackouts=(Blackout(first.starts.date(), first.starts.date()),)),
        ],
    )
    assert gap_reason(case) == Reason(
        "too_few_free", {"starts": second.starts, "free": 1, "needed": 2}
    )


def test_a_required_member_who_cannot_come():
    case = instance(
        [dialogue(1, MONDAY_EVENING, required=frozenset({3}))],
        [facilitator(1), facilitator(2), facilitator(3, blackouts=(Blackout(MONDAY, MONDAY),))],
    )
    assert gap_reason(case) == Reason(
        "required_unavailable", {"facilitator": 3, "starts": MONDAY_EVENING.starts}
    )


def test_two_dialogues_at_the_same_time_compete_for_the_same_two_people():
    at_the_same_time = session(2, MONDAY, venue=2)
    case = instance(
        [dialogue(1, MONDAY_EVENING), dialogue(2, at_the_same_time)],
        [facilitator(1), facilitator(2)],
    )
    answer = solve(case)
    assert plan_violations(case, answer) == []
    assert len(answer.teams) == 1
    (gap,) = answer.gaps
    assert gap.reason == Reason("taken", {"candidates": 2})


@pytest.mark.parametrize(("venue", "staffed"), [(2, 1), (1, 2), (None, 2)])
def test_back_to_back_dialogues_share_people_only_without_travel(venue, staffed):
    """Three people for two teams of two: one of them must work both, which is fine at the
    same venue or online, and not with a venue change and no time to travel."""
    first = session(1, MONDAY, minutes=90, venue=1)
    then = session(2, MONDAY, hour=19, minute=30, minutes=90, venue=venue)
    case = instance([dialogue(1, first), dialogue(2, then)], [facilitator(n) for n in (1, 2, 3)])
    answer = solve(case)
    assert plan_violations(case, answer) == []
    assert len(answer.teams) == staffed


def interpretation_gap(case: Instance) -> InterpretationGap:
    answer = solve(case)
    assert plan_violations(case, answer) == []
    (gap,) = answer.interpretation_gaps
    return gap


def test_no_interpreter_for_the_pair():
    case = instance(
        [dialogue(1, MONDAY_EVENING)],
        [facilitator(1), facilitator(2)],
        [interpreter(1, ("en", "es"))],
        [InterpretationNeed(MONDAY_EVENING, 1, "en", "vi")],
    )
    gap = interpretation_gap(case)
    assert (gap.needed, gap.found) == (2, 0)
    assert gap.reason == Reason("no_interpreter_pair", {"source": "en", "target": "vi"})


def test_a_long_session_with_one_free_interpreter_is_half_covered():
    case = instance(
        [dialogue(1, MONDAY_EVENING)],
        [facilitator(1), facilitator(2)],
        [interpreter(1), interpreter(2, windows=())],
        [InterpretationNeed(MONDAY_EVENING, 1, "en", "es")],
    )
    gap = interpretation_gap(case)
    assert (gap.needed, gap.found) == (2, 1)
    assert gap.reason == Reason(
        "no_free_interpreter",
        {"source": "en", "target": "es", "starts": MONDAY_EVENING.starts, "free": 1, "needed": 2},
    )


def test_interpreters_needed_at_the_same_time_elsewhere():
    short = session(1, MONDAY, minutes=60)
    also_short = session(2, MONDAY, minutes=60, venue=2)
    case = instance(
        [dialogue(1, short), dialogue(2, also_short)],
        [facilitator(n) for n in (1, 2, 3, 4)],
        [interpreter(1)],
        [InterpretationNeed(short, 1, "en", "es"), InterpretationNeed(also_short, 2, "en", "es")],
    )
    gap = interpretation_gap(case)
    assert (gap.needed, gap.found) == (1, 0)
    assert gap.reason == Reason(
        "interpreters_taken", {"source": "en", "target": "es", "free": 1, "needed": 1}
    )


# Certification ends at the start of its `certified_until` day, on the city's clock ------


@pytest.mark.parametrize(
    ("day", "staffable"), [(WEDNESDAY - timedelta(days=1), True), (WEDNESDAY, False)]
)
def test_certification_ends_on_the_local_day(day, staffable):
    """23:30 in New York is already the next day in UTC, which must not matter."""
    late = session(1, day, hour=23, minute=30, minutes=25)
    nights = tuple(Window(weekday, time(22), time(23, 59)) for weekday in range(7))
    case = instance(
        [dialogue(1, late)],
        [facilitator(n, windows=nights, certified_until=WEDNESDAY) for n in (1, 2)],
    )
    answer = solve(case)
    assert plan_violations(case, answer) == []
    assert (1 in answer.teams) is staffable
    if not staffable:
        assert answer.gaps[0].reason == Reason(
            "no_certified_speaker", {"language": "en", "starts": late.starts}
        )
        forced = plan([team(1, 1, 2)])
        assert_only(
            plan_violations(case, forced),
            "facilitator 1 is not certified on 2025-03-05",
            "facilitator 2 is not certified on 2025-03-05",
        )


def test_without_time_to_search_the_greedy_plan_stands():
    case = replace(
        instance(
            [dialogue(1, MONDAY_EVENING, current=((3, LEAD), (4, CO_FACILITATOR)))],
            [facilitator(n) for n in (1, 2, 3, 4)],
            [interpreter(1), interpreter(2)],
            [InterpretationNeed(MONDAY_EVENING, 1, "en", "es")],
        ),
        policy=replace(QUICK, time_limit_seconds=0.0),
    )
    answer = solve(case)
    greedy = greedy_plan(case)
    assert answer.status == "UNKNOWN"
    assert answer.teams == greedy.teams
    assert answer.interpretation == greedy.interpretation
    assert answer.objective == greedy.objective
    assert answer.bound >= answer.objective
    assert plan_violations(case, answer) == []


# Re-solving keeps people ----------------------------------------------------------------


def test_a_re_solve_keeps_the_current_team():
    current = ((5, LEAD), (6, CO_FACILITATOR))
    case = instance(
        [dialogue(1, MONDAY_EVENING, current=current)], [facilitator(n) for n in range(1, 8)]
    )
    assert greedy_plan(case).teams[1].members == (1, 2)
    kept = solve(case).teams[1]
    assert (kept.lead, kept.members) == (5, (5, 6))


def test_a_re_solve_replaces_only_who_can_no_longer_come():
    current = ((5, LEAD), (6, CO_FACILITATOR))
    people = [facilitator(n) for n in range(1, 6)] + [facilitator(6, declined=frozenset({1}))]
    case = instance([dialogue(1, MONDAY_EVENING, current=current)], people)
    kept = solve(case).teams[1]
    assert kept.lead == 5
    assert 6 not in kept.members


def test_required_members_are_always_kept():
    """Without facilitator 4, the current lead with the experienced facilitator 5 would score
    best; but 4 has accepted, so 4 stays."""
    newer = [facilitator(n, experience=1, neighborhoods=frozenset()) for n in (1, 2, 3)]
    case = instance(
        [dialogue(1, MONDAY_EVENING, required=frozenset({4}), current=((1, LEAD),))],
        [
            *newer,
            facilitator(4, experience=1, neighborhoods=frozenset(), lead_from=None),
            facilitator(5, experience=30),
        ],
    )
    answer = solve(case)
    assert 4 in answer.teams[1].members
    assert plan_violations(case, answer) == []


def test_a_team_reports_the_goals_it_meets():
    case = instance(
        [dialogue(1, MONDAY_EVENING)],
        [facilitator(1), facilitator(2), facilitator(3, experience=2)],
    )
    staffed = solve(case).teams[1]
    assert GOAL_MENTORING in staffed.goals
    weights = QUICK.weights
    assert staffed.possible == weights.mentoring + weights.neighborhood + weights.shared_language
    assert staffed.score == staffed.possible
