from django.db.models import Q, QuerySet

from commonground.multilingual import localized
from feedback.models import FeedbackItem, SessionReport, Theme


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
