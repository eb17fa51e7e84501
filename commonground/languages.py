"""Interface languages: which ones exist, what they are called, and which way they run.

Names and text direction come from CLDR through babel, so a city can add a language with an
environment variable and a catalog in locale/, without code changes. Django's own LANG_INFO
lacks some of the languages cities need (Haitian Creole, Cabo Verdean Creole, Somali); they are
added to it here from the same CLDR data.
"""

from functools import cache

from babel import Locale, UnknownLocaleError
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import to_locale

# Boston's language-access languages, in the order the language switcher shows them.
ALL_LANGUAGE_CODES = [
    "en",
    "es",
    "ht",
    "zh-hans",
    "zh-hant",
    "vi",
    "kea",
    "pt-br",
    "ru",
    "ar",
    "so",
    "fr",
]


@cache
def babel_locale(language_code: str) -> Locale:
    """The babel locale for a Django language code such as 'zh-hans' or 'pt-br'."""
    return Locale.parse(to_locale(language_code))


def _capitalized(name: str) -> str:
    # CLDR writes many names in lower case for use inside sentences ("español"); in a menu they
    # stand alone, where most languages capitalize. Scripts without case are unaffected.
    return name[:1].upper() + name[1:]


def language_settings(codes: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """LANGUAGES and LANGUAGES_BIDI for the configured codes.

    Also adds CLDR's information to Django's LANG_INFO for any code Django does not know, so
    that get_language_info() and the {% get_language_info %} tag work for every language.
    """
    languages = []
    right_to_left = []
    for code in codes:
        try:
            locale = babel_locale(code)
        except (ValueError, UnknownLocaleError):
            raise ImproperlyConfigured(
                f"LANGUAGES lists {code!r}, which is not a language code CLDR knows."
            ) from None
        english_name = locale.get_display_name("en")
        languages.append((code, english_name))
        if locale.text_direction == "rtl":
            right_to_left.append(code)
        LANG_INFO.setdefault(
            code,
            {
                "bidi": locale.text_direction == "rtl",
                "code": code,
                "name": english_name,
                "name_local": language_name_local(code),
            },
        )
    return languages, right_to_left


@cache
def language_name_local(language_code: str) -> str:
    """The language's own name for itself, in its own script, e.g. 'Kreyòl Ayisyen'."""
    locale = babel_locale(language_code)
    return _capitalized(locale.get_display_name(locale))


@cache
def language_display_name(code: str, reader_language: str, fallback: str = "") -> str:
    """A language's name for a reader: "Spanish" for English readers, "Tây Ban Nha" for
    Vietnamese ones. Codes CLDR does not know keep the name a coordinator gave them."""
    try:
        name = babel_locale(code).get_display_name(babel_locale(reader_language))
    except (ValueError, UnknownLocaleError):
        # Languages without locale data of their own, such as American Sign Language (ase),
        # still have names in the reader's locale.
        name = babel_locale(reader_language).languages.get(code.replace("-", "_"))
    return _capitalized(name) if name else fallback or code
