from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from accounts.notifications import ROLE_GRANTED
from accounts.roles import ROLE_AREA_URL_NAMES, Role
from accounts.selectors import ROLE_CACHE_ATTRIBUTE
from notifications.services import notification_enqueue


class UnsupportedLanguage(ValueError):
    """The language is not one this deployment offers."""


def _forget_cached_roles(user: User) -> None:
    if hasattr(user, ROLE_CACHE_ATTRIBUTE):
        delattr(user, ROLE_CACHE_ATTRIBUTE)


def role_grant(*, user: User, role: Role) -> int | None:
    """Grants the role; returns the new membership's ID, or None if the user held it already."""
    # get_or_create: a flushed test database loses the groups the data migration made.
    group, _ = Group.objects.get_or_create(name=role)
    membership, created = User.groups.through.objects.get_or_create(user=user, group=group)
    _forget_cached_roles(user)
    return membership.pk if created else None


def role_revoke(*, user: User, role: Role) -> None:
    user.groups.remove(*Group.objects.filter(name=role))
    _forget_cached_roles(user)


@transaction.atomic
def user_roles_set(*, user: User, roles: set[Role]) -> None:
    """A coordinator's choice of roles, besides resident, which every account keeps.

    The person hears of each role that is new to them, in their language.
    """
    for role in Role:
        if role == Role.RESIDENT:
            continue
        if role not in roles:
            role_revoke(user=user, role=role)
            continue
        membership_id = role_grant(user=user, role=role)
        if membership_id is not None:
            notification_enqueue(
                kind=ROLE_GRANTED.key,
                idempotency_key=f"account:role-granted:{membership_id}",
                recipient=user,
                context={"role": role.value, "area_url_name": ROLE_AREA_URL_NAMES[role]},
            )


def user_create(
    *,
    email: str,
    password: str | None = None,
    display_name: str = "",
    preferred_language: str = settings.LANGUAGE_CODE,
    roles: tuple[Role, ...] = (),
) -> User:
    """Creates an account; every account is a resident. No password means sign-in by code."""
    _require_configured_language(preferred_language)
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            display_name=display_name,
            preferred_language=preferred_language,
        )
        for role in roles:
            role_grant(user=user, role=role)
    return user


def user_profile_update(*, user: User, display_name: str, preferred_language: str) -> User:
    _require_configured_language(preferred_language)
    user.display_name = display_name.strip()
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "preferred_language"])
    return user


def user_preferred_language_set(*, user: User, language: str) -> None:
    _require_configured_language(language)
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def _require_configured_language(language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise UnsupportedLanguage(language)
