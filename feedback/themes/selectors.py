"""Reads for the theme taxonomy and tagging: who may tag which feedback, the tagging inbox, a
theme's source items, and counts.

Every count here is of CONFIRMED tags only: a suggestion waits for a person and counts nowhere.
"""

from dataclasses import dataclass
from datetime import date

from babel import UnknownLocaleError
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from commonground.languages import babel_locale, language_display_name
from commonground.multilingual import localized, missing_languages
from dialogues.models import Neighborhood, Session
from facilitators.models import Assignment
from feedback.models import FeedbackItem, RepresentativeQuote, Theme, ThemeTag
from feedback.selectors import recorded_feedback_items

FACILITATING_ROLES = (Assignment.Role.LEAD, Assignment.Role.CO_FACILITATOR)


class InboxState:
    """What the inbox's "state" filter offers, besides everything."""

    NEEDS_THEME = "needs_theme"
    SUGGESTED = "suggested"


# Who sees and tags which feedback


def facilitated_dialogue_ids(user: User) -> QuerySet:
    """The dialogues the user has accepted to lead or co-facilitate (a subquery)."""
    return Assignment.objects.filter(
        person_id=user.pk, role__in=FACILITATING_ROLES, status=Assignment.Status.ACCEPTED
    ).values("dialogue_id")


def sees_all_feedback(user: User) -> bool:
    return user_has_role(user, Role.COORDINATOR)


def may_tag(user: User, item: FeedbackItem) -> bool:
    """Coordinators tag any item; facilitators the items of dialogues they facilitate."""
    if sees_all_feedback(user):
        return True
    return (
        user_has_role(user, Role.FACILITATOR)
        and facilitated_dialogue_ids(user).filter(dialogue_id=item.dialogue_id).exists()
    )


def feedback_items_visible_to(user: User) -> QuerySet[FeedbackItem]:
    if sees_all_feedback(user):
        return recorded_feedback_items()
    if user_has_role(user, Role.FACILITATOR):
        return recorded_feedback_items().filter(dialogue_id__in=facilitated_dialogue_ids(user))
    return FeedbackItem.objects.none()


def sessions_with_feedback_for(user: User) -> QuerySet[Session]:
    """Sessions the user may see feedback of and that have some, newest first."""
    items = feedback_items_visible_to(user).filter(session_id=OuterRef("pk"))
    return (
        Session.objects.filter(Exists(items))
        .select_related("dialogue__neighborhood", "dialogue__primary_language")
        .order_by("-starts_at", "-pk")
    )


# Themes


def themes_in_order(*, active_only: bool = False) -> QuerySet[Theme]:
    themes = Theme.objects.order_by("position", "slug")
    return themes.filter(is_active=True) if active_only else themes


def theme_label(theme: Theme, language: str) -> str:
    """A theme's name as plain text (for a <select>), its fallback language named after it."""
    name = localized(theme.name, language)
    if not name.is_fallback:
        return name.text or theme.slug
    return f"{name.text} ({language_display_name(name.language, language)})"


def confirmed_item_counts_by_theme(
    *, items: QuerySet[FeedbackItem] | None = None
) -> dict[int, int]:
    """Theme id -> how many feedback items a person has given that theme, over `items` (all
    items when None). Suggestions and rejected tags are not counted. One query."""
    tags = ThemeTag.objects.filter(status=ThemeTag.Status.CONFIRMED)
    if items is not None:
        tags = tags.filter(item__in=items)
    # (item, theme) is unique, so counting tags counts items.
    return dict(
        tags.values("theme_id").annotate(count=Count("pk")).values_list("theme_id", "count")
    )


def open_suggestion_counts_by_theme() -> dict[int, int]:
    """Theme id -> suggestions waiting for a person: work to do, never a measure of a theme."""
    return dict(
        ThemeTag.objects.filter(status=ThemeTag.Status.SUGGESTED)
        .values("theme_id")
        .annotate(count=Count("pk"))
        .values_list("theme_id", "count")
    )


@dataclass(frozen=True)
class ThemeOverview:
    theme: Theme
    confirmed_items: int
    open_suggestions: int
    is_first: bool
    is_last: bool
    # Configured languages the theme's name is not yet translated into.
    untranslated: list[str]


def themes_overview() -> list[ThemeOverview]:
    """Every theme in order, with its counts, for the coordinators' theme editor."""
    themes = list(themes_in_order())
    confirmed = confirmed_item_counts_by_theme()
    suggested = open_suggestion_counts_by_theme()
    return [
        ThemeOverview(
            theme=theme,
            confirmed_items=confirmed.get(theme.pk, 0),
            open_suggestions=suggested.get(theme.pk, 0),
            is_first=index == 0,
            is_last=index == len(themes) - 1,
            untranslated=missing_languages(theme.name),
        )
        for index, theme in enumerate(themes)
    ]


# The tagging inbox


@dataclass(frozen=True)
class InboxFilters:
    theme: Theme | None = None
    state: str = ""
    neighborhood: Neighborhood | None = None
    kind: str = ""
    session: Session | None = None


def inbox_items(*, user: User, filters: InboxFilters) -> QuerySet[FeedbackItem]:
    """The feedback the user may tag, newest first, with what the inbox shows of each.

    With a theme and the state "needs a theme" or "has suggestions", the theme filter means
    items *suggested* for that theme; otherwise items confirmed in it.
    """
    items = feedback_items_visible_to(user)
    confirmed = ThemeTag.objects.filter(item=OuterRef("pk"), status=ThemeTag.Status.CONFIRMED)
    suggested = ThemeTag.objects.filter(item=OuterRef("pk"), status=ThemeTag.Status.SUGGESTED)
    if filters.state == InboxState.NEEDS_THEME:
        items = items.filter(~Exists(confirmed))
    elif filters.state == InboxState.SUGGESTED:
        items = items.filter(Exists(suggested))
    if filters.theme is not None:
        tagged = suggested if filters.state else confirmed
        items = items.filter(Exists(tagged.filter(theme=filters.theme)))
    if filters.neighborhood is not None:
        items = items.filter(neighborhood=filters.neighborhood)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.session is not None:
        items = items.filter(session=filters.session)
    return (
        items.select_related(
            "session", "neighborhood", "dialogue__neighborhood", "dialogue__primary_language"
        )
        .prefetch_related(
            Prefetch(
                "tags",
                queryset=ThemeTag.objects.exclude(status=ThemeTag.Status.REJECTED)
                .select_related("theme")
                .order_by("theme__position", "theme__slug"),
            )
        )
        .order_by("-occurred_on", "-pk")
    )


def text_direction(language: str) -> str:
    """The direction of text written in `language`; "auto" for a code nobody configured."""
    if language in settings.LANGUAGES_BIDI:
        return "rtl"
    return "ltr" if language in dict(settings.LANGUAGES) else "auto"


def html_lang(language: str) -> str:
    """An HTML lang value for an item's language, or "" when the code is not one CLDR knows."""
    try:
        return str(babel_locale(language)).replace("_", "-")
    except (ValueError, UnknownLocaleError):
        return ""


# A theme's source items and quotes


def theme_items(
    *,
    theme: Theme,
    user: User,
    neighborhood: Neighborhood | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[FeedbackItem]:
    """The items a person confirmed in `theme` that the user may see, newest first."""
    items = feedback_items_visible_to(user).filter(
        Exists(
            ThemeTag.objects.filter(
                item=OuterRef("pk"), theme=theme, status=ThemeTag.Status.CONFIRMED
            )
        )
    )
    if neighborhood is not None:
        items = items.filter(neighborhood=neighborhood)
    if date_from is not None:
        items = items.filter(occurred_on__gte=date_from)
    if date_to is not None:
        items = items.filter(occurred_on__lte=date_to)
    return items.select_related(
        "session", "neighborhood", "dialogue__neighborhood", "dialogue__primary_language"
    ).order_by("-occurred_on", "-pk")


def theme_quotes(theme: Theme) -> QuerySet[RepresentativeQuote]:
    return RepresentativeQuote.objects.filter(theme=theme).select_related(
        "item__neighborhood", "item__dialogue__neighborhood", "item__dialogue__primary_language"
    )


def neighborhoods_with_feedback_for(user: User) -> QuerySet[Neighborhood]:
    items = feedback_items_visible_to(user).filter(neighborhood_id=OuterRef("pk"))
    return Neighborhood.objects.filter(Exists(items)).order_by("name")
