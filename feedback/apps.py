from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback and themes")

    def ready(self):
        post_migrate.connect(_seed_themes, sender=self)
        from feedback.committee import messages as committee_messages
        from feedback.reports import messages as report_messages
        from feedback.survey import messages as survey_messages
        from notifications.kinds import register_kind
        from notifications.reminders import register_reminder_schedule

        for module in (survey_messages, report_messages, committee_messages):
            for kind in module.KINDS:
                register_kind(kind)
            for schedule in module.SCHEDULES:
                register_reminder_schedule(schedule)
        from feedback.committee.loop import outcome_digests_send_due
        from notifications.digests import register_digest

        register_digest("feedback.outcomes", outcome_digests_send_due)


def _seed_themes(sender, using, **kwargs):
    from feedback.theme_seed import theme_taxonomy_seed

    theme_taxonomy_seed(using=using)
