from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dialogues.models import Session
from feedback.models.themes import Theme


class SessionReport(models.Model):
    """The co-facilitators' report and debrief of one session, due 48 hours after it ends.

    Quotes and action ideas are FeedbackItems of the report, so that they are tagged and
    summarized with everything else. The well-being note is for coordinators only.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    session = models.OneToOneField(
        Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="report"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    attendance_count = models.PositiveSmallIntegerField(_("people who took part"), default=0)
    segments_covered = models.JSONField(_("segments covered"), default=list, blank=True)
    themes_observed = models.ManyToManyField(
        Theme, verbose_name=_("themes observed"), blank=True, related_name="+"
    )
    agreements = models.TextField(_("where people agreed"), max_length=4000, blank=True)
    disagreements = models.TextField(_("where people disagreed"), max_length=4000, blank=True)
    no_names_confirmed = models.BooleanField(
        _("confirmed that the report names no participant"), default=False
    )
    wellbeing_concern = models.BooleanField(_("well-being concern"), default=False)
    wellbeing_note = models.TextField(_("well-being note"), max_length=2000, blank=True)
    wellbeing_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("concern acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    wellbeing_acknowledged_at = models.DateTimeField(
        _("concern acknowledged"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("session report")
        verbose_name_plural = _("session reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(status="submitted", no_names_confirmed=True, submitted_at__isnull=False),
                name="report_submitted_names_no_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.get_status_display()}"
