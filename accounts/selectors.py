from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, Group
from django.db.models import Count

from accounts.roles import Role

ROLE_CACHE_ATTRIBUTE = "_commonground_roles"


def user_roles(user: AbstractBaseUser | AnonymousUser) -> frozenset[Role]:
    """The roles of an active account; none for anonymous or deactivated users.

    Superusers hold every role. The result is cached on the user object for the request.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    roles = getattr(user, ROLE_CACHE_ATTRIBUTE, None)
    if roles is None:
        if user.is_superuser:
            roles = frozenset(Role)
        else:
            names = user.groups.filter(name__in=Role.values).values_list("name", flat=True)
            roles = frozenset(Role(name) for name in names)
        setattr(user, ROLE_CACHE_ATTRIBUTE, roles)
    return roles


def user_has_role(user: AbstractBaseUser | AnonymousUser, *roles: Role) -> bool:
    """Whether the user holds at least one of the roles."""
    return not user_roles(user).isdisjoint(roles)


def user_preferred_language(user: AbstractBaseUser | AnonymousUser) -> str | None:
    """The account's preferred language, if it is one this deployment offers."""
    if not user.is_authenticated:
        return None
    language = user.preferred_language
    return language if language in dict(settings.LANGUAGES) else None


def role_member_counts() -> dict[Role, int]:
    """How many active accounts hold each role."""
    counts = dict(
        Group.objects.filter(name__in=Role.values, user__is_active=True)
        .annotate(members=Count("user"))
        .values_list("name", "members")
    )
    return {role: counts.get(role.value, 0) for role in Role}
