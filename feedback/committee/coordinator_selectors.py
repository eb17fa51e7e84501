"""What coordinators read while preparing briefs: the briefs by status, what a brief can cite,
and its evidence as a reader sees it."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from commonground.formatting import format_number
from dialogues.messages import dialogue_title
from dialogues.models import Dialogue
from feedback.models import (
    FeedbackItem,
    RepresentativeQuote,
    SessionReport,
    Theme,
    ThemeBrief,
    ThemeTag,
)
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
    for brief in ThemeBrief.objects.select_related("theme", "created_by"):
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
