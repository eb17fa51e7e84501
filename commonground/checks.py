from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def background_work_check(app_configs, **kwargs):
    """Production needs queued email delivery and authenticated provider webhooks."""
    problems = []
    if settings.BACKGROUND_TASKS != "database":
        problems.append(
            Warning(
                "BACKGROUND_TASKS is 'immediate': email is sent inside web requests.",
                hint="Set BACKGROUND_TASKS=database and run `manage.py db_worker` processes.",
                id="commonground.W001",
            )
        )
    if settings.EMAIL_BACKEND.startswith("anymail.") and not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        problems.append(
            Warning(
                "ANYMAIL_WEBHOOK_SECRET is not set: anyone could post bounce events.",
                hint="Set it to 'user:password' and use the same in the provider's webhook URL.",
                id="commonground.W002",
            )
        )
    return problems
