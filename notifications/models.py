from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Category, Channel


class Notification(models.Model):
    """One message to one person on one channel: the outbox row.

    It is written in the same transaction as the event that causes it, so an event that rolls
    back leaves nothing behind, and delivery starts only after commit.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SUPPRESSED = "suppressed", _("Suppressed")

    kind = models.CharField(_("kind"), max_length=80)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # The address at the time of the event: guests have no account, and an account's address
    # may change before a retry.
    email = models.EmailField(_("email address"), blank=True)
    language = models.CharField(_("language"), max_length=15)
    # Dates and times in it are stored as ISO text; templates format them with babel.
    context = models.JSONField(_("context"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    calendar = models.TextField(_("calendar attachment"), blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    provider_message_id = models.CharField(_("provider message ID"), max_length=200, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key", "channel"], name="notifications_once_per_key"
            ),
            models.CheckConstraint(
                condition=~Q(channel=Channel.EMAIL) | ~Q(email=""),
                name="notifications_email_has_address",
            ),
            models.CheckConstraint(
                condition=~Q(channel=Channel.IN_APP) | Q(recipient__isnull=False),
                name="notifications_in_app_has_account",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notifications_due"),
            models.Index(fields=["recipient", "channel", "read_at"], name="notifications_unread"),
            models.Index(fields=["finished_at", "status"], name="notifications_by_day"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.email or self.recipient} ({self.get_status_display()})"


class UndeliverableAddress(models.Model):
    """An address that bounced or complained: later email to it is suppressed and counted."""

    class Reason(models.TextChoices):
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")
        REJECTED = "rejected", _("Rejected by the provider")

    email = models.EmailField(_("email address"), unique=True)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    detail = models.TextField(_("detail"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    suppressed_sends = models.PositiveIntegerField(_("messages not sent"), default=0)
    last_suppressed_at = models.DateTimeField(_("last message not sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("undeliverable address")
        verbose_name_plural = _("undeliverable addresses")
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return self.email


class NotificationOptOut(models.Model):
    """Someone does not want one optional category: an account, or a guest's email address."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification_opt_outs",
    )
    email = models.EmailField(_("email address"), blank=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(email=""))
                | (Q(user__isnull=True) & ~Q(email="")),
                name="notifications_opt_out_has_one_owner",
            ),
            models.CheckConstraint(
                condition=~Q(category=Category.TRANSACTIONAL),
                name="notifications_transactional_always_goes",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(user__isnull=False),
                name="notifications_opt_out_once_per_account",
            ),
            models.UniqueConstraint(
                fields=["email", "category"],
                condition=Q(user__isnull=True),
                name="notifications_opt_out_once_per_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.email}: {self.get_category_display()}"
