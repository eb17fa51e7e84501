from django.db.models import Q, QuerySet

from commonground.multilingual import localized
from feedback.models import FeedbackItem, SessionReport, Theme, ThemeTag


def theme_names(language: str) -> list[str]:
    """The names of the themes in use, in the reader's language (or visibly another)."""
    return [
        localized(theme.name, language).text or theme.slug
        for theme in Theme.objects.filter(is_active=True)
    ]


def recorded_feedback_items() -> QuerySet[FeedbackItem]:
    """Every feedback item except the quotes and ideas of reports still being written."""
    return FeedbackItem.objects.filter(
        Q(report__isnull=True) | Q(report__status=SessionReport.Status.SUBMITTED)
    )


def recorded_confirmed_tags() -> QuerySet[ThemeTag]:
    """The confirmed themes of recorded feedback: what counts as residents having raised a
    theme. One confirmed tag per item and theme (a constraint), so these count items."""
    return ThemeTag.objects.filter(
        Q(item__report__isnull=True) | Q(item__report__status=SessionReport.Status.SUBMITTED),
        status=ThemeTag.Status.CONFIRMED,
    )
