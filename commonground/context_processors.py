from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.selectors import user_roles
from commonground.languages import language_name_local


def _language_options() -> list[dict]:
    current = translation.get_language()
    return [
        {"code": code, "name": language_name_local(code), "is_current": code == current}
        for code, _name in settings.LANGUAGES
    ]


def _role_areas(user) -> list[dict]:
    """Links to the areas of the roles the user holds, beyond the resident's own page."""
    areas = [
        (Role.FACILITATOR, "facilitators:facilitator_home", _("Facilitator area")),
        (Role.INTERPRETER, "facilitators:interpreter_home", _("Interpreter area")),
        (Role.COORDINATOR, "dialogues:coordinator_home", _("Coordinator area")),
        (Role.COMMITTEE_MEMBER, "feedback:committee_home", _("Committee docket")),
    ]
    roles = user_roles(user)
    return [{"url": reverse(name), "label": label} for role, name, label in areas if role in roles]


def site(request):
    return {
        "city_name": settings.CITY_NAME,
        "current_language_name": language_name_local(translation.get_language()),
        "language_options": SimpleLazyObject(_language_options),
        "role_areas": SimpleLazyObject(lambda: _role_areas(request.user)),
    }
