"""Planning many dialogues at once: "a drop-in dialogue on the first Tuesday of every month,
18:00-20:00, in each of these neighborhoods, January to June".

A plan is previewed before it is saved. Each planned dialogue has a key made from its place and
date, so saving the same plan again creates only what is missing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from commonground.formatting import city_time_zone, format_date_local
from dialogues.models import ChangeRecord, Dialogue, Language, Neighborhood, Program, Session, Venue

EVERY_WEEK = 0
LAST_WEEK = -1


@dataclass(frozen=True)
class ScheduleRule:
    program: Program
    format: str
    mode: str
    weekday: int  # Monday is 0
    week_of_month: int  # 1 to 4, LAST_WEEK, or EVERY_WEEK
    starts: time
    ends: time
    first_day: date
    last_day: date
    venues: tuple[Venue, ...] = ()
    neighborhoods: tuple[Neighborhood, ...] = ()
    primary_language: Language | None = None
    interpretation_languages: tuple[Language, ...] = ()
    capacity: int = 12
    minimum: int | None = None
    circle_meetings: int = 4
    action_forum: bool = True
    holidays: frozenset[date] = frozenset()
    skip_holidays: bool = True
    publish: bool = False


@dataclass
class PlannedDialogue:
    key: str
    neighborhood: Neighborhood
    venue: Venue | None
    sessions: list[tuple[datetime, datetime, str]]
    exists: bool = False
    warnings: list[str] = field(default_factory=list)


def _start_dates(rule: ScheduleRule) -> list[date]:
    day = weekday(rule.weekday)
    if rule.week_of_month == EVERY_WEEK:
        dates = rrule(WEEKLY, byweekday=day, dtstart=rule.first_day, until=rule.last_day)
    else:
        dates = rrule(
            MONTHLY,
            byweekday=day(rule.week_of_month),
            dtstart=rule.first_day,
            until=rule.last_day,
        )
    return [moment.date() for moment in dates]


def _aware(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=city_time_zone())


def _session_days(rule: ScheduleRule, start: date) -> list[tuple[date, str]]:
    """The days a dialogue starting on `start` meets, moving circle meetings past holidays."""
    if rule.format == Dialogue.Format.DROP_IN:
        return [(start, Session.Kind.MEETING)]
    count = rule.circle_meetings + (1 if rule.action_forum else 0)
    days = []
    day = start
    while len(days) < count:
        if not (rule.skip_holidays and day in rule.holidays):
            is_last = len(days) == count - 1
            kind = (
                Session.Kind.ACTION_FORUM if rule.action_forum and is_last else Session.Kind.MEETING
            )
            days.append((day, kind))
        day += timedelta(weeks=1)
    return days


def _places(rule: ScheduleRule) -> list[tuple[Neighborhood, Venue | None]]:
    if rule.mode == Dialogue.Mode.ONLINE:
        return [(neighborhood, None) for neighborhood in rule.neighborhoods]
    return [(venue.neighborhood, venue) for venue in rule.venues]


def schedule_preview(rule: ScheduleRule) -> list[PlannedDialogue]:
    """What saving the rule would create, with warnings; writes nothing."""
    if rule.ends <= rule.starts:
        raise ValueError("A session must end after it starts.")
    planned = []
    for start in _start_dates(rule):
        if rule.format == Dialogue.Format.DROP_IN and rule.skip_holidays and start in rule.holidays:
            continue
        for neighborhood, venue in _places(rule):
            sessions = [
                (_aware(day, rule.starts), _aware(day, rule.ends), kind)
                for day, kind in _session_days(rule, start)
            ]
            planned.append(
                PlannedDialogue(
                    key=f"{rule.format}:{neighborhood.slug}:{venue.pk if venue else 'online'}:"
                    f"{start.isoformat()}:{rule.starts.strftime('%H%M')}",
                    neighborhood=neighborhood,
                    venue=venue,
                    sessions=sessions,
                )
            )
    existing = set(
        Dialogue.objects.filter(
            program=rule.program, schedule_key__in=[plan.key for plan in planned]
        ).values_list("schedule_key", flat=True)
    )
    for plan in planned:
        plan.exists = plan.key in existing
    _warn_about_holidays(rule, planned)
    _warn_about_double_booking(planned)
    return planned


def _warn_about_holidays(rule: ScheduleRule, planned: list[PlannedDialogue]) -> None:
    for plan in planned:
        for starts_at, _ends_at, _kind in plan.sessions:
            if starts_at.date() in rule.holidays:
                plan.warnings.append(
                    _("%(date)s is a holiday you listed.")
                    % {"date": format_date_local(starts_at.date())}
                )


def _warn_about_double_booking(planned: list[PlannedDialogue]) -> None:
    """A venue can hold one dialogue at a time: against the calendar and within the plan."""
    by_venue = defaultdict(list)
    for plan in planned:
        if plan.venue is not None and not plan.exists:
            for starts_at, ends_at, _kind in plan.sessions:
                by_venue[plan.venue.pk].append((starts_at, ends_at, plan))
    for venue_id, slots in by_venue.items():
        first = min(start for start, _end, _plan in slots)
        last = max(end for _start, end, _plan in slots)
        booked = list(
            Session.objects.filter(
                # A session at this venue, or in a dialogue held there without a venue of its own.
                Q(venue_id=venue_id) | Q(venue__isnull=True, dialogue__venue_id=venue_id),
                status=Session.Status.SCHEDULED,
                starts_at__lt=last,
                ends_at__gt=first,
            ).exclude(dialogue__status=Dialogue.Status.CANCELLED)
        )
        for starts_at, ends_at, plan in slots:
            clash_with_calendar = any(
                other.starts_at < ends_at and starts_at < other.ends_at for other in booked
            )
            clash_within_plan = any(
                other is not plan and other_start < ends_at and starts_at < other_end
                for other_start, other_end, other in slots
            )
            if clash_with_calendar or clash_within_plan:
                plan.warnings.append(
                    _("%(venue)s is already booked on %(date)s.")
                    % {"venue": plan.venue.name, "date": format_date_local(starts_at)}
                )


@transaction.atomic
def schedule_apply(rule: ScheduleRule, *, by: User) -> list[Dialogue]:
    """Creates the planned dialogues that do not exist yet; returns the new ones."""
    created = []
    for plan in schedule_preview(rule):
        if plan.exists:
            continue
        dialogue = Dialogue.objects.create(
            program=rule.program,
            format=rule.format,
            neighborhood=plan.neighborhood,
            venue=plan.venue,
            mode=rule.mode,
            primary_language=rule.primary_language,
            capacity=rule.capacity,
            minimum=rule.minimum,
            status=Dialogue.Status.OPEN if rule.publish else Dialogue.Status.DRAFT,
            schedule_key=plan.key,
        )
        dialogue.interpretation_languages.set(rule.interpretation_languages)
        Session.objects.bulk_create(
            Session(
                dialogue=dialogue, number=number, kind=kind, starts_at=starts_at, ends_at=ends_at
            )
            for number, (starts_at, ends_at, kind) in enumerate(plan.sessions, start=1)
        )
        if rule.publish:
            ChangeRecord.objects.create(dialogue=dialogue, kind=ChangeRecord.Kind.OPENED, by=by)
        created.append(dialogue)
    return created


class AlreadyScheduled(Exception):
    """The program already has a dialogue at that place, on that day and at that time."""


def single_dialogue_rule(
    *,
    program: Program,
    neighborhood: Neighborhood,
    venue: Venue | None,
    primary_language: Language,
    first_day: date,
    starts: time,
    ends: time,
    sessions: int = 1,
) -> ScheduleRule:
    """A rule that plans exactly one dialogue: at the venue, or online for the neighborhood
    when there is none; one session is a drop-in, more are a circle meeting once a week."""
    return ScheduleRule(
        program=program,
        format=Dialogue.Format.DROP_IN if sessions == 1 else Dialogue.Format.CIRCLE,
        mode=Dialogue.Mode.ONLINE if venue is None else Dialogue.Mode.IN_PERSON,
        weekday=first_day.weekday(),
        week_of_month=EVERY_WEEK,
        starts=starts,
        ends=ends,
        first_day=first_day,
        last_day=first_day,
        venues=() if venue is None else (venue,),
        neighborhoods=(neighborhood,) if venue is None else (),
        primary_language=primary_language,
        # The generator's usual group, unless the program seats fewer.
        capacity=max(1, min(ScheduleRule.capacity, program.max_capacity)),
        circle_meetings=sessions,
        action_forum=False,
    )


@transaction.atomic
def schedule_one(
    rule: ScheduleRule, *, by: User, title: dict | None = None
) -> tuple[Dialogue, list[str]]:
    """Creates the one dialogue a rule such as single_dialogue_rule plans, through
    schedule_apply, and gives it a title; returns it with the preview's warnings (a venue
    already booked, say). Raises AlreadyScheduled rather than return nothing when the program
    has that dialogue already."""
    planned = schedule_preview(rule)
    if len(planned) != 1:
        raise ValueError("The rule must plan exactly one dialogue.")
    if planned[0].exists:
        raise AlreadyScheduled(planned[0].key)
    created = schedule_apply(rule, by=by)
    if len(created) != 1:
        # Planned by someone else between the preview and now.
        raise AlreadyScheduled(planned[0].key)
    dialogue = created[0]
    if title:
        dialogue.title = title
        dialogue.save(update_fields=["title"])
    return dialogue, planned[0].warnings
