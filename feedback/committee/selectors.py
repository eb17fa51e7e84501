"""What the committee workspace reads: the docket, a brief with its record, a recommendation.

Drafts stay with the coordinators until they are routed, so nothing here returns them.
"""

from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from feedback.models import (
    BriefComment,
    BriefStatusChange,
    Recommendation,
    RecommendationUpdate,
    ThemeBrief,
)

# The docket reads from what waits for a decision to what has been settled.
DOCKET_ORDER = [
    ThemeBrief.Status.ON_DOCKET,
    ThemeBrief.Status.MORE_INPUT,
    ThemeBrief.Status.ACCEPTED,
    ThemeBrief.Status.NOT_ADOPTED,
]


@dataclass(frozen=True)
class DocketGroup:
    status: ThemeBrief.Status
    briefs: list[ThemeBrief]


def _routed_briefs() -> QuerySet[ThemeBrief]:
    return ThemeBrief.objects.exclude(status=ThemeBrief.Status.DRAFT)


def docket() -> list[DocketGroup]:
    """Every routed brief, grouped by status in DOCKET_ORDER, newest routing first; each brief
    carries `routed_at` (its latest routing) and `comment_count`."""
    briefs = (
        _routed_briefs()
        .select_related("theme")
        .annotate(
            routed_at=Max("history__at", filter=Q(history__status=ThemeBrief.Status.ON_DOCKET)),
            comment_count=Count("comments", distinct=True),
        )
        .order_by("-routed_at", "-pk")
    )
    by_status: dict[str, list[ThemeBrief]] = {status: [] for status in DOCKET_ORDER}
    for brief in briefs:
        by_status[brief.status].append(brief)
    return [DocketGroup(status, by_status[status]) for status in DOCKET_ORDER]


def brief_for_committee(*, brief_id: int) -> ThemeBrief:
    """A routed brief with its quotes, action ideas, history, discussion and recommendations;
    404 for a draft or a missing brief."""
    return get_object_or_404(
        _routed_briefs()
        .select_related("theme")
        .prefetch_related(
            "quotes__item__neighborhood",
            "action_ideas__neighborhood",
            Prefetch("history", queryset=BriefStatusChange.objects.select_related("by")),
            Prefetch("comments", queryset=BriefComment.objects.select_related("author")),
            "recommendations",
        ),
        pk=brief_id,
    )


def recommendation_for_committee(*, recommendation_id: int) -> Recommendation:
    """A recommendation with its history and the briefs it came from."""
    return get_object_or_404(
        Recommendation.objects.prefetch_related(
            Prefetch("history", queryset=RecommendationUpdate.objects.select_related("by")),
            Prefetch("briefs", queryset=ThemeBrief.objects.select_related("theme")),
        ),
        pk=recommendation_id,
    )
