from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitatorsConfig(AppConfig):
    name = "facilitators"
    verbose_name = _("Facilitators")

    def ready(self):
        from facilitators.messages import KINDS
        from notifications.kinds import register_kind

        for kind in KINDS:
            register_kind(kind)
