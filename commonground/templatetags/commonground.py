from django import template
from django.utils import translation
from django.utils.dateparse import parse_datetime

from commonground import formatting, multilingual
from commonground.languages import babel_locale, language_display_name

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


@register.simple_tag
def time_range(starts_at, ends_at):
    return formatting.format_time_range(_as_datetime(starts_at), _as_datetime(ends_at))


@register.simple_tag
def localized_text(value, *fallbacks):
    """A coordinator's text in the active language, or visibly in another (see multilingual)."""
    return multilingual.localized(value, translation.get_language(), *fallbacks)


@register.filter
def language_name(code):
    """A language's name in the active language."""
    return language_display_name(code, translation.get_language())


@register.simple_tag
def time_of_day(value):
    return formatting.format_time_of_day(value)
