from django import template
from django.utils.dateparse import parse_datetime

from commonground import formatting
from commonground.languages import babel_locale

register = template.Library()


@register.filter
def bcp47(language_code: str) -> str:
    """A Django language code as an HTML lang value: 'zh-hans' becomes 'zh-Hans'."""
    return str(babel_locale(language_code)).replace("_", "-")


def _as_datetime(value):
    # Notification contexts keep datetimes as ISO text (JSON has no datetime type).
    return parse_datetime(value) if isinstance(value, str) else value


@register.filter
def local_datetime(value, format="medium"):
    return formatting.format_datetime_local(_as_datetime(value), format) if value else ""


@register.filter
def local_date(value, format="long"):
    return formatting.format_date_local(_as_datetime(value), format) if value else ""


@register.filter
def number(value):
    return formatting.format_number(value)
