from django.contrib.auth.backends import BaseBackend

from accounts.roles import Role
from accounts.selectors import user_has_role


class CoordinatorPermissionsBackend(BaseBackend):
    """Coordinators may view and change every model in the admin."""

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return user_has_role(user_obj, Role.COORDINATOR)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return user_has_role(user_obj, Role.COORDINATOR)
