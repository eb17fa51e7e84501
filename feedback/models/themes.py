from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonground.multilingual import MultilingualTextField
from dialogues.models import Contribution, Dialogue, Neighborhood, Program, Session

FEEDBACK_TEXT_MAX_LENGTH = 2000


class Theme(models.Model):
    """An issue area of the citywide taxonomy, such as housing or policing.

    Keywords are per language ({"es": ["vivienda", "alquiler"]}): they only ever *suggest* a
    theme for an untagged item, and a person decides.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = MultilingualTextField(_("name"), max_length=120, blank=False)
    description = MultilingualTextField(_("description"), max_length=1000, multiline=True)
    keywords = models.JSONField(_("keywords per language"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Retired themes keep their history but are not offered for new tags."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name.get(settings.LANGUAGE_CODE) or self.slug


class FeedbackItem(models.Model):
    """One thing residents said, from any source, kept without names or contact details.

    Where it was said (session, dialogue, neighborhood, program, date) is copied from the session
    when the item is recorded, so that summaries over years of feedback group on one table.
    """

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("Contribution in a live session")
        SURVEY_ANSWER = "survey_answer", _("Survey answer")
        QUOTE = "quote", _("Quote from a session report")
        ACTION_IDEA = "action_idea", _("Action idea")

    kind = models.CharField(_("source"), max_length=15, choices=Kind.choices)
    text = models.TextField(_("text"), max_length=FEEDBACK_TEXT_MAX_LENGTH)
    language = models.CharField(_("language"), max_length=15)
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="feedback_items"
    )
    dialogue = models.ForeignKey(
        Dialogue, verbose_name=_("dialogue"), on_delete=models.PROTECT, related_name="+"
    )
    neighborhood = models.ForeignKey(
        Neighborhood, verbose_name=_("neighborhood"), on_delete=models.PROTECT, related_name="+"
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_on = models.DateField(_("date"))
    contribution = models.OneToOneField(
        Contribution,
        verbose_name=_("live contribution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_item",
    )
    survey_response = models.OneToOneField(
        "feedback.SurveyResponse",
        verbose_name=_("survey response"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback_item",
    )
    report = models.ForeignKey(
        "feedback.SessionReport",
        verbose_name=_("session report"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="items",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="contribution", survey_response__isnull=True, report__isnull=True)
                    | Q(
                        kind="survey_answer",
                        survey_response__isnull=False,
                        contribution__isnull=True,
                        report__isnull=True,
                    )
                    | Q(
                        kind__in=["quote", "action_idea"],
                        report__isnull=False,
                        contribution__isnull=True,
                        survey_response__isnull=True,
                    )
                ),
                name="feedback_item_source_matches_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["occurred_on"], name="feedback_item_date"),
            models.Index(fields=["neighborhood", "occurred_on"], name="feedback_item_place"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class ThemeTag(models.Model):
    """A theme on a feedback item: suggested by the keyword lists, or set by a person.

    Only confirmed tags count anywhere; a suggestion waits for a person, and a rejected one is
    kept so that it is not suggested again.
    """

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    item = models.ForeignKey(
        FeedbackItem, verbose_name=_("feedback item"), on_delete=models.CASCADE, related_name="tags"
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="tags"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # Why it was suggested, shown to whoever decides: {"keywords": {"es": ["renta"]}}.
    reason = models.JSONField(_("why it was suggested"), default=dict, blank=True)
    suggested_at = models.DateTimeField(_("suggested"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("theme tag")
        verbose_name_plural = _("theme tags")
        constraints = [
            models.UniqueConstraint(fields=["item", "theme"], name="theme_once_per_item"),
            models.CheckConstraint(
                condition=Q(status="suggested", decided_at__isnull=True)
                | (~Q(status="suggested") & Q(decided_at__isnull=False)),
                name="theme_tag_decided_unless_suggested",
            ),
        ]
        indexes = [models.Index(fields=["theme", "status"], name="theme_tag_status")]

    def __str__(self) -> str:
        return f"{self.theme} · {self.get_status_display()}"


class RepresentativeQuote(models.Model):
    """A quote a coordinator picked to stand for a theme, the only feedback text committee
    members read. The coordinator confirms it names no one and may shorten it."""

    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="quotes"
    )
    item = models.ForeignKey(
        FeedbackItem, verbose_name=_("feedback item"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("quote as shown"), max_length=FEEDBACK_TEXT_MAX_LENGTH)
    no_names_confirmed = models.BooleanField(_("confirmed to name no one"), default=False)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chosen by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    chosen_at = models.DateTimeField(_("chosen"), auto_now_add=True)

    class Meta:
        verbose_name = _("representative quote")
        verbose_name_plural = _("representative quotes")
        ordering = ["-chosen_at"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "item"], name="quote_once_per_theme"),
            models.CheckConstraint(
                condition=Q(no_names_confirmed=True), name="quote_confirmed_anonymous"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme} · #{self.item_id}"
