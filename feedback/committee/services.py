"""The route from a theme to the committee's decision and to what the city did.

Rules that protect the record live here and in the database: only committee members decide,
every decision has a reason, and each step is appended to a history nobody can rewrite.
"""

from datetime import date, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from commonground.formatting import city_time_zone
from dialogues.models import Dialogue, Language, Neighborhood, Program, Venue
from dialogues.scheduling import AlreadyScheduled, schedule_one, single_dialogue_rule
from feedback.committee.loop import (
    outcome_news_record_brief_change,
    outcome_news_record_recommendation_update,
)
from feedback.committee.messages import BRIEF_ROUTED, brief_routed_message
from feedback.models import (
    BriefComment,
    BriefStatusChange,
    FeedbackItem,
    Recommendation,
    RecommendationUpdate,
    RepresentativeQuote,
    Theme,
    ThemeBrief,
)
from feedback.models.committee import DECISION_STATUSES
from feedback.summaries.selectors import SummaryFilter, summary
from notifications.services import notifications_enqueue_many

EVIDENCE_PERIOD = timedelta(days=2 * 366)


class CommitteeError(Exception):
    message = _("That cannot be done.")


class NotAllowed(CommitteeError):
    message = _("You are not allowed to do that.")


class RationaleRequired(CommitteeError):
    message = _("Every decision needs a reason: write why the committee decided this.")


class SummaryMissing(CommitteeError):
    message = _("Write the summary in plain language before sending the brief to the committee.")


class WrongStage(CommitteeError):
    message = _("The brief is not at a stage where that can be done.")


def _require(user: User, *roles: Role) -> None:
    if not user_has_role(user, *roles):
        raise NotAllowed


def _has_text(value: dict | None) -> bool:
    return any((text or "").strip() for text in (value or {}).values())


def brief_create(
    *,
    theme: Theme,
    title: dict,
    public_summary: dict,
    proposed_ask: dict,
    quotes: list[RepresentativeQuote],
    action_ideas: list[FeedbackItem],
    by: User,
) -> ThemeBrief:
    _require(by, Role.COORDINATOR)
    with transaction.atomic():
        brief = ThemeBrief.objects.create(
            theme=theme,
            title=title,
            public_summary=public_summary,
            proposed_ask=proposed_ask,
            created_by=by,
        )
        brief.quotes.set([quote for quote in quotes if quote.theme_id == theme.pk])
        brief.action_ideas.set(
            [item for item in action_ideas if item.kind == FeedbackItem.Kind.ACTION_IDEA]
        )
    return brief


EDITABLE_STATUSES = (ThemeBrief.Status.DRAFT, ThemeBrief.Status.MORE_INPUT)


def brief_update(
    *,
    brief_id: int,
    title: dict,
    public_summary: dict,
    proposed_ask: dict,
    quotes: list[RepresentativeQuote],
    action_ideas: list[FeedbackItem],
    by: User,
) -> ThemeBrief:
    """Rewrites a draft, or a brief the committee sent back for more input. A brief on the
    docket or decided stays as the committee read it."""
    _require(by, Role.COORDINATOR)
    with transaction.atomic():
        brief = ThemeBrief.objects.select_for_update().get(pk=brief_id)
        if brief.status not in EDITABLE_STATUSES:
            raise WrongStage
        brief.title = title
        brief.public_summary = public_summary
        brief.proposed_ask = proposed_ask
        brief.save(update_fields=["title", "public_summary", "proposed_ask"])
        brief.quotes.set([quote for quote in quotes if quote.theme_id == brief.theme_id])
        brief.action_ideas.set(
            [item for item in action_ideas if item.kind == FeedbackItem.Kind.ACTION_IDEA]
        )
    return brief


def brief_send_to_committee(*, brief_id: int, by: User) -> ThemeBrief:
    """Routes the brief (see brief_route) and tells every committee member, in their language,
    in the same transaction: the messages go out only if the brief is on the docket."""
    with transaction.atomic():
        brief = brief_route(brief_id=brief_id, by=by)
        routing_number = brief.history.filter(status=ThemeBrief.Status.ON_DOCKET).count()
        members = User.objects.filter(groups__name=Role.COMMITTEE_MEMBER, is_active=True).distinct()
        notifications_enqueue_many(
            kind=BRIEF_ROUTED.key,
            outgoing=[brief_routed_message(brief, member, routing_number) for member in members],
        )
    return brief


def brief_evidence(theme: Theme) -> dict:
    """The published figures of the theme's last two years: never a suppressed count."""
    today = timezone.localtime(timezone.now(), city_time_zone()).date()
    data = summary(SummaryFilter(start=today - EVIDENCE_PERIOD, end=today, theme=theme))
    table = data.participation.by_neighborhood
    return {
        "period": [data.filters.start.isoformat(), data.filters.end.isoformat()],
        "items": data.theme_counts.get(theme.pk, 0),
        "months": {month.strftime("%Y-%m"): count for month, count in sorted(data.trend.items())},
        "neighborhoods": {
            neighborhood.name: count for neighborhood, count in data.neighborhood_counts
        },
        "who_came": {
            "threshold": table.threshold,
            "groups": data.participation.groups,
            "neighborhoods": [n.name for n in data.participation.neighborhoods],
            "cells": [[cell.published() for cell in row] for row in table.cells],
            "group_totals": [cell.published() for cell in table.row_totals],
            "neighborhood_totals": [cell.published() for cell in table.column_totals],
            "total": table.grand_total.published(),
        },
    }


def brief_route(*, brief_id: int, by: User) -> ThemeBrief:
    """Puts a brief on the committee's docket, with its evidence as it stands today."""
    _require(by, Role.COORDINATOR)
    with transaction.atomic():
        brief = ThemeBrief.objects.select_for_update().get(pk=brief_id)
        if brief.status not in (ThemeBrief.Status.DRAFT, ThemeBrief.Status.MORE_INPUT):
            raise WrongStage
        if not _has_text(brief.public_summary):
            raise SummaryMissing
        brief.evidence = brief_evidence(brief.theme)
        brief.status = ThemeBrief.Status.ON_DOCKET
        brief.save(update_fields=["evidence", "status"])
        change = BriefStatusChange.objects.create(brief=brief, status=brief.status, by=by)
        outcome_news_record_brief_change(change)
    return brief


def brief_decide(
    *,
    brief_id: int,
    status: str,
    rationale: dict,
    by: User,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    minutes: str = "",
) -> BriefStatusChange:
    """Records the committee's decision on a brief on its docket, with the reason."""
    _require(by, Role.COMMITTEE_MEMBER)
    if status not in DECISION_STATUSES:
        raise WrongStage
    rationale = {code: text.strip() for code, text in (rationale or {}).items() if text.strip()}
    if not rationale:
        raise RationaleRequired
    with transaction.atomic():
        brief = ThemeBrief.objects.select_for_update().get(pk=brief_id)
        if brief.status != ThemeBrief.Status.ON_DOCKET:
            raise WrongStage
        brief.status = status
        brief.save(update_fields=["status"])
        change = BriefStatusChange.objects.create(
            brief=brief,
            status=status,
            rationale=rationale,
            votes_for=votes_for,
            votes_against=votes_against,
            abstentions=abstentions,
            minutes=minutes.strip(),
            by=by,
        )
        outcome_news_record_brief_change(change)
    return change


def brief_comment_add(*, brief: ThemeBrief, text: str, by: User) -> BriefComment:
    _require(by, Role.COMMITTEE_MEMBER)
    text = text.strip()
    if not text:
        raise CommitteeError
    return BriefComment.objects.create(brief=brief, author=by, text=text)


RECOMMENDATION_STEPS = {
    Recommendation.Status.DRAFTED: {Recommendation.Status.SENT},
    Recommendation.Status.SENT: {Recommendation.Status.RESPONDED},
    Recommendation.Status.RESPONDED: {
        Recommendation.Status.ADOPTED,
        Recommendation.Status.DECLINED,
    },
    Recommendation.Status.ADOPTED: {Recommendation.Status.IN_PROGRESS},
    Recommendation.Status.IN_PROGRESS: {
        Recommendation.Status.IN_PROGRESS,
        Recommendation.Status.IMPLEMENTED,
    },
    Recommendation.Status.DECLINED: set(),
    Recommendation.Status.IMPLEMENTED: set(),
}


def recommendation_create(
    *, briefs: list[ThemeBrief], title: dict, department: str, by: User
) -> Recommendation:
    """A recommendation from accepted briefs, to one department."""
    _require(by, Role.COMMITTEE_MEMBER, Role.COORDINATOR)
    if not briefs or any(brief.status != ThemeBrief.Status.ACCEPTED for brief in briefs):
        raise WrongStage
    with transaction.atomic():
        recommendation = Recommendation.objects.create(title=title, department=department.strip())
        recommendation.briefs.set(briefs)
        update = RecommendationUpdate.objects.create(
            recommendation=recommendation, status=recommendation.status, by=by
        )
        outcome_news_record_recommendation_update(update)
    return recommendation


def recommendation_update(
    *, recommendation_id: int, status: str, note: dict, by: User, percent_complete: int = 0
) -> RecommendationUpdate:
    """Appends a step; a decline needs the department's reason."""
    _require(by, Role.COMMITTEE_MEMBER, Role.COORDINATOR)
    note = {code: text.strip() for code, text in (note or {}).items() if text.strip()}
    if status == Recommendation.Status.DECLINED and not note:
        raise RationaleRequired
    with transaction.atomic():
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation_id)
        if status not in RECOMMENDATION_STEPS[recommendation.status]:
            raise WrongStage
        if status == Recommendation.Status.IMPLEMENTED:
            percent_complete = 100
        if not 0 <= percent_complete <= 100 or percent_complete < recommendation.percent_complete:
            raise WrongStage
        recommendation.status = status
        recommendation.percent_complete = percent_complete
        recommendation.save(update_fields=["status", "percent_complete"])
        update = RecommendationUpdate.objects.create(
            recommendation=recommendation,
            status=status,
            note=note,
            percent_complete=percent_complete,
            by=by,
        )
        outcome_news_record_recommendation_update(update)
    return update


# Recommendations that take no more briefs: the department's answer is final.
CLOSED_RECOMMENDATION_STATUSES = (
    Recommendation.Status.DECLINED,
    Recommendation.Status.IMPLEMENTED,
)


class RecommendationClosed(WrongStage):
    message = _("That recommendation is closed: the department declined it or it is done.")


def recommendation_add_brief(*, recommendation_id: int, brief_id: int, by: User) -> Recommendation:
    """Joins an accepted brief to a recommendation still open, so that one ask to a department
    can answer several themes. Joining twice changes nothing."""
    _require(by, Role.COMMITTEE_MEMBER, Role.COORDINATOR)
    with transaction.atomic():
        # Locked in the order recommendation, then brief; nothing else takes both.
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation_id)
        brief = ThemeBrief.objects.select_for_update().get(pk=brief_id)
        if brief.status != ThemeBrief.Status.ACCEPTED:
            raise WrongStage
        if recommendation.status in CLOSED_RECOMMENDATION_STATUSES:
            raise RecommendationClosed
        recommendation.briefs.add(brief)
    return recommendation


class VenueElsewhere(CommitteeError):
    message = _("The venue is not in the neighborhood you chose.")


class SessionTimesInvalid(CommitteeError):
    message = _("The first session must be today or later, and end after it starts.")


class DialogueAlreadyPlanned(CommitteeError):
    message = _("This program already has a dialogue at that place, on that day and time.")


# As many weekly meetings as the dialogue scheduler allows in a circle.
MAX_FOLLOW_UP_SESSIONS = 12
FOLLOW_UP_TITLE_LENGTH = Dialogue._meta.get_field("title").text_max_length


def follow_up_title(brief: ThemeBrief) -> dict:
    """'Follow-up dialogue: <the brief's title>' in each language the brief has a title in."""
    title = {}
    for code, _name in settings.LANGUAGES:
        text = (brief.title.get(code) or "").strip()
        if not text:
            continue
        with translation.override(code):
            value = gettext("Follow-up dialogue: %(brief)s") % {"brief": text}
        if len(value) > FOLLOW_UP_TITLE_LENGTH:
            value = value[: FOLLOW_UP_TITLE_LENGTH - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"
        title[code] = value
    return title


def brief_follow_up_dialogue_plan(
    *,
    brief_id: int,
    program: Program,
    neighborhood: Neighborhood,
    primary_language: Language,
    first_day: date,
    starts: time,
    ends: time,
    by: User,
    sessions: int = 1,
    venue: Venue | None = None,
) -> tuple[Dialogue, list[str]]:
    """Plans a dialogue to gather the community input the committee asked for, through the
    dialogue scheduler, and links it to the brief, in one transaction. The dialogue is a draft
    until a coordinator opens it. Returns it with the scheduler's warnings."""
    _require(by, Role.COORDINATOR)
    if venue is not None and venue.neighborhood_id != neighborhood.pk:
        raise VenueElsewhere
    today = timezone.localtime(timezone.now(), city_time_zone()).date()
    if ends <= starts or first_day < today or not 1 <= sessions <= MAX_FOLLOW_UP_SESSIONS:
        raise SessionTimesInvalid
    with transaction.atomic():
        brief = ThemeBrief.objects.select_for_update().get(pk=brief_id)
        if brief.status != ThemeBrief.Status.MORE_INPUT:
            raise WrongStage
        rule = single_dialogue_rule(
            program=program,
            neighborhood=neighborhood,
            venue=venue,
            primary_language=primary_language,
            first_day=first_day,
            starts=starts,
            ends=ends,
            sessions=sessions,
        )
        try:
            dialogue, warnings = schedule_one(rule, by=by, title=follow_up_title(brief))
        except AlreadyScheduled:
            raise DialogueAlreadyPlanned from None
        brief.follow_up_dialogues.add(dialogue)
    return dialogue, warnings
