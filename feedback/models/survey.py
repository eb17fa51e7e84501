import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonground.multilingual import MultilingualTextField
from dialogues.models import Program, Registration, RoomParticipant, Session
from feedback.models.themes import FEEDBACK_TEXT_MAX_LENGTH, Theme

SCORE_RANGE = range(1, 6)


def _score(name: str):
    return models.PositiveSmallIntegerField(name, null=True, blank=True)


class SurveyQuestion(models.Model):
    """A question a coordinator adds to a program's survey, after the standard ones."""

    class Kind(models.TextChoices):
        SCALE = "scale", _("From 1 (not at all) to 5 (very much)")
        YES_NO_MAYBE = "yes_no_maybe", _("Yes, no or maybe")
        TEXT = "text", _("In their own words")

    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="survey_questions",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind of answer"), max_length=15, choices=Kind.choices)
    text = MultilingualTextField(_("question"), max_length=300, blank=False)
    is_active = models.BooleanField(_("asked"), default=True)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["program", "position", "id"]

    def __str__(self) -> str:
        return self.text.get(settings.LANGUAGE_CODE) or f"#{self.pk}"


class SurveyResponse(models.Model):
    """What one person answered after a session. It holds no link to who answered: that is in
    SurveyReceipt. Both have random ids and keep only the date, so that they cannot be matched
    by order or by time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class ComeAgain(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        MAYBE = "maybe", _("Maybe")

    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    language = models.CharField(_("language"), max_length=15)
    submitted_on = models.DateField(_("answered on"))
    felt_heard = _score(_("I felt heard"))
    felt_safe = _score(_("I felt safe to speak"))
    learned = _score(_("I learned something about others' experiences"))
    come_again = models.CharField(
        _("I would come again"), max_length=5, choices=ComeAgain.choices, blank=True
    )
    city_should = models.TextField(
        _("What should the city do?"), max_length=FEEDBACK_TEXT_MAX_LENGTH, blank=True
    )
    priority_themes = models.ManyToManyField(
        Theme, verbose_name=_("issue areas that matter most"), blank=True, related_name="+"
    )
    # Answers to the program's own questions: {"<question id>": 4 | "yes" | "text"}.
    extra_answers = models.JSONField(_("answers to added questions"), default=dict, blank=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(felt_heard__isnull=True) | Q(felt_heard__gte=1, felt_heard__lte=5),
                name="survey_felt_heard_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(felt_safe__isnull=True) | Q(felt_safe__gte=1, felt_safe__lte=5),
                name="survey_felt_safe_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(learned__isnull=True) | Q(learned__gte=1, learned__lte=5),
                name="survey_learned_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["session"], name="survey_response_session")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class SurveyReceipt(models.Model):
    """That someone answered a session's survey, so that each person answers once, and
    whether they want to hear back about outcomes. Kept apart from the answers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="survey_receipts"
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_receipts",
    )
    # A walk-in who joined the live room by code answers once per seat.
    participant = models.ForeignKey(
        RoomParticipant,
        verbose_name=_("walk-in seat"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # A walk-in who came in through the projector's QR code answers once per browser.
    walk_in_key = models.CharField(_("walk-in browser"), max_length=64, blank=True)
    submitted_on = models.DateField(_("answered on"))
    language = models.CharField(_("language"), max_length=15)
    hear_back = models.BooleanField(_("wants to hear about outcomes"), default=False)
    hear_back_email = models.EmailField(_("email for outcomes"), blank=True)

    class Meta:
        verbose_name = _("survey receipt")
        verbose_name_plural = _("survey receipts")
        constraints = [
            models.CheckConstraint(
                condition=Q(registration__isnull=False, participant__isnull=True, walk_in_key="")
                | Q(registration__isnull=True, participant__isnull=False, walk_in_key="")
                | Q(registration__isnull=True, participant__isnull=True) & ~Q(walk_in_key=""),
                name="survey_receipt_one_respondent",
            ),
            models.UniqueConstraint(
                fields=["session", "registration"],
                condition=Q(registration__isnull=False),
                name="survey_once_per_registration",
            ),
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=Q(participant__isnull=False),
                name="survey_once_per_seat",
            ),
            models.UniqueConstraint(
                fields=["session", "walk_in_key"],
                condition=~Q(walk_in_key=""),
                name="survey_once_per_walk_in",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"
