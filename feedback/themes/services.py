"""Changing the theme taxonomy and the themes of feedback items.

Every function checks who may do it and raises NotAllowed, with nothing written, otherwise:
coordinators may do everything; facilitators may tag the feedback of the dialogues they accepted
to lead or co-facilitate; committee members and residents may change nothing here. Who decided
a tag, and when, stays on the tag.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from commonground.languages import language_display_name
from feedback.models import FeedbackItem, RepresentativeQuote, Theme, ThemeTag
from feedback.models.themes import FEEDBACK_TEXT_MAX_LENGTH
from feedback.suggestions import normalized
from feedback.themes.selectors import may_tag

SLUG_MAX_LENGTH = 60
NAME_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 1000
KEYWORD_MAX_LENGTH = 80


class NotAllowed(Exception):
    """The user may not make this change; the edge answers 403."""


class ThemeError(Exception):
    """A change that cannot be made; `message` says why, translated."""

    message = _("This change cannot be made.")

    def __str__(self) -> str:
        return str(self.message)


class ThemeSlugInvalid(ThemeError):
    message = _(
        "A slug may use only lowercase letters, digits and hyphens, such as “housing” or "
        "“climate-transportation”."
    )


class ThemeSlugTaken(ThemeError):
    message = _("Another theme already uses this slug. Choose a different one.")


class ThemeNameMissing(ThemeError):
    @property
    def message(self) -> str:
        reader = translation.get_language() or settings.LANGUAGE_CODE
        language = language_display_name(settings.LANGUAGE_CODE, reader)
        return gettext("Give the theme a name in %(language)s at least.") % {"language": language}


class ThemeTextTooLong(ThemeError):
    message = _("A name, description or keyword is too long.")


class ThemeRetired(ThemeError):
    message = _("This theme is retired: it is no longer used for new tags.")


class TagGone(ThemeError):
    message = _(
        "This suggestion was withdrawn, probably because the theme's keywords changed. "
        "The page now shows the current suggestions."
    )


class TagAlreadyDecided(ThemeError):
    message = _("Someone already decided on this suggestion. The page now shows their decision.")


class QuoteNotConfirmed(ThemeError):
    message = _("Confirm that the quote names no one and cannot identify anyone.")


class QuoteEmpty(ThemeError):
    message = _("Write the quote as it should be shown.")


class QuoteTooLong(ThemeError):
    message = _("The quote is too long.")


class QuoteItemNotInTheme(ThemeError):
    message = _("Only feedback confirmed in this theme can be one of its quotes.")


def _require_coordinator(by: User) -> None:
    if not user_has_role(by, Role.COORDINATOR):
        raise NotAllowed


def _require_may_tag(by: User, item: FeedbackItem) -> None:
    if not may_tag(by, item):
        raise NotAllowed


# The taxonomy


def _slug(slug: str, *, theme: Theme | None) -> str:
    slug = slug.strip().lower()
    try:
        validate_slug(slug)
    except ValidationError:
        raise ThemeSlugInvalid from None
    if len(slug) > SLUG_MAX_LENGTH:
        raise ThemeSlugInvalid
    others = Theme.objects.filter(slug=slug)
    if theme is not None:
        others = others.exclude(pk=theme.pk)
    if others.exists():
        raise ThemeSlugTaken
    return slug


def _texts(value: dict | None, max_length: int) -> dict[str, str]:
    """Only configured languages, without empty texts."""
    codes = {code for code, _name in settings.LANGUAGES}
    texts = {
        code: text.strip()
        for code, text in (value or {}).items()
        if code in codes and isinstance(text, str) and text.strip()
    }
    if any(len(text) > max_length for text in texts.values()):
        raise ThemeTextTooLong
    return texts


def _keywords(value: dict | None, previous: dict | None = None) -> dict[str, list[str]]:
    """Keyword lists per configured language, trimmed, without blanks or repeats. Lists in
    languages this site no longer offers are kept from `previous`: the form cannot show them,
    and dropping them unseen would lose a coordinator's work."""
    codes = {code for code, _name in settings.LANGUAGES}
    kept = {code: words for code, words in (previous or {}).items() if code not in codes and words}
    lists = {}
    for code, words in (value or {}).items():
        if code not in codes:
            continue
        seen, cleaned = set(), []
        for word in words or []:
            word = " ".join(str(word).split())
            if not word or normalized(word) in seen:
                continue
            if len(word) > KEYWORD_MAX_LENGTH:
                raise ThemeTextTooLong
            seen.add(normalized(word))
            cleaned.append(word)
        if cleaned:
            lists[code] = cleaned
    return {**kept, **lists}


def _refresh_suggestions_after_commit() -> None:
    from feedback.themes.tasks import refresh_theme_suggestions

    transaction.on_commit(refresh_theme_suggestions.enqueue)


@contextmanager
def _slug_taken_on_clash():
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        # Another coordinator took the slug between the check and the save.
        raise ThemeSlugTaken from None


def theme_create(*, slug: str, name: dict, description: dict, keywords: dict, by: User) -> Theme:
    """A new theme, placed last. Its keywords suggest it for untagged feedback, in the
    background, once the theme is saved."""
    _require_coordinator(by)
    theme = Theme(
        slug=_slug(slug, theme=None),
        name=_texts(name, NAME_MAX_LENGTH),
        description=_texts(description, DESCRIPTION_MAX_LENGTH),
        keywords=_keywords(keywords),
    )
    if not theme.name.get(settings.LANGUAGE_CODE):
        raise ThemeNameMissing
    with transaction.atomic():
        last = Theme.objects.aggregate(last=Max("position"))["last"]
        theme.position = 0 if last is None else last + 1
        with _slug_taken_on_clash():
            theme.save()
        if theme.keywords:
            _refresh_suggestions_after_commit()
    return theme


def theme_update(
    *, theme: Theme, slug: str, name: dict, description: dict, keywords: dict, by: User
) -> Theme:
    """Saves a theme's slug, texts and keywords. Changed keywords withdraw the open
    suggestions and suggest again in the background; confirmed and rejected tags stay."""
    _require_coordinator(by)
    new_slug = _slug(slug, theme=theme)
    name = _texts(name, NAME_MAX_LENGTH)
    description = _texts(description, DESCRIPTION_MAX_LENGTH)
    if not name.get(settings.LANGUAGE_CODE):
        raise ThemeNameMissing
    with transaction.atomic():
        theme = Theme.objects.select_for_update().get(pk=theme.pk)
        new_keywords = _keywords(keywords, previous=theme.keywords)
        keywords_changed = new_keywords != theme.keywords
        theme.slug, theme.name, theme.description = new_slug, name, description
        theme.keywords = new_keywords
        with _slug_taken_on_clash():
            theme.save(update_fields=["slug", "name", "description", "keywords"])
        if keywords_changed and theme.is_active:
            _refresh_suggestions_after_commit()
    return theme


@transaction.atomic
def theme_retire(*, theme: Theme, by: User) -> Theme:
    """Keeps the theme's confirmed tags and quotes (its history), withdraws its open
    suggestions, and offers it no more for new tags."""
    _require_coordinator(by)
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if theme.is_active:
        theme.is_active = False
        theme.save(update_fields=["is_active"])
        ThemeTag.objects.filter(theme=theme, status=ThemeTag.Status.SUGGESTED).delete()
    return theme


@transaction.atomic
def theme_reactivate(*, theme: Theme, by: User) -> Theme:
    """Offers a retired theme again; its keywords suggest it again in the background."""
    _require_coordinator(by)
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if not theme.is_active:
        theme.is_active = True
        theme.save(update_fields=["is_active"])
        if theme.keywords:
            _refresh_suggestions_after_commit()
    return theme


@transaction.atomic
def theme_move(*, theme: Theme, offset: int, by: User) -> None:
    """Moves a theme `offset` places (-1: up, 1: down) in the order every list shows."""
    _require_coordinator(by)
    # Locking every theme serializes two coordinators reordering at once; there are few.
    themes = list(Theme.objects.select_for_update().order_by("position", "slug"))
    index = next(i for i, other in enumerate(themes) if other.pk == theme.pk)
    target = min(max(index + offset, 0), len(themes) - 1)
    themes.insert(target, themes.pop(index))
    changed = []
    for position, other in enumerate(themes):
        if other.position != position:
            other.position = position
            changed.append(other)
    Theme.objects.bulk_update(changed, ["position"])


# Tags on feedback items


def _locked_tag(tag: ThemeTag) -> ThemeTag:
    try:
        return ThemeTag.objects.select_for_update().get(pk=tag.pk)
    except ThemeTag.DoesNotExist:
        raise TagGone from None


def _decide(tag: ThemeTag, status: str, by: User) -> None:
    tag.status = status
    tag.decided_by = by
    tag.decided_at = timezone.now()
    tag.save(update_fields=["status", "decided_by", "decided_at"])


def theme_tag_add(*, item: FeedbackItem, theme: Theme, by: User) -> ThemeTag:
    """Gives an item a theme, confirmed by `by`. A suggestion of that theme becomes confirmed;
    so does an earlier rejection, because a person now decided otherwise."""
    _require_may_tag(by, item)
    with transaction.atomic():
        if not Theme.objects.filter(pk=theme.pk, is_active=True).exists():
            raise ThemeRetired
        tag, created = ThemeTag.objects.select_for_update().get_or_create(
            item=item,
            theme=theme,
            defaults={
                "status": ThemeTag.Status.CONFIRMED,
                "decided_by": by,
                "decided_at": timezone.now(),
            },
        )
        if not created and tag.status != ThemeTag.Status.CONFIRMED:
            _decide(tag, ThemeTag.Status.CONFIRMED, by)
    return tag


def theme_tag_confirm(*, tag: ThemeTag, by: User) -> ThemeTag:
    """Confirms a suggestion: from now on it counts."""
    _require_may_tag(by, tag.item)
    with transaction.atomic():
        tag = _locked_tag(tag)
        if tag.status == ThemeTag.Status.CONFIRMED:
            return tag
        if tag.status == ThemeTag.Status.REJECTED:
            raise TagAlreadyDecided
        if not Theme.objects.filter(pk=tag.theme_id, is_active=True).exists():
            raise ThemeRetired
        _decide(tag, ThemeTag.Status.CONFIRMED, by)
    return tag


def theme_tag_reject(*, tag: ThemeTag, by: User) -> ThemeTag:
    """Rejects a suggestion; it is kept, so that the keywords never suggest it again."""
    _require_may_tag(by, tag.item)
    with transaction.atomic():
        tag = _locked_tag(tag)
        if tag.status == ThemeTag.Status.REJECTED:
            return tag
        if tag.status == ThemeTag.Status.CONFIRMED:
            raise TagAlreadyDecided
        _decide(tag, ThemeTag.Status.REJECTED, by)
    return tag


def theme_tag_remove(*, tag: ThemeTag, by: User) -> ThemeTag:
    """Takes a confirmed theme off an item. The tag stays as rejected, with who removed it, so
    the keywords do not suggest it again; a quote chosen from the item for that theme goes."""
    _require_may_tag(by, tag.item)
    with transaction.atomic():
        tag = _locked_tag(tag)
        if tag.status != ThemeTag.Status.CONFIRMED:
            return tag
        _decide(tag, ThemeTag.Status.REJECTED, by)
        RepresentativeQuote.objects.filter(theme_id=tag.theme_id, item_id=tag.item_id).delete()
    return tag


# Representative quotes


def representative_quote_choose(
    *,
    theme: Theme,
    item: FeedbackItem,
    text: str,
    no_names_confirmed: bool,
    by: User,
) -> RepresentativeQuote:
    """Picks an item confirmed in `theme` as one of its quotes, as the coordinator edited it.
    Choosing the same item again replaces the text shown."""
    _require_coordinator(by)
    if not no_names_confirmed:
        raise QuoteNotConfirmed
    text = text.strip()
    if not text:
        raise QuoteEmpty
    if len(text) > FEEDBACK_TEXT_MAX_LENGTH:
        raise QuoteTooLong
    with transaction.atomic():
        # Locking the tag keeps a concurrent removal from leaving a quote outside its theme.
        confirmed = (
            ThemeTag.objects.select_for_update()
            .filter(item=item, theme=theme, status=ThemeTag.Status.CONFIRMED)
            .values_list("pk", flat=True)
            .first()
        )
        if confirmed is None:
            raise QuoteItemNotInTheme
        quote, _created = RepresentativeQuote.objects.update_or_create(
            theme=theme,
            item=item,
            defaults={"text": text, "no_names_confirmed": True, "chosen_by": by},
        )
    return quote


@transaction.atomic
def representative_quote_remove(*, quote: RepresentativeQuote, by: User) -> None:
    _require_coordinator(by)
    RepresentativeQuote.objects.filter(pk=quote.pk).delete()
