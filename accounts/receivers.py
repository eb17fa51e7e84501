from accounts.roles import Role
from accounts.services import role_grant


def grant_resident_role_to_new_account(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        role_grant(user=instance, role=Role.RESIDENT)
