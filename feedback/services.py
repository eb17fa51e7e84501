"""Recording what residents said, from every source, as feedback items."""

from django.db import transaction
from django.utils import timezone

from commonground.formatting import city_time_zone
from dialogues.models import Contribution, Session
from feedback.models import FeedbackItem, SessionReport, SurveyResponse, Theme, ThemeTag
from feedback.suggestions import theme_for_label, theme_suggestions_create


def _where(session: Session) -> dict:
    dialogue = session.dialogue
    return {
        "session": session,
        "dialogue": dialogue,
        "neighborhood_id": dialogue.neighborhood_id,
        "program_id": dialogue.program_id,
        "occurred_on": timezone.localtime(session.starts_at, city_time_zone()).date(),
    }


def feedback_item_create(
    *,
    session: Session,
    kind: str,
    text: str,
    language: str,
    survey_response: SurveyResponse | None = None,
    report: SessionReport | None = None,
) -> FeedbackItem:
    """Records one item and suggests themes for it after commit."""
    item = FeedbackItem.objects.create(
        kind=kind,
        text=text.strip(),
        language=language,
        survey_response=survey_response,
        report=report,
        **_where(session),
    )
    transaction.on_commit(lambda: theme_suggestions_create(item_ids=[item.pk]))
    return item


def feedback_items_from_live_room(*, session_id: int) -> int:
    """Copies a live session's contributions into feedback, once each. Contributions the
    facilitators hid are left out. A console tag that names a theme becomes that theme,
    confirmed by the facilitator who tagged it. Returns how many items were new."""
    session = Session.objects.select_related("dialogue").get(pk=session_id)
    contributions = list(
        Contribution.objects.filter(
            room__session_id=session_id, hidden_at__isnull=True, feedback_item__isnull=True
        )
        .select_related("participant")
        .prefetch_related("tags__added_by")
        .order_by("pk")
    )
    if not contributions:
        return 0
    themes = list(Theme.objects.filter(is_active=True))
    where = _where(session)
    with transaction.atomic():
        items = FeedbackItem.objects.bulk_create(
            [
                FeedbackItem(
                    kind=FeedbackItem.Kind.CONTRIBUTION,
                    text=contribution.text,
                    language=contribution.language,
                    contribution=contribution,
                    **where,
                )
                for contribution in contributions
            ],
            ignore_conflicts=False,
        )
        tags = []
        for item, contribution in zip(items, contributions, strict=True):
            seen = set()
            for console_tag in contribution.tags.all():
                theme = theme_for_label(console_tag.tag, themes)
                if theme is None or theme.pk in seen or console_tag.added_by.user_id is None:
                    continue
                seen.add(theme.pk)
                tags.append(
                    ThemeTag(
                        item=item,
                        theme=theme,
                        status=ThemeTag.Status.CONFIRMED,
                        decided_by_id=console_tag.added_by.user_id,
                        decided_at=console_tag.added_at,
                    )
                )
        ThemeTag.objects.bulk_create(tags)
        item_ids = [item.pk for item in items]
        transaction.on_commit(lambda: theme_suggestions_create(item_ids=item_ids))
    return len(items)
