"""What committee members are told when a coordinator puts a brief on their docket."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from commonground.multilingual import localized
from feedback.models import ThemeBrief
from feedback.summaries.presentation import theme_name
from notifications.kinds import Category, Channel, NotificationKind
from notifications.services import Outgoing

BRIEF_ROUTED = NotificationKind(
    "feedback.brief_routed",
    Category.DIGESTS,
    frozenset({Channel.EMAIL, Channel.IN_APP}),
    _("A brief is on the committee's docket"),
)
OUTCOMES_DIGEST = NotificationKind(
    "feedback.outcomes",
    Category.OUTCOMES,
    frozenset({Channel.EMAIL, Channel.IN_APP}),
    _("What the committee and the city did with residents' words"),
)
KINDS = [BRIEF_ROUTED, OUTCOMES_DIGEST]
# Routing and decisions are events, not dates: nothing here is sent on a reminder schedule.
# Outcome news goes out as digests (feedback.committee.loop, registered in the app config).
SCHEDULES = []


def _message_language(person: User) -> str:
    """The person's language, or the site's if this deployment does not offer theirs."""
    language = person.preferred_language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def committee_brief_url(brief_id: int, language: str) -> str:
    """Where committee members read the brief, in the reader's language."""
    with translation.override(language):
        path = reverse("feedback:committee_brief", args=[brief_id])
    return settings.SITE_URL + path


def brief_routed_message(brief: ThemeBrief, member: User, routing_number: int) -> Outgoing:
    """The note to one member. The routing number is in the key: a brief sent back for more
    input and routed again is news again, while a retry of the same routing is not."""
    language = _message_language(member)
    title = localized(brief.title, language)
    return Outgoing(
        idempotency_key=f"feedback.brief_routed:{brief.pk}:{routing_number}:{member.pk}",
        recipient=member,
        language=language,
        context={
            "name": member.display_name or member.email,
            "title": title.text,
            "title_language": title.language,
            "theme": theme_name(brief.theme, language),
            "routed_again": routing_number > 1,
            "brief_url": committee_brief_url(brief.pk, language),
        },
    )
