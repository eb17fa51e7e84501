"""The kinds of message Common Ground sends, registered by the apps that send them.

A kind names its templates, the channels it uses, and its category. Categories are what people
choose in their preferences: transactional messages (confirmations, cancellations, sign-in and
account changes) always go; the others can be turned off.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    IN_APP = "in_app", _("In the app")


class Category(models.TextChoices):
    TRANSACTIONAL = "transactional", _("Confirmations and account messages")
    REMINDERS = "reminders", _("Reminders before dialogues")
    OUTCOMES = "outcomes", _("What became of residents' input")
    DIGESTS = "digests", _("Digests for the advisory committee")

    @property
    def is_optional(self) -> bool:
        return self != Category.TRANSACTIONAL

    @property
    def description(self) -> Promise:
        return CATEGORY_DESCRIPTIONS[self]


CATEGORY_DESCRIPTIONS = {
    Category.TRANSACTIONAL: _(
        "Registration confirmations, changes and cancellations, and messages about your "
        "account. These always go."
    ),
    Category.REMINDERS: _("A reminder two days and a few hours before a dialogue you joined."),
    Category.OUTCOMES: _(
        "When the advisory committee or the city acts on a theme you spoke about."
    ),
    Category.DIGESTS: _("Summaries of new briefs and decisions, for committee members."),
}


@dataclass(frozen=True)
class NotificationKind:
    """One kind of message. Its templates live in templates/notifications/<key with / for .>/:
    subject.txt, email.txt and email.html for email, in_app.html for the in-app list."""

    key: str
    category: Category
    channels: frozenset[Channel]
    label: Promise

    @property
    def template_directory(self) -> str:
        return "notifications/" + self.key.replace(".", "/")

    @property
    def is_transactional(self) -> bool:
        return not self.category.is_optional


_KINDS: dict[str, NotificationKind] = {}


def register_kind(kind: NotificationKind) -> NotificationKind:
    """Adds a kind to the registry; apps call this when their module is imported."""
    existing = _KINDS.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"Notification kind {kind.key!r} is already registered differently.")
    _KINDS[kind.key] = kind
    return kind


def kind_for(key: str) -> NotificationKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"No notification kind {key!r} is registered.") from None


def registered_kinds() -> list[NotificationKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.key)
