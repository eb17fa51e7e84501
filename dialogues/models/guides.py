from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonground.multilingual import MultilingualTextField


class DiscussionGuide(models.Model):
    """What facilitators say and do in a session, segment by segment.

    A guide is edited by saving a new version; a live session keeps the version that was current
    when it started, so editing never changes a conversation under way.
    """

    name = MultilingualTextField(_("name"), max_length=160, blank=False)
    primary_language = models.CharField(
        _("primary language"),
        max_length=15,
        default="en",
        help_text=_("Prompts missing in a language are shown in this one, marked as such."),
    )
    is_default = models.BooleanField(
        _("default guide"),
        default=False,
        help_text=_("Used by every program that does not name its own guide."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("discussion guide")
        verbose_name_plural = _("discussion guides")
        ordering = ["-is_default", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_guide"
            )
        ]

    def __str__(self) -> str:
        return self.name.get(settings.LANGUAGE_CODE) or self.name.get(self.primary_language, "")


class GuideVersion(models.Model):
    """One saved state of a guide. Versions are never edited once saved."""

    guide = models.ForeignKey(
        DiscussionGuide,
        verbose_name=_("discussion guide"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("what changed"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("guide version")
        verbose_name_plural = _("guide versions")
        ordering = ["guide", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="one_guide_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.guide} v{self.number}"


class GuideSegment(models.Model):
    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Welcome and introductions")
        AGREEMENTS = "agreements", _("Agreements")
        PRIMING = "priming", _("Priming question")
        GO_ROUND = "go_round", _("Story-sharing go-round")
        REFLECTION = "reflection", _("Reflection")
        CURIOSITY = "curiosity", _("Curiosity questions")
        ACTION_IDEAS = "action_ideas", _("Action ideas")
        CLOSING = "closing", _("Closing")

    version = models.ForeignKey(
        GuideVersion,
        verbose_name=_("guide version"),
        on_delete=models.CASCADE,
        related_name="segments",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("suggested minutes"))
    title = MultilingualTextField(_("title"), max_length=120)
    prompt = MultilingualTextField(_("prompt"), max_length=2000, multiline=True)
    facilitator_notes = MultilingualTextField(
        _("notes for facilitators"), max_length=4000, multiline=True
    )

    class Meta:
        verbose_name = _("guide segment")
        verbose_name_plural = _("guide segments")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="one_segment_per_guide_position"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=240),
                name="segment_duration_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} #{self.position + 1} {self.get_kind_display()}"
