from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from accounts.roles import ROLE_AREA_URL_NAMES, Role
from accounts.selectors import user_roles
from commonground.languages import language_name_local
from notifications.consumers import unread_label
from notifications.selectors import unread_count


def _language_options() -> list[dict]:
    current = translation.get_language()
    return [
        {"code": code, "name": language_name_local(code), "is_current": code == current}
        for code, _name in settings.LANGUAGES
    ]


def _role_areas(user) -> list[dict]:
    """Links to the areas of the roles the user holds, beyond the resident's own page."""
    labels = {
        Role.FACILITATOR: _("Facilitator area"),
        Role.INTERPRETER: _("Interpreter area"),
        Role.COORDINATOR: _("Coordinator area"),
        Role.COMMITTEE_MEMBER: _("Committee docket"),
    }
    roles = user_roles(user)
    return [
        {"url": reverse(ROLE_AREA_URL_NAMES[role]), "label": label}
        for role, label in labels.items()
        if role in roles
    ]


def _unread_notifications(user) -> dict:
    count = unread_count(user)
    return {"count": count, "label": unread_label(count)}


def site(request):
    return {
        "city_name": settings.CITY_NAME,
        "current_language_name": language_name_local(translation.get_language()),
        "language_options": SimpleLazyObject(_language_options),
        "role_areas": SimpleLazyObject(lambda: _role_areas(request.user)),
        "unread_notifications": SimpleLazyObject(
            lambda: _unread_notifications(request.user) if request.user.is_authenticated else {}
        ),
    }
