"""The survey invitation: one email (and in-app note) to each attendee after a session."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from feedback.survey.selectors import INVITATION_EVENT_TYPE, survey_invitation_occurrences
from notifications.kinds import Category, Channel, NotificationKind
from notifications.reminders import ReminderSchedule

SURVEY_INVITATION = NotificationKind(
    "feedback.survey_invitation",
    Category.REMINDERS,
    frozenset({Channel.EMAIL, Channel.IN_APP}),
    _("Survey after a dialogue"),
)
KINDS = [SURVEY_INVITATION]

SCHEDULES = [
    ReminderSchedule(
        event_type=INVITATION_EVENT_TYPE,
        kind=SURVEY_INVITATION.key,
        # The occurrence is the invitation time itself (two hours after the session ends).
        offsets=(timedelta(0),),
        occurrences=survey_invitation_occurrences,
        # A tick that did not run for a while still invites; after three days it would come
        # too late to be worth answering.
        lookback=timedelta(days=3),
    )
]
