"""How well the loop closes: how soon residents hear back after a dialogue, and how far their
words get with the committee (issue #8's accountability numbers).

Read only. Each function takes a fixed number of queries whatever the amount of data: the rows
come out in a few flat queries and are matched up here, in memory. What leaves this module is
counts, days and shares in frozen dataclasses, never a person or a model instance.

The rule for when a session counts as reported back is in report_back_by_dialogue's docstring;
accountability_figures follows the same rule.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from babel import numbers
from django.utils import timezone, translation

from commonground.formatting import city_time_zone
from commonground.languages import babel_locale
from dialogues.messages import dialogue_title
from dialogues.models import Dialogue, Session
from feedback.committee.public_selectors import evidence_period
from feedback.models import BriefStatusChange, ThemeBrief
from feedback.models.committee import DECISION_STATUSES
from feedback.selectors import recorded_confirmed_tags

REPORT_BACK_AIM = timedelta(days=10)


@dataclass(frozen=True)
class DialogueReportBack:
    """One dialogue's held sessions, by how soon they were reported back."""

    dialogue_id: int
    title: str
    neighborhood: str
    # Held sessions with confirmed feedback: within_aim + late + waiting.
    held_with_feedback: int
    within_aim: int
    late: int
    waiting: int
    # Of the waiting sessions, those past the aim already.
    overdue: int
    oldest_waiting_days: int | None
    median_days: float | None
    # Held sessions with no confirmed recorded feedback: nothing to report back on yet.
    nothing_recorded: int


@dataclass(frozen=True)
class Share:
    numerator: int
    denominator: int

    @property
    def fraction(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class StatusCount:
    status: str
    count: int

    @property
    def label(self) -> str:
        return str(ThemeBrief.Status(self.status).label)


@dataclass(frozen=True)
class AccountabilityFigures:
    # Every status in the order a brief moves through, drafts included.
    briefs_by_status: tuple[StatusCount, ...]
    median_days_to_decision: float | None
    # How many sessions the median is taken over.
    sessions_decided: int
    # Themes with recorded confirmed feedback that have a brief with a decision in its history.
    themes_decided: Share
    # Sessions reported back within the aim, out of those that were reported back or whose aim
    # has passed: a session held yesterday and still waiting has not missed anything yet.
    reported_within_aim: Share

    @property
    def public_briefs_by_status(self) -> tuple[StatusCount, ...]:
        return tuple(row for row in self.briefs_by_status if row.status != ThemeBrief.Status.DRAFT)


@dataclass(frozen=True)
class _Outcome:
    """One held session with feedback: what happened to it."""

    dialogue_id: int
    age_days: int
    report_back_days: int | None
    decision_days: int | None

    @property
    def waiting(self) -> bool:
        return self.report_back_days is None

    @property
    def within_aim(self) -> bool:
        return self.report_back_days is not None and self.report_back_days <= REPORT_BACK_AIM.days

    @property
    def overdue(self) -> bool:
        return self.waiting and self.age_days > REPORT_BACK_AIM.days


@dataclass(frozen=True)
class _Record:
    outcomes: list[_Outcome]
    # Held sessions without confirmed recorded feedback, per dialogue.
    nothing_recorded: dict[int, int]
    themes_with_feedback: set[int]
    themes_decided: set[int]
    status_counts: dict[str, int]


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment, city_time_zone()).date()


def _record(now: datetime) -> _Record:
    """Every held session's outcome, in four queries."""
    sessions = list(
        Session.objects.exclude(status=Session.Status.CANCELLED)
        .filter(starts_at__lt=now)
        .values_list("pk", "dialogue_id", "starts_at")
    )
    # Quotes and ideas in a report still being written are not feedback yet.
    confirmed = recorded_confirmed_tags()
    themes_by_session: dict[int, set[int]] = defaultdict(set)
    for session_id, theme_id in confirmed.values_list("item__session_id", "theme_id").distinct():
        themes_by_session[session_id].add(theme_id)

    status_counts = dict.fromkeys(ThemeBrief.Status.values, 0)
    briefs_by_theme: dict[int, list[tuple[int, date | None, date | None]]] = defaultdict(list)
    for brief_id, theme_id, status, period in ThemeBrief.objects.values_list(
        "pk", "theme_id", "status", "evidence__period"
    ):
        status_counts[status] += 1
        if status != ThemeBrief.Status.DRAFT:
            briefs_by_theme[theme_id].append((brief_id, *evidence_period(period)))
    changes: dict[int, list[tuple[datetime, bool]]] = defaultdict(list)
    for brief_id, status, at in (
        BriefStatusChange.objects.exclude(brief__status=ThemeBrief.Status.DRAFT)
        .order_by("at", "id")
        .values_list("brief_id", "status", "at")
    ):
        changes[brief_id].append((at, status in DECISION_STATUSES))

    today = _local_day(now)
    outcomes = []
    nothing_recorded: dict[int, int] = defaultdict(int)
    for session_id, dialogue_id, starts_at in sessions:
        themes = themes_by_session.get(session_id)
        if not themes:
            nothing_recorded[dialogue_id] += 1
            continue
        day = _local_day(starts_at)
        reported: datetime | None = None
        decided: datetime | None = None
        for theme_id in themes:
            for brief_id, start, end in briefs_by_theme.get(theme_id, ()):
                if (start is not None and day < start) or (end is not None and day > end):
                    continue
                for at, is_decision in changes.get(brief_id, ()):
                    if at < starts_at:
                        continue
                    if reported is None or at < reported:
                        reported = at
                    if is_decision and (decided is None or at < decided):
                        decided = at
        outcomes.append(
            _Outcome(
                dialogue_id=dialogue_id,
                age_days=(today - day).days,
                report_back_days=(_local_day(reported) - day).days if reported else None,
                decision_days=(_local_day(decided) - day).days if decided else None,
            )
        )
    themes_with_feedback = {theme for themes in themes_by_session.values() for theme in themes}
    decided_briefs = {brief_id for brief_id, steps in changes.items() if any(d for _at, d in steps)}
    themes_decided = {
        theme_id
        for theme_id, briefs in briefs_by_theme.items()
        if any(brief_id in decided_briefs for brief_id, _start, _end in briefs)
    }
    return _Record(
        outcomes=outcomes,
        nothing_recorded=dict(nothing_recorded),
        themes_with_feedback=themes_with_feedback,
        themes_decided=themes_decided & themes_with_feedback,
        status_counts=status_counts,
    )


def _median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def report_back_by_dialogue(
    *, now: datetime, language: str | None = None
) -> list[DialogueReportBack]:
    """Time to report back, per dialogue with at least one held session, worst first: most
    overdue sessions, then the longest wait, then the most late ones. Titles are in `language`
    (the active language by default). Five queries, whatever the amount of data.

    When a session counts as "reported back" (the rule behind every figure of this module):

    - Only *held* sessions count: not cancelled, and started before `now`.
    - A held session *has feedback* when at least one of its recorded feedback items (not a quote
      or idea of a report still being written) carries a confirmed theme. A held session without
      such an item is counted apart, as "nothing recorded yet": nothing can be reported back on it.
    - A brief *covers* a session when the brief has left the drafts, its theme is one of the
      session's confirmed themes, and the evidence period the brief was (last) routed with contains
      the session's date. A draft brief never counts: residents cannot see it.
    - The session is reported back at the earliest status change, at or after the session started,
      of a brief that covers it: going on the committee's docket is the first public word back on
      "You said, we did". It reaches a *decision* at the earliest change to a decision status
      (more input, accepted, not adopted) of a brief that covers it, on the same terms.
    - Days are calendar days in the city's time zone, from the day of the session to the day of
      that moment; the aim is to report back within REPORT_BACK_AIM (10 days, inclusive).

    Per dialogue: sessions held with feedback, those reported back within the aim, later, or not
    yet (waiting; overdue once their age passes the aim), the oldest wait, the median days to
    report back over the sessions reported back, and the held sessions with nothing recorded.
    """
    language = language or translation.get_language()
    record = _record(now)
    per_dialogue: dict[int, list[_Outcome]] = defaultdict(list)
    for outcome in record.outcomes:
        per_dialogue[outcome.dialogue_id].append(outcome)
    dialogue_ids = set(per_dialogue) | set(record.nothing_recorded)
    dialogues = Dialogue.objects.select_related("neighborhood", "primary_language").in_bulk(
        dialogue_ids
    )
    rows = []
    for dialogue_id in dialogue_ids:
        dialogue = dialogues[dialogue_id]
        outcomes = per_dialogue.get(dialogue_id, [])
        waiting = [outcome.age_days for outcome in outcomes if outcome.waiting]
        reported = [o.report_back_days for o in outcomes if o.report_back_days is not None]
        rows.append(
            DialogueReportBack(
                dialogue_id=dialogue_id,
                title=dialogue_title(dialogue, language),
                neighborhood=dialogue.neighborhood.name,
                held_with_feedback=len(outcomes),
                within_aim=sum(outcome.within_aim for outcome in outcomes),
                late=len(reported) - sum(outcome.within_aim for outcome in outcomes),
                waiting=len(waiting),
                overdue=sum(outcome.overdue for outcome in outcomes),
                oldest_waiting_days=max(waiting) if waiting else None,
                median_days=_median(reported),
                nothing_recorded=record.nothing_recorded.get(dialogue_id, 0),
            )
        )
    rows.sort(
        key=lambda row: (
            -row.overdue,
            -(row.oldest_waiting_days or 0),
            -row.late,
            -row.waiting,
            -row.nothing_recorded,
            -(row.median_days or 0),
            row.title,
            row.dialogue_id,
        )
    )
    return rows


def accountability_figures(*, now: datetime) -> AccountabilityFigures:
    """The headline figures: briefs by status, the median days from a dialogue to a decision on
    its feedback, the share of themes that reached a decision, and the share of sessions
    reported back within the aim. Four queries, whatever the amount of data. The rule for which
    brief covers which session is report_back_by_dialogue's."""
    record = _record(now)
    decision_days = [o.decision_days for o in record.outcomes if o.decision_days is not None]
    judged = [o for o in record.outcomes if not o.waiting or o.overdue]
    return AccountabilityFigures(
        briefs_by_status=tuple(
            StatusCount(status, count) for status, count in record.status_counts.items()
        ),
        median_days_to_decision=_median(decision_days),
        sessions_decided=len(decision_days),
        themes_decided=Share(len(record.themes_decided), len(record.themes_with_feedback)),
        reported_within_aim=Share(sum(o.within_aim for o in judged), len(judged)),
    )


@dataclass(frozen=True)
class ReaderFigures:
    """The figures with their shares written as the reader's locale writes a percentage;
    counts and days go through the `number` template filter."""

    figures: AccountabilityFigures
    themes_decided_percent: str
    reported_within_aim_percent: str
    aim_days: int = REPORT_BACK_AIM.days


def _percent(share: Share, language: str) -> str:
    if share.fraction is None:
        return ""
    return numbers.format_percent(share.fraction, locale=babel_locale(language))


def figures_for_reader(*, now: datetime, language: str) -> ReaderFigures:
    figures = accountability_figures(now=now)
    return ReaderFigures(
        figures=figures,
        themes_decided_percent=_percent(figures.themes_decided, language),
        reported_within_aim_percent=_percent(figures.reported_within_aim, language),
    )
