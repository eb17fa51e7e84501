from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "dialogues"
    verbose_name = _("Dialogues")

    def ready(self):
        from dialogues.messages import KINDS, SESSION_REMINDER
        from dialogues.selectors import reminder_occurrences
        from notifications.kinds import register_kind
        from notifications.reminders import ReminderSchedule, register_reminder_schedule

        for kind in KINDS:
            register_kind(kind)
        register_reminder_schedule(
            ReminderSchedule(
                event_type="session",
                kind=SESSION_REMINDER.key,
                offsets=(timedelta(hours=48), timedelta(hours=3)),
                occurrences=reminder_occurrences,
            )
        )
