from django_tasks import task

from feedback.suggestions import theme_suggestions_refresh


@task()
def refresh_theme_suggestions() -> int:
    """Suggests themes again for all untagged feedback after keyword lists changed."""
    return theme_suggestions_refresh()
