from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts.models import User
        from accounts.notifications import ROLE_GRANTED
        from accounts.receivers import grant_resident_role_to_new_account
        from notifications.kinds import register_kind

        post_save.connect(grant_resident_role_to_new_account, sender=User)
        register_kind(ROLE_GRANTED)
