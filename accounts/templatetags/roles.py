from django import template

from accounts.roles import Role

register = template.Library()


@register.filter
def role_label(value: str) -> str:
    """A role's name in the active language, from its stored value."""
    return Role(value).label if value in Role.values else value
