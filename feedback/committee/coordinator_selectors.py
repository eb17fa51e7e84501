"""What coordinators read while preparing briefs: the briefs by status, what a brief can cite,
and its evidence as a reader sees it."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import translation

from commonground.formatting import format_number
from dialogues.messages import dialogue_title
from dialogues.models import Dialogue, Language, Neighborhood, Session
from feedback.models import (
    FeedbackItem,
    RepresentativeQuote,
    SessionReport,
    Theme,
    ThemeBrief,
    ThemeTag,
)
from feedback.selectors import recorded_confirmed_tags
from feedback.summaries.presentation import group_labels, month_label
from feedback.summaries.selectors import SummaryFilter, _confirmed_tags
from feedback.themes.selectors import theme_quotes


@dataclass(frozen=True)
class StatusGroup:
    status: str
    label: str
    briefs: list[ThemeBrief]


def briefs_by_status() -> list[StatusGroup]:
    """Every brief, grouped in the order a brief moves through; empty groups included, so
    that the page always says where nothing is waiting."""
    grouped: dict[str, list[ThemeBrief]] = {status: [] for status in ThemeBrief.Status.values}
    briefs = ThemeBrief.objects.select_related("theme", "created_by").annotate(
        follow_up_count=Count("follow_up_dialogues")
    )
    for brief in briefs:
        grouped[brief.status].append(brief)
    return [
        StatusGroup(status, str(ThemeBrief.Status(status).label), briefs)
        for status, briefs in grouped.items()
    ]


def brief_quote_choices(theme: Theme) -> QuerySet[RepresentativeQuote]:
    return theme_quotes(theme).order_by("-chosen_at", "-pk")


def brief_action_idea_choices(theme: Theme) -> QuerySet[FeedbackItem]:
    """Action ideas a person confirmed in this theme, from submitted reports: suggestions
    count nowhere, and a report still being written is not feedback yet."""
    return (
        FeedbackItem.objects.filter(
            kind=FeedbackItem.Kind.ACTION_IDEA,
            tags__theme=theme,
            tags__status=ThemeTag.Status.CONFIRMED,
            report__status=SessionReport.Status.SUBMITTED,
        )
        .select_related("neighborhood")
        .distinct()
        .order_by("-occurred_on", "-pk")
    )


@dataclass(frozen=True)
class SourceDialogue:
    title: str
    neighborhood: str
    items: str


def source_dialogues(theme: Theme, evidence: dict, language: str) -> list[SourceDialogue]:
    """The dialogues whose confirmed feedback fed the evidence, with their item counts (counts
    of things said, not of people, so nothing here needs suppressing)."""
    start, end = (date.fromisoformat(day) for day in evidence["period"])
    # The summaries' own rule for which tags count, so that these agree with the figures.
    tags = _confirmed_tags(SummaryFilter(start=start, end=end, theme=theme))
    counts = dict(
        tags.values("item__dialogue_id")
        .annotate(items=Count("item_id", distinct=True))
        .values_list("item__dialogue_id", "items")
    )
    dialogues = Dialogue.objects.filter(pk__in=counts).select_related(
        "neighborhood", "primary_language"
    )
    return [
        SourceDialogue(
            dialogue_title(dialogue, language),
            dialogue.neighborhood.name,
            format_number(counts[dialogue.pk], language),
        )
        for dialogue in sorted(dialogues, key=lambda d: (-counts[d.pk], d.pk))
    ]


def evidence_display(evidence: dict, language: str) -> dict:
    """The evidence snapshot with numbers in the reader's locale and every hidden count shown
    as "<11": the snapshot stores a hidden cell as None and never its value."""
    who = evidence["who_came"]
    # The same mark as the summaries page, so that a hidden count reads alike everywhere.
    hidden = f"<{who['threshold']}"

    def shown(value: int | None) -> str:
        return hidden if value is None else format_number(value, language)

    labels = group_labels()
    return {
        "period": [date.fromisoformat(day) for day in evidence["period"]],
        "items": format_number(evidence["items"], language),
        "months": [
            (
                month_label(date.fromisoformat(f"{month}-01"), language),
                format_number(count, language),
            )
            for month, count in evidence["months"].items()
        ],
        "neighborhoods": [
            (name, format_number(count, language))
            for name, count in evidence["neighborhoods"].items()
        ],
        "who_came": {
            "columns": who["neighborhoods"],
            "rows": [
                {
                    "label": labels.get(group, group),
                    "cells": [shown(value) for value in who["cells"][index]],
                    "total": shown(who["group_totals"][index]),
                }
                for index, group in enumerate(who["groups"])
            ],
            "column_totals": [shown(value) for value in who["neighborhood_totals"]],
            "grand_total": shown(who["total"]),
            "hidden_label": hidden,
        },
    }


@dataclass(frozen=True)
class FollowUpDialogue:
    """A dialogue planned because the committee asked for more community input."""

    dialogue_id: int
    title: str
    neighborhood: str
    status: str
    status_label: str
    # The first session still scheduled; None when every session was cancelled.
    starts_at: datetime | None
    sessions: int
    # A draft dialogue has no public page to link to.
    has_page: bool


def first_session_start() -> Subquery:
    """A dialogue's first scheduled session, as a subquery on Dialogue."""
    return Subquery(
        Session.objects.filter(dialogue=OuterRef("pk"), status=Session.Status.SCHEDULED)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )


def follow_up_dialogues(brief: ThemeBrief, language: str) -> list[FollowUpDialogue]:
    """Every follow-up dialogue of the brief, drafts included, in the order they meet."""
    dialogues = (
        brief.follow_up_dialogues.select_related("neighborhood", "primary_language")
        .annotate(
            first_starts_at=first_session_start(),
            session_count=Count("sessions", filter=Q(sessions__status=Session.Status.SCHEDULED)),
        )
        .order_by("first_starts_at", "pk")
    )
    with translation.override(language):
        return [
            FollowUpDialogue(
                dialogue_id=dialogue.pk,
                title=dialogue_title(dialogue, language),
                neighborhood=dialogue.neighborhood.name,
                status=dialogue.status,
                status_label=str(dialogue.get_status_display()),
                starts_at=dialogue.first_starts_at,
                sessions=dialogue.session_count,
                has_page=dialogue.status != Dialogue.Status.DRAFT,
            )
            for dialogue in dialogues
        ]


def follow_up_neighborhood(brief: ThemeBrief) -> Neighborhood | None:
    """Where the theme was heard most: the neighborhood with the most items in the evidence the
    committee read, or, without evidence, in the theme's confirmed feedback."""
    counts = (brief.evidence or {}).get("neighborhoods") or {}
    if counts:
        by_name = Neighborhood.objects.in_bulk(list(counts), field_name="name")
        # By count, then by name: a jsonb object keeps no order to break a tie with.
        for name, _count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])):
            if name in by_name:
                return by_name[name]
    heard = (
        recorded_confirmed_tags()
        .filter(
            theme_id=brief.theme_id,
        )
        .values("item__neighborhood_id")
        .annotate(items=Count("id"))
        .order_by("-items", "item__neighborhood__name")
        .values_list("item__neighborhood_id", flat=True)
        .first()
    )
    return Neighborhood.objects.filter(pk=heard).first() if heard else None


def follow_up_language() -> Language | None:
    """The reader's language among the dialogue languages, else the site's own."""
    codes = [translation.get_language(), settings.LANGUAGE_CODE]
    found = {language.code: language for language in Language.objects.filter(code__in=codes)}
    return next((found[code] for code in codes if code in found), None)
