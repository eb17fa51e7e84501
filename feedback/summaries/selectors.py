"""Summaries of feedback for coordinators, committee members and facilitators.

Each summary takes a fixed number of queries however much feedback there is: counting is done
by the database with GROUP BY, and only the grouped rows come back. Demographic breakdowns
pass through small-cell suppression before anything leaves this module.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from commonground.formatting import city_time_zone
from dialogues.demographics import POPULATION_GROUPS, REPORTING_GROUPS, reporting_group
from dialogues.models import Attendance, Neighborhood, Program
from facilitators.models import Assignment
from feedback.models import (
    FeedbackItem,
    RepresentativeQuote,
    SessionReport,
    SurveyResponse,
    Theme,
    ThemeTag,
)
from feedback.suppression import SuppressedTable, suppress_counts, suppress_table

SCALE_QUESTIONS = ("felt_heard", "felt_safe", "learned")
SCORES = (1, 2, 3, 4, 5)
COME_AGAIN = ("yes", "maybe", "no")
QUOTES_SHOWN = 12


@dataclass(frozen=True)
class SummaryFilter:
    start: date
    end: date
    theme: Theme | None = None
    neighborhood: Neighborhood | None = None
    program: Program | None = None
    # Facilitators see only the dialogues they facilitate; None means every dialogue.
    dialogue_ids: frozenset[int] | None = None


def default_period(today: date) -> tuple[date, date]:
    """The last twelve whole months and this one."""
    first = date(today.year - 1, today.month, 1)
    return first, today


def visible_dialogue_ids(user: User) -> frozenset[int] | None:
    """None when the user may read every dialogue's summary; else the dialogues they
    facilitate."""
    if user_has_role(user, Role.COORDINATOR, Role.COMMITTEE_MEMBER):
        return None
    return frozenset(
        Assignment.objects.filter(
            person=user,
            status=Assignment.Status.ACCEPTED,
            role__in=[Assignment.Role.LEAD, Assignment.Role.CO_FACILITATOR],
        ).values_list("dialogue_id", flat=True)
    )


def _items(filters: SummaryFilter, prefix: str = "") -> Q:
    condition = Q(
        **{f"{prefix}occurred_on__gte": filters.start, f"{prefix}occurred_on__lte": filters.end}
    )
    # Quotes and ideas in a report still being written are not feedback yet.
    condition &= Q(**{f"{prefix}report__isnull": True}) | Q(
        **{f"{prefix}report__status": SessionReport.Status.SUBMITTED}
    )
    if filters.neighborhood is not None:
        condition &= Q(**{f"{prefix}neighborhood": filters.neighborhood})
    if filters.program is not None:
        condition &= Q(**{f"{prefix}program": filters.program})
    if filters.dialogue_ids is not None:
        condition &= Q(**{f"{prefix}dialogue_id__in": filters.dialogue_ids})
    return condition


def _sessions(filters: SummaryFilter, prefix: str) -> Q:
    zone = city_time_zone()
    starts = datetime.combine(filters.start, time.min, tzinfo=zone)
    ends = datetime.combine(filters.end + timedelta(days=1), time.min, tzinfo=zone)
    condition = Q(**{f"{prefix}starts_at__gte": starts, f"{prefix}starts_at__lt": ends})
    if filters.neighborhood is not None:
        condition &= Q(**{f"{prefix}dialogue__neighborhood": filters.neighborhood})
    if filters.program is not None:
        condition &= Q(**{f"{prefix}dialogue__program": filters.program})
    if filters.dialogue_ids is not None:
        condition &= Q(**{f"{prefix}dialogue_id__in": filters.dialogue_ids})
    return condition


def _confirmed_tags(filters: SummaryFilter) -> QuerySet[ThemeTag]:
    tags = ThemeTag.objects.filter(_items(filters, "item__"), status=ThemeTag.Status.CONFIRMED)
    if filters.theme is not None:
        tags = tags.filter(theme=filters.theme)
    return tags


def months_between(start: date, end: date) -> list[date]:
    months, current = [], date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return months


@dataclass(frozen=True)
class ScoreDistribution:
    question: str
    counts: dict  # score or answer -> count
    answered: int


@dataclass
class Participation:
    """Who came, by self-reported group, suppressed; and the neighborhoods' residents."""

    groups: list[str]
    neighborhoods: list[Neighborhood]
    by_neighborhood: SuppressedTable  # groups x neighborhoods
    overall: SuppressedTable  # one row: groups
    population: dict[str, int]  # group -> residents of the selected neighborhoods
    population_total: int


@dataclass
class Summary:
    filters: SummaryFilter
    themes: list[Theme]
    item_count: int
    session_count: int
    tagged_item_count: int
    theme_counts: dict[int, int]
    months: list[date]
    trend: dict[date, int]
    neighborhood_counts: list[tuple[Neighborhood, int]]
    survey_count: int
    scores: list[ScoreDistribution]
    come_again: ScoreDistribution
    priorities: dict[int, int]
    quotes: list[RepresentativeQuote]
    participation: Participation
    threshold: int = field(default_factory=lambda: settings.SUPPRESSION_THRESHOLD)


def _scores(filters: SummaryFilter) -> tuple[int, list[ScoreDistribution], ScoreDistribution]:
    aggregates = {"total": Count("id")}
    for question in SCALE_QUESTIONS:
        for score in SCORES:
            aggregates[f"{question}_{score}"] = Count("id", filter=Q(**{question: score}))
    for answer in COME_AGAIN:
        aggregates[f"come_again_{answer}"] = Count("id", filter=Q(come_again=answer))
    row = SurveyResponse.objects.filter(_sessions(filters, "session__")).aggregate(**aggregates)
    scores = []
    for question in SCALE_QUESTIONS:
        counts = {score: row[f"{question}_{score}"] for score in SCORES}
        scores.append(ScoreDistribution(question, counts, sum(counts.values())))
    counts = {answer: row[f"come_again_{answer}"] for answer in COME_AGAIN}
    return row["total"], scores, ScoreDistribution("come_again", counts, sum(counts.values()))


def _participation(filters: SummaryFilter, neighborhoods: dict[int, Neighborhood]) -> Participation:
    # A person is counted once in each neighborhood where they came. The database groups
    # identical answers, so only distinct combinations come back.
    answer_combinations = (
        Attendance.objects.filter(_sessions(filters, "session__"))
        .values(
            "session__dialogue__neighborhood_id",
            "registration__demographics__race_ethnicity",
            "registration__demographics__self_described",
            "registration__demographics__prefer_not_to_say",
        )
        .annotate(people=Count("registration", distinct=True))
        .values_list(
            "session__dialogue__neighborhood_id",
            "registration__demographics__race_ethnicity",
            "registration__demographics__self_described",
            "registration__demographics__prefer_not_to_say",
            "people",
        )
    )
    counted: Counter = Counter()
    for neighborhood_id, answers, described, prefer_not, people in answer_combinations:
        group = reporting_group(answers, described or "", bool(prefer_not))
        counted[group, neighborhood_id] += people
    groups = [code for code, _label in REPORTING_GROUPS]
    if filters.neighborhood is not None:
        columns = [filters.neighborhood]
    else:
        present = {neighborhood_id for _group, neighborhood_id in counted}
        columns = [n for n in neighborhoods.values() if n.pk in present]
    threshold = settings.SUPPRESSION_THRESHOLD
    table = suppress_table(
        [[counted[group, column.pk] for column in columns] for group in groups],
        threshold=threshold,
    )
    overall = suppress_counts(
        [sum(counted[group, column.pk] for column in columns) for group in groups],
        threshold=threshold,
    )
    population: Counter = Counter()
    for column in columns:
        for code, _label in POPULATION_GROUPS:
            population[code] += int((column.population or {}).get(code, 0) or 0)
    return Participation(
        groups=groups,
        neighborhoods=columns,
        by_neighborhood=table,
        overall=overall,
        population=dict(population),
        population_total=sum(population.values()),
    )


def summary(filters: SummaryFilter) -> Summary:
    themes = list(Theme.objects.all())
    neighborhoods = {n.pk: n for n in Neighborhood.objects.all()}
    items = FeedbackItem.objects.filter(_items(filters))
    totals = items.aggregate(items=Count("id"), sessions=Count("session", distinct=True))
    confirmed = ThemeTag.objects.filter(item=OuterRef("pk"), status=ThemeTag.Status.CONFIRMED)
    in_theme = confirmed if filters.theme is None else confirmed.filter(theme=filters.theme)
    # One grouped pass gives the tagged total, the monthly trend and the neighborhoods.
    trend: Counter = Counter()
    by_neighborhood: Counter = Counter()
    tagged = 0
    for month, neighborhood_id, in_selected_theme, count in (
        items.filter(Exists(confirmed))
        .annotate(month=TruncMonth("occurred_on"), in_selected_theme=Exists(in_theme))
        .values("month", "neighborhood_id", "in_selected_theme")
        .annotate(n=Count("id"))
        .values_list("month", "neighborhood_id", "in_selected_theme", "n")
    ):
        tagged += count
        if in_selected_theme:
            trend[_as_date(month)] += count
            by_neighborhood[neighborhood_id] += count
    # One confirmed tag per item and theme (a constraint), so tags count items.
    theme_counts = dict(
        _confirmed_tags(filters)
        .values("theme_id")
        .annotate(n=Count("id"))
        .values_list("theme_id", "n")
    )
    survey_count, scores, come_again = _scores(filters)
    priorities = dict(
        SurveyResponse.priority_themes.through.objects.filter(
            _sessions(filters, "surveyresponse__session__")
        )
        .values("theme_id")
        .annotate(n=Count("surveyresponse_id"))
        .values_list("theme_id", "n")
    )
    quotes = RepresentativeQuote.objects.filter(_items(filters, "item__")).select_related(
        "theme", "item__neighborhood"
    )
    if filters.theme is not None:
        quotes = quotes.filter(theme=filters.theme)
    return Summary(
        filters=filters,
        themes=themes,
        item_count=totals["items"],
        session_count=totals["sessions"],
        tagged_item_count=tagged,
        theme_counts=theme_counts,
        months=months_between(filters.start, filters.end),
        trend=trend,
        neighborhood_counts=[(neighborhoods[pk], n) for pk, n in by_neighborhood.most_common()],
        survey_count=survey_count,
        scores=scores,
        come_again=come_again,
        priorities=priorities,
        quotes=list(quotes[:QUOTES_SHOWN]),
        participation=_participation(filters, neighborhoods),
    )


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value
