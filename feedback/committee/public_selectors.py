"""What the public reads on "You said, we did": briefs past the draft stage, the committee's
decisions with their reasons, the recommendations that followed, and where the words came from.

Everything leaves this module as plain public records, never as model instances, so that a
template cannot reach who prepared, decided or updated anything (`by`, `created_by`) or the
meeting minutes, which may name people. Each page takes a fixed number of queries.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from babel import numbers
from django.db.models import Count, Prefetch, QuerySet
from django.utils import translation

from commonground.languages import babel_locale
from commonground.multilingual import LocalizedText, localized
from dialogues.messages import dialogue_title
from dialogues.models import Dialogue, Neighborhood
from feedback.committee.coordinator_selectors import first_session_start
from feedback.models import (
    BriefStatusChange,
    Recommendation,
    RecommendationUpdate,
    Theme,
    ThemeBrief,
)
from feedback.models.committee import DECISION_STATUSES
from feedback.selectors import recorded_confirmed_tags

FEED_LENGTH = 50


@dataclass(frozen=True)
class PublicFilter:
    theme: Theme | None = None
    neighborhood: Neighborhood | None = None


@dataclass(frozen=True)
class TimelineStep:
    status_label: str
    at: datetime
    # The committee's reason for a decision, or a recommendation's note; None when there is
    # none to give (a brief going on the docket).
    text: LocalizedText | None
    is_decision: bool
    votes: tuple[int, int, int] | None = None
    percent_label: str = ""


@dataclass(frozen=True)
class SourceDialogue:
    dialogue_id: int
    title: str
    neighborhood: str
    voices: int
    # A draft dialogue has no public page to link to.
    has_page: bool


@dataclass(frozen=True)
class PublicRecommendation:
    pk: int
    # The page shows a recommendation under each brief it joins; only the first carries the
    # anchor that the feed links to, so that ids stay unique.
    anchor: str
    title: LocalizedText
    department: str
    status: str
    status_label: str
    percent_complete: int
    percent_label: str
    timeline: list[TimelineStep]


@dataclass(frozen=True)
class PublicFollowUp:
    """A dialogue planned because the committee asked for more community input; never a
    draft, which has no public page."""

    dialogue_id: int
    title: str
    neighborhood: str
    status_label: str
    # The first session still scheduled; None when every session was cancelled.
    starts_at: datetime | None


@dataclass(frozen=True)
class PublicBrief:
    pk: int
    anchor: str
    title: LocalizedText
    summary: LocalizedText
    proposed_ask: LocalizedText
    status: str
    status_label: str
    timeline: list[TimelineStep]
    sources: list[SourceDialogue]
    recommendations: list[PublicRecommendation]
    follow_ups: list[PublicFollowUp]

    @property
    def voices(self) -> int:
        return sum(source.voices for source in self.sources)


@dataclass(frozen=True)
class PublicTheme:
    slug: str
    name: LocalizedText
    briefs: list[PublicBrief]


@dataclass(frozen=True)
class StatusChangeEntry:
    """One step of a brief or a recommendation, for the Atom feed."""

    key: str
    at: datetime
    subject: LocalizedText
    step: TimelineStep
    anchor: str
    department: str = ""


def brief_anchor(brief_id: int) -> str:
    return f"brief-{brief_id}"


def recommendation_anchor(recommendation_id: int) -> str:
    return f"recommendation-{recommendation_id}"


def public_briefs() -> QuerySet[ThemeBrief]:
    """Briefs the public may see: every one that has left the coordinators' drafts."""
    return ThemeBrief.objects.exclude(status=ThemeBrief.Status.DRAFT)


def themes_with_public_briefs() -> QuerySet[Theme]:
    return Theme.objects.filter(pk__in=public_briefs().values("theme_id"))


def format_percent(value: int, language: str) -> str:
    return numbers.format_percent(value / 100, locale=babel_locale(language))


def _brief_step(change: BriefStatusChange, language: str) -> TimelineStep:
    is_decision = change.status in DECISION_STATUSES
    has_votes = any(
        count is not None for count in (change.votes_for, change.votes_against, change.abstentions)
    )
    return TimelineStep(
        status_label=str(change.get_status_display()),
        at=change.at,
        text=localized(change.rationale, language) if change.rationale else None,
        is_decision=is_decision,
        votes=(
            (change.votes_for or 0, change.votes_against or 0, change.abstentions or 0)
            if has_votes
            else None
        ),
    )


def _recommendation_step(update: RecommendationUpdate, language: str) -> TimelineStep:
    return TimelineStep(
        status_label=str(update.get_status_display()),
        at=update.at,
        text=localized(update.note, language) if update.note else None,
        is_decision=update.status == Recommendation.Status.DECLINED,
        # Before the work starts, "0% complete" on every step would only be noise.
        percent_label=(
            format_percent(update.percent_complete, language) if update.percent_complete else ""
        ),
    )


def evidence_period(period: list | None) -> tuple[date | None, date | None]:
    """The evidence period a brief was routed with (its evidence's "period"): the feedback
    that fed it. A brief never routed has none."""
    start, end = period if isinstance(period, list) and len(period) == 2 else (None, None)
    return (
        date.fromisoformat(start) if start else None,
        date.fromisoformat(end) if end else None,
    )


def _voices_by_theme(theme_ids: set[int]) -> dict[int, list[tuple[int, date, int]]]:
    """Confirmed feedback items per theme, as (dialogue, day, count): one grouped query."""
    # Quotes and ideas in a report still being written are not feedback yet.
    counted = recorded_confirmed_tags().filter(
        theme_id__in=theme_ids,
    )
    grouped = defaultdict(list)
    # One confirmed tag per item and theme (a constraint), so tags count items.
    for theme_id, dialogue_id, day, count in (
        counted.values("theme_id", "item__dialogue_id", "item__occurred_on")
        .annotate(n=Count("id"))
        .values_list("theme_id", "item__dialogue_id", "item__occurred_on", "n")
    ):
        grouped[theme_id].append((dialogue_id, day, count))
    return grouped


def _sources(
    brief: ThemeBrief,
    voices: list[tuple[int, date, int]],
    dialogues: dict[int, Dialogue],
    language: str,
) -> list[SourceDialogue]:
    start, end = evidence_period((brief.evidence or {}).get("period"))
    per_dialogue: dict[int, int] = defaultdict(int)
    for dialogue_id, day, count in voices:
        if (start is None or day >= start) and (end is None or day <= end):
            per_dialogue[dialogue_id] += count
    sources = [
        SourceDialogue(
            dialogue_id=dialogue_id,
            title=dialogue_title(dialogues[dialogue_id], language),
            neighborhood=dialogues[dialogue_id].neighborhood.name,
            voices=count,
            has_page=dialogues[dialogue_id].status != Dialogue.Status.DRAFT,
        )
        for dialogue_id, count in per_dialogue.items()
    ]
    return sorted(sources, key=lambda source: (-source.voices, source.title))


def _history(model) -> Prefetch:
    return Prefetch("history", queryset=model.objects.order_by("at", "id"))


def _follow_ups() -> Prefetch:
    """Follow-up dialogues past the draft, each with its first scheduled session: one query
    for every brief on the page."""
    return Prefetch(
        "follow_up_dialogues",
        queryset=Dialogue.objects.exclude(status=Dialogue.Status.DRAFT)
        .select_related("neighborhood", "primary_language")
        .annotate(first_starts_at=first_session_start())
        .order_by("first_starts_at", "id"),
    )


def _follow_up(dialogue: Dialogue, language: str) -> PublicFollowUp:
    return PublicFollowUp(
        dialogue_id=dialogue.pk,
        title=dialogue_title(dialogue, language),
        neighborhood=dialogue.neighborhood.name,
        status_label=str(dialogue.get_status_display()),
        starts_at=dialogue.first_starts_at,
    )


def you_said_we_did(*, filters: PublicFilter, language: str) -> list[PublicTheme]:
    """Themes with their public briefs, newest brief first, each with its timeline, its source
    dialogues and counts of voices, and its recommendations.

    A neighborhood keeps the briefs that heard from at least one dialogue there; the brief
    still lists all its dialogues, because the decision was made on all of them.
    """
    briefs = (
        public_briefs()
        .select_related("theme")
        .prefetch_related(
            _history(BriefStatusChange),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.order_by("created_at", "id").prefetch_related(
                    _history(RecommendationUpdate)
                ),
            ),
            _follow_ups(),
        )
        .order_by("theme__position", "theme__slug", "-created_at", "-id")
    )
    if filters.theme is not None:
        briefs = briefs.filter(theme=filters.theme)
    briefs = list(briefs)
    voices = _voices_by_theme({brief.theme_id for brief in briefs})
    dialogue_ids = {dialogue_id for rows in voices.values() for dialogue_id, _day, _n in rows}
    dialogues = Dialogue.objects.select_related("neighborhood", "primary_language").in_bulk(
        dialogue_ids
    )
    themes: dict[int, PublicTheme] = {}
    anchored: set[int] = set()
    with translation.override(language):
        for brief in briefs:
            sources = _sources(brief, voices.get(brief.theme_id, []), dialogues, language)
            if filters.neighborhood is not None and not any(
                dialogues[source.dialogue_id].neighborhood_id == filters.neighborhood.pk
                for source in sources
            ):
                continue
            recommendations = []
            for recommendation in brief.recommendations.all():
                anchor = (
                    ""
                    if recommendation.pk in anchored
                    else recommendation_anchor(recommendation.pk)
                )
                anchored.add(recommendation.pk)
                recommendations.append(
                    PublicRecommendation(
                        pk=recommendation.pk,
                        anchor=anchor,
                        title=localized(recommendation.title, language),
                        department=recommendation.department,
                        status=recommendation.status,
                        status_label=str(recommendation.get_status_display()),
                        percent_complete=recommendation.percent_complete,
                        percent_label=format_percent(recommendation.percent_complete, language),
                        timeline=[
                            _recommendation_step(update, language)
                            for update in recommendation.history.all()
                        ],
                    )
                )
            theme = themes.setdefault(
                brief.theme_id,
                PublicTheme(
                    slug=brief.theme.slug, name=localized(brief.theme.name, language), briefs=[]
                ),
            )
            theme.briefs.append(
                PublicBrief(
                    pk=brief.pk,
                    anchor=brief_anchor(brief.pk),
                    title=localized(brief.title, language),
                    summary=localized(brief.public_summary, language),
                    proposed_ask=localized(brief.proposed_ask, language),
                    status=brief.status,
                    status_label=str(brief.get_status_display()),
                    timeline=[_brief_step(change, language) for change in brief.history.all()],
                    sources=sources,
                    recommendations=recommendations,
                    follow_ups=[
                        _follow_up(dialogue, language)
                        for dialogue in brief.follow_up_dialogues.all()
                    ],
                )
            )
    return list(themes.values())


def status_changes_newest_first(
    *, language: str, limit: int = FEED_LENGTH
) -> list[StatusChangeEntry]:
    """The latest steps of public briefs and of recommendations, newest first."""
    brief_changes = (
        BriefStatusChange.objects.exclude(brief__status=ThemeBrief.Status.DRAFT)
        .select_related("brief")
        .order_by("-at", "-id")[:limit]
    )
    updates = RecommendationUpdate.objects.select_related("recommendation").order_by("-at", "-id")[
        :limit
    ]
    with translation.override(language):
        entries = [
            StatusChangeEntry(
                key=f"brief-change-{change.pk}",
                at=change.at,
                subject=localized(change.brief.title, language),
                step=_brief_step(change, language),
                anchor=brief_anchor(change.brief_id),
            )
            for change in brief_changes
        ] + [
            StatusChangeEntry(
                key=f"recommendation-update-{update.pk}",
                at=update.at,
                subject=localized(update.recommendation.title, language),
                step=_recommendation_step(update, language),
                anchor=recommendation_anchor(update.recommendation_id),
                department=update.recommendation.department,
            )
            for update in updates
        ]
    entries.sort(key=lambda entry: (entry.at, entry.key), reverse=True)
    return entries[:limit]
