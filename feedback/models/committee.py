"""From themes to decisions and back: briefs the committee decides on, with reasons, and the
recommendations that follow. Every status change is a row that is never edited or deleted."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonground.multilingual import MultilingualTextField
from feedback.models.themes import FeedbackItem, RepresentativeQuote, Theme


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("History rows are never changed.")

    def delete(self):
        raise PermissionError("History rows are never deleted.")


class AppendOnly(models.Model):
    """History rows: written once by a service, never changed or removed, by anyone."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("History rows are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("History rows are never deleted.")


class ThemeBrief(models.Model):
    """A coordinator's case to the community advisory committee, built from one theme."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        ON_DOCKET = "on_docket", _("Under review by the committee")
        MORE_INPUT = "more_input", _("More community input requested")
        ACCEPTED = "accepted", _("Accepted for recommendation")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="briefs"
    )
    title = MultilingualTextField(_("title"), max_length=200, blank=False)
    public_summary = MultilingualTextField(
        _("summary in plain language"), max_length=4000, multiline=True, blank=False
    )
    proposed_ask = MultilingualTextField(_("proposed ask"), max_length=2000, multiline=True)
    quotes = models.ManyToManyField(
        RepresentativeQuote, verbose_name=_("quotes"), blank=True, related_name="briefs"
    )
    action_ideas = models.ManyToManyField(
        FeedbackItem,
        verbose_name=_("action ideas"),
        blank=True,
        related_name="briefs",
        limit_choices_to={"kind": FeedbackItem.Kind.ACTION_IDEA},
    )
    # Dialogues a coordinator planned because the committee asked for more community input.
    follow_up_dialogues = models.ManyToManyField(
        "dialogues.Dialogue",
        verbose_name=_("follow-up dialogues"),
        blank=True,
        related_name="follow_up_of_briefs",
    )
    # The figures as they stood when the brief went to the committee, so that the docket does
    # not shift under its members while they deliberate.
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("theme brief")
        verbose_name_plural = _("theme briefs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title.get(settings.LANGUAGE_CODE) or f"#{self.pk}"


DECISION_STATUSES = [
    ThemeBrief.Status.MORE_INPUT,
    ThemeBrief.Status.ACCEPTED,
    ThemeBrief.Status.NOT_ADOPTED,
]


class BriefStatusChange(AppendOnly):
    """One step of a brief's history: routed to the docket, or a decision with its reason."""

    brief = models.ForeignKey(
        ThemeBrief, verbose_name=_("brief"), on_delete=models.PROTECT, related_name="history"
    )
    status = models.CharField(_("status"), max_length=12, choices=ThemeBrief.Status.choices)
    rationale = MultilingualTextField(_("reason"), max_length=4000, multiline=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    minutes = models.TextField(_("meeting minutes"), max_length=20000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("brief status change")
        verbose_name_plural = _("brief status changes")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=DECISION_STATUSES) | ~Q(rationale={}),
                name="brief_decision_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brief} · {self.get_status_display()}"


class BriefComment(models.Model):
    """The committee members' discussion of a brief."""

    brief = models.ForeignKey(
        ThemeBrief, verbose_name=_("brief"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("text"), max_length=4000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.brief} · #{self.pk}"


class Recommendation(models.Model):
    """What the committee asks a city department to do, from one or more accepted briefs."""

    class Status(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        SENT = "sent", _("Sent to the department")
        RESPONDED = "responded", _("Department responded")
        ADOPTED = "adopted", _("Adopted")
        DECLINED = "declined", _("Declined")
        IN_PROGRESS = "in_progress", _("In progress")
        IMPLEMENTED = "implemented", _("Implemented")

    title = MultilingualTextField(_("title"), max_length=200, blank=False)
    department = models.CharField(_("department"), max_length=160)
    briefs = models.ManyToManyField(
        ThemeBrief, verbose_name=_("briefs"), related_name="recommendations"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFTED
    )
    percent_complete = models.PositiveSmallIntegerField(_("percent complete"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100), name="recommendation_percent_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title.get(settings.LANGUAGE_CODE) or f"#{self.pk}"


class RecommendationUpdate(AppendOnly):
    """One dated step of a recommendation: a status, a milestone, the department's reason."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.PROTECT,
        related_name="history",
    )
    status = models.CharField(_("status"), max_length=12, choices=Recommendation.Status.choices)
    note = MultilingualTextField(_("note"), max_length=4000, multiline=True)
    percent_complete = models.PositiveSmallIntegerField(_("percent complete"), default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation update")
        verbose_name_plural = _("recommendation updates")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(note={}),
                name="recommendation_decline_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100), name="recommendation_update_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation} · {self.get_status_display()}"


class OutcomeNews(models.Model):
    """That one status change is news for one resident who asked to hear back: written once per
    change and person (a constraint), then sent in that person's next digest."""

    brief_change = models.ForeignKey(
        BriefStatusChange,
        verbose_name=_("brief status change"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="news",
    )
    recommendation_update = models.ForeignKey(
        RecommendationUpdate,
        verbose_name=_("recommendation update"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="news",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # A guest's address; an account's messages go to the account's current address.
    email = models.EmailField(_("email address"), blank=True)
    # "user:<id>" or "email:<address>": who the news is for, whichever way they consented.
    contact_key = models.CharField(_("contact"), max_length=260)
    language = models.CharField(_("language"), max_length=15)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent in a digest"), null=True, blank=True)
    notification_key = models.CharField(_("digest"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("outcome news")
        verbose_name_plural = _("outcome news")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(brief_change__isnull=False, recommendation_update__isnull=True)
                | Q(brief_change__isnull=True, recommendation_update__isnull=False),
                name="outcome_news_one_change",
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(email=""),
                name="outcome_news_has_contact",
            ),
            models.UniqueConstraint(
                fields=["brief_change", "contact_key"],
                condition=Q(brief_change__isnull=False),
                name="outcome_news_once_per_brief_change",
            ),
            models.UniqueConstraint(
                fields=["recommendation_update", "contact_key"],
                condition=Q(recommendation_update__isnull=False),
                name="outcome_news_once_per_recommendation_update",
            ),
        ]
        indexes = [models.Index(fields=["sent_at", "contact_key"], name="outcome_news_pending")]

    def __str__(self) -> str:
        return f"#{self.pk}"
