"""Translation catalogs in locale/, extracted and compiled with babel (no system gettext).

Extraction reads our Python code and templates, plus the modules of Django and allauth whose
strings appear on our pages (form labels, validation errors). Django and allauth ship no
catalogs for some of our languages (Haitian Creole, Cabo Verdean Creole, Somali, and for allauth
also Vietnamese), so those strings live in our catalogs too. Where Django or allauth already has
a translation, updating a catalog copies it in as the starting point.
"""

import copy
import io
from collections.abc import Iterator
from pathlib import Path

import allauth
import django
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract, extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.utils import timezone
from django.utils.translation import to_locale
from django.utils.translation.template import templatize

DOMAIN = "django"
SOURCE_LANGUAGE = "en"
DRAFT_NOTICE = (
    "Draft translation: awaits review by community translators. "
    "Please send corrections to the Common Ground project."
)
CATALOG_VERSION = "1"
DRAFT_TRANSLATOR = "Draft, awaiting community review"
LANGUAGE_TEAM = "Common Ground community translators"
BUGS_ADDRESS = "https://github.com/commonground-civic/commonground/issues"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
PROJECT_APPS = [
    "commonground",
    "accounts",
    "dialogues",
    "facilitators",
    "feedback",
    "notifications",
]
TEMPLATE_SUFFIXES = {".html", ".txt"}
DJANGO_DIR = Path(django.__file__).parent
ALLAUTH_DIR = Path(allauth.__file__).parent
# Modules of our dependencies whose strings residents see on our pages.
DEPENDENCY_SOURCES = [
    DJANGO_DIR / "forms" / "fields.py",
    DJANGO_DIR / "core" / "validators.py",
    DJANGO_DIR / "contrib" / "auth" / "password_validation.py",
    ALLAUTH_DIR / "account" / "forms.py",
    ALLAUTH_DIR / "account" / "fields.py",
    ALLAUTH_DIR / "account" / "adapter.py",
]
DEPENDENCY_LOCALE_DIRS = [ALLAUTH_DIR / "locale", DJANGO_DIR / "conf" / "locale"]


def _project_python_files() -> Iterator[Path]:
    for app in PROJECT_APPS:
        for path in sorted((settings.BASE_DIR / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _project_template_files() -> Iterator[Path]:
    for path in sorted((settings.BASE_DIR / "templates").rglob("*")):
        if path.suffix in TEMPLATE_SUFFIXES:
            yield path


def _location(path: Path) -> str:
    base = settings.BASE_DIR
    if path.is_relative_to(base):
        return str(path.relative_to(base))
    for package_dir in (DJANGO_DIR, ALLAUTH_DIR):
        if path.is_relative_to(package_dir.parent):
            return str(path.relative_to(package_dir.parent))
    return str(path)


def interface_messages() -> Catalog:
    """Every string the interface can show, as a template catalog (a POT)."""
    template = Catalog(project="Common Ground", charset="utf-8", fuzzy=False)
    for path in [*_project_python_files(), *DEPENDENCY_SOURCES]:
        for lineno, message, comments, context in extract_from_file(
            "python", path, keywords=KEYWORDS, comment_tags=("Translators:",)
        ):
            template.add(
                message,
                locations=[(_location(path), lineno)],
                auto_comments=comments,
                context=context,
            )
    for path in _project_template_files():
        source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        # Only the gettext calls matter; indentation copied from the template would make the
        # Python tokenizer stumble, so it goes (line numbers stay the same).
        source = "\n".join(line.lstrip() for line in source.splitlines())
        for lineno, message, comments, context in extract(
            "python",
            io.BytesIO(source.encode("utf-8")),
            keywords=KEYWORDS,
            comment_tags=("Translators:",),
        ):
            template.add(
                message,
                locations=[(_location(path), lineno)],
                auto_comments=comments,
                context=context,
            )
    return template


def catalog_path(language_code: str) -> Path:
    return settings.BASE_DIR / "locale" / to_locale(language_code) / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(language_code: str) -> Catalog | None:
    path = catalog_path(language_code)
    if not path.exists():
        return None
    with path.open("rb") as file:
        return read_po(file, locale=to_locale(language_code))


def _dependency_translations(language_code: str) -> list[Catalog]:
    # The compiled .mo files: some shipped .po files have plural-form quirks babel warns about.
    catalogs = []
    for locale_dir in DEPENDENCY_LOCALE_DIRS:
        path = locale_dir / to_locale(language_code) / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if path.exists():
            with path.open("rb") as file:
                catalogs.append(read_mo(file))
    return catalogs


def _is_translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings) and not message.fuzzy


def update_catalog(language_code: str, template: Catalog) -> tuple[int, int]:
    """Brings one language's catalog in line with the template.

    New strings are added (with Django's or allauth's translation where one exists),
    strings no longer used are dropped, and existing translations are kept.
    Returns (number of strings, number still untranslated).
    """
    catalog = read_catalog(language_code) or Catalog(
        locale=to_locale(language_code), project="Common Ground", fuzzy=False
    )
    # A copy: babel's update shares the template's new messages with the catalog.
    catalog.update(copy.deepcopy(template), no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    catalog.header_comment = (
        f"# {catalog.locale.get_display_name('en')} translation of Common Ground.\n"
        f"# {DRAFT_NOTICE}\n#"
    )
    catalog.revision_date = timezone.now()
    catalog.fuzzy = False
    catalog.version = CATALOG_VERSION
    catalog.last_translator = DRAFT_TRANSLATOR
    catalog.language_team = LANGUAGE_TEAM
    catalog.msgid_bugs_address = BUGS_ADDRESS
    if language_code != SOURCE_LANGUAGE:
        dependency_catalogs = _dependency_translations(language_code)
        for message in catalog:
            if not message.id or _is_translated(message):
                continue
            for dependency in dependency_catalogs:
                known = dependency.get(message.id, message.context)
                if known is not None and _is_translated(known):
                    message.string = known.string
                    break
    path = catalog_path(language_code)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=100, sort_output=False, include_previous=False)
    untranslated = sum(1 for message in catalog if message.id and not _is_translated(message))
    return len(catalog), untranslated


def missing_translations(language_code: str, template: Catalog) -> list[str]:
    """Strings of the template that the language's catalog lacks or leaves untranslated.

    The source language needs every string listed but no translation.
    """
    catalog = read_catalog(language_code)
    if catalog is None:
        return [message.id for message in template if message.id]
    missing = []
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id, message.context)
        if entry is None or (language_code != SOURCE_LANGUAGE and not _is_translated(entry)):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def placeholder_errors(language_code: str) -> list[str]:
    """Translations whose %(name)s placeholders do not match the original's."""
    catalog = read_catalog(language_code)
    if catalog is None:
        return []
    return [
        f"{message.id!r}: {'; '.join(str(error) for error in errors)}"
        for message, errors in catalog.check()
    ]


def compile_catalog(language_code: str) -> Path:
    catalog = read_catalog(language_code)
    if catalog is None:
        raise FileNotFoundError(catalog_path(language_code))
    mo_path = catalog_path(language_code).with_suffix(".mo")
    with mo_path.open("wb") as file:
        write_mo(file, catalog, use_fuzzy=False)
    return mo_path
