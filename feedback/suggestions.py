"""Theme suggestions for feedback nobody has tagged yet, from per-language keyword lists.

The method is deliberately simple so that anyone can see why a theme was suggested: a keyword
of the theme's list appears in the text, as a whole word (or, in scripts written without spaces
such as Chinese, as a substring). The matched words and their language are stored with the
suggestion. A suggestion counts nowhere until a person confirms it.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from babel.lists import format_list
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext

from commonground.languages import babel_locale, language_display_name
from feedback.models import FeedbackItem, Theme, ThemeTag

# Languages written without spaces between words: keywords match anywhere in the text.
UNSPACED_LANGUAGES = {"zh-hans", "zh-hant", "ja", "th", "km"}


def normalized(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(frozen=True)
class KeywordList:
    theme_id: int
    language: str
    pattern: re.Pattern

    def matches(self, text: str) -> list[str]:
        return sorted({match.group("keyword") for match in self.pattern.finditer(text)})


def _pattern(language: str, keywords: list[str]) -> re.Pattern | None:
    words = sorted({normalized(word).strip() for word in keywords if word.strip()}, key=len)
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in reversed(words))
    if language in UNSPACED_LANGUAGES:
        return re.compile(f"(?P<keyword>{alternatives})")
    # A whole word, or the word with a plural ending: "school" finds "schools".
    return re.compile(rf"(?<!\w)(?P<keyword>{alternatives})(?:e?s)?(?!\w)")


def keyword_lists(themes: Iterable[Theme]) -> list[KeywordList]:
    lists = []
    for theme in themes:
        for language, keywords in sorted((theme.keywords or {}).items()):
            pattern = _pattern(language, keywords or [])
            if pattern is not None:
                lists.append(KeywordList(theme.pk, language, pattern))
    return lists


def suggestions_for_text(text: str, lists: list[KeywordList]) -> dict[int, dict]:
    """Theme id -> reason ({"keywords": {"es": ["renta"]}}) for every theme whose keywords
    appear in the text. Every language's list is tried: residents mix languages."""
    found: dict[int, dict] = {}
    text = normalized(text)
    for keyword_list in lists:
        matched = keyword_list.matches(text)
        if matched:
            reason = found.setdefault(keyword_list.theme_id, {"keywords": {}})
            reason["keywords"][keyword_list.language] = matched
    return found


def theme_suggestions_create(*, item_ids: Iterable[int]) -> int:
    """Suggests themes for the items among these that nobody has given a theme yet, where the
    keywords match and the item has no tag of that theme (a rejected suggestion is never made
    again). Returns how many were made."""
    lists = keyword_lists(Theme.objects.filter(is_active=True))
    if not lists:
        return 0
    item_ids = list(item_ids)
    now = timezone.now()
    created = 0
    for start in range(0, len(item_ids), 1000):
        chunk = item_ids[start : start + 1000]
        existing = set(
            ThemeTag.objects.filter(item_id__in=chunk).values_list("item_id", "theme_id")
        )
        rows = [
            ThemeTag(
                item_id=item_id,
                theme_id=theme_id,
                status=ThemeTag.Status.SUGGESTED,
                reason=reason,
                suggested_at=now,
            )
            for item_id, text in _untagged(FeedbackItem.objects.filter(pk__in=chunk)).values_list(
                "pk", "text"
            )
            for theme_id, reason in suggestions_for_text(text, lists).items()
            if (item_id, theme_id) not in existing
        ]
        ThemeTag.objects.bulk_create(rows, ignore_conflicts=True)
        created += len(rows)
    return created


def theme_suggestions_refresh() -> int:
    """After keyword lists change: withdraws open suggestions and suggests again for every item
    that has no confirmed theme. Decisions people made are kept."""
    with transaction.atomic():
        ThemeTag.objects.filter(status=ThemeTag.Status.SUGGESTED).delete()
        return theme_suggestions_create(
            item_ids=_untagged(FeedbackItem.objects.all()).values_list("pk", flat=True)
        )


def _untagged(items):
    """Items without a confirmed theme: suggestions are for what nobody has tagged yet, both
    when an item is recorded and when the keyword lists change."""
    confirmed = ThemeTag.objects.filter(item=OuterRef("pk"), status=ThemeTag.Status.CONFIRMED)
    return items.filter(~Exists(confirmed))


def theme_for_label(label: str, themes: list[Theme]) -> Theme | None:
    """The theme a free label names: its slug, or its name in any language."""
    wanted = normalized(label).strip()
    for theme in themes:
        names = {normalized(name).strip() for name in (theme.name or {}).values()}
        if wanted == theme.slug or wanted in names:
            return theme
    return None


def suggestion_reason_text(reason: dict | None, language: str) -> str:
    """Why a theme was suggested, in plain words for a reader of `language`, from the reason
    stored with the suggestion: 'Matched “renta” and “desalojo” in Spanish.'"""
    locale = babel_locale(language)
    with translation.override(language):
        matches = [
            gettext("%(keywords)s in %(language)s")
            % {
                "keywords": format_list(
                    [gettext("“%(keyword)s”") % {"keyword": keyword} for keyword in keywords],
                    locale=locale,
                ),
                "language": language_display_name(code, language),
            }
            for code, keywords in sorted(((reason or {}).get("keywords") or {}).items())
            if keywords
        ]
        if not matches:
            return gettext("Suggested from the theme's keywords.")
        return gettext("Matched %(matches)s.") % {"matches": format_list(matches, locale=locale)}
