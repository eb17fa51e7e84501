"""A session's live room. The database is the source of truth; see docs/live-protocol.md."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dialogues.models.core import Registration, Session
from dialogues.models.guides import GuideVersion

CONTRIBUTION_MAX_LENGTH = 500
TRANSLATION_MAX_LENGTH = 1000
TAG_MAX_LENGTH = 40
HIDE_REASON_MAX_LENGTH = 300
DISPLAY_NAME_MAX_LENGTH = 60


class LiveRoom(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to start")
        LIVE = "live", _("Live")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    session = models.OneToOneField(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="live_room"
    )
    guide_version = models.ForeignKey(
        GuideVersion,
        verbose_name=_("guide version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rooms",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    segment_index = models.PositiveSmallIntegerField(_("current segment"), null=True, blank=True)
    # A running timer is its end time, so that a late joiner shows the right remaining time; a
    # paused timer is the time it had left.
    timer_ends_at = models.DateTimeField(_("timer ends"), null=True, blank=True)
    timer_remaining_seconds = models.PositiveIntegerField(
        _("time left on the paused timer"), null=True, blank=True
    )
    time_out = models.BooleanField(_("time out called"), default=False)
    go_round = models.JSONField(_("go-round"), default=dict, blank=True)
    last_sequence = models.PositiveBigIntegerField(_("last event number"), default=0)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("live room")
        verbose_name_plural = _("live rooms")
        constraints = [
            models.CheckConstraint(
                condition=Q(timer_ends_at__isnull=True) | Q(timer_remaining_seconds__isnull=True),
                name="live_timer_running_or_paused",
            ),
            models.CheckConstraint(
                condition=Q(status="waiting") | Q(guide_version__isnull=False),
                name="live_room_started_with_a_guide",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ended_at__isnull=False),
                name="live_room_ended_has_end_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} ({self.get_status_display()})"


class RoomEvent(models.Model):
    """The room's append-only log: `sequence` numbers a room's events 1, 2, 3, ... with no gaps."""

    room = models.ForeignKey(
        LiveRoom, verbose_name=_("live room"), on_delete=models.CASCADE, related_name="events"
    )
    sequence = models.PositiveBigIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=30)
    data = models.JSONField(_("data"), default=dict)
    actor = models.ForeignKey(
        "RoomParticipant",
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("room event")
        verbose_name_plural = _("room events")
        ordering = ["room", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["room", "sequence"], name="one_event_per_room_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.room_id}#{self.sequence} {self.kind}"


class JoinCode(models.Model):
    """A short code shown on the projector that lets walk-ins into an in-person session."""

    room = models.ForeignKey(
        LiveRoom, verbose_name=_("live room"), on_delete=models.CASCADE, related_name="join_codes"
    )
    code = models.CharField(_("code"), max_length=8, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("join code")
        verbose_name_plural = _("join codes")
        ordering = ["-expires_at"]

    def __str__(self) -> str:
        return self.code


class RoomParticipant(models.Model):
    """Someone in a room: a person with an account, a checked-in registration, or a walk-in."""

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator")
        PARTICIPANT = "participant", _("Participant")
        INTERPRETER = "interpreter", _("Interpreter")
        OBSERVER = "observer", _("Observer")

    room = models.ForeignKey(
        LiveRoom, verbose_name=_("live room"), on_delete=models.CASCADE, related_name="participants"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="room_participations",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="room_participations",
    )
    display_name = models.CharField(_("name shown"), max_length=DISPLAY_NAME_MAX_LENGTH)
    language = models.CharField(_("language"), max_length=15)
    hand_raised_at = models.DateTimeField(_("hand raised"), null=True, blank=True)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("room participant")
        verbose_name_plural = _("room participants")
        ordering = ["room", "joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["room", "user"],
                condition=Q(user__isnull=False),
                name="one_seat_per_account",
            ),
            models.UniqueConstraint(
                fields=["room", "registration"],
                condition=Q(registration__isnull=False),
                name="one_seat_per_registration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def is_staff_role(self) -> bool:
        return self.role != self.Role.PARTICIPANT


class RoomConnection(models.Model):
    """An open WebSocket, for presence and the per-room connection limit.

    A process that dies cannot delete its rows, so only connections seen recently count.
    """

    room = models.ForeignKey(
        LiveRoom, verbose_name=_("live room"), on_delete=models.CASCADE, related_name="connections"
    )
    participant = models.ForeignKey(
        RoomParticipant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="connections",
    )
    channel_name = models.CharField(_("channel"), max_length=200, unique=True)
    connected_at = models.DateTimeField(_("connected"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("room connection")
        verbose_name_plural = _("room connections")
        indexes = [models.Index(fields=["room", "last_seen_at"])]

    def __str__(self) -> str:
        return self.channel_name


class Contribution(models.Model):
    """Something a participant wrote in the room. Stored as plain text, always shown escaped."""

    room = models.ForeignKey(
        LiveRoom,
        verbose_name=_("live room"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    participant = models.ForeignKey(
        RoomParticipant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    # Generated by the client, so that a retry after a dropped connection is recognised.
    client_id = models.UUIDField(_("client id"))
    text = models.CharField(_("text"), max_length=CONTRIBUTION_MAX_LENGTH)
    language = models.CharField(_("language"), max_length=15)
    anonymous = models.BooleanField(_("anonymous to the room"), default=False)
    segment_index = models.PositiveSmallIntegerField(_("segment"), null=True, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        RoomParticipant,
        verbose_name=_("hidden by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.CharField(
        _("reason for hiding"), max_length=HIDE_REASON_MAX_LENGTH, blank=True
    )
    spotlighted_at = models.DateTimeField(_("spotlighted"), null=True, blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["room", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "client_id"], name="one_contribution_per_client_id"
            ),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="hidden_contribution_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ContributionTranslation(models.Model):
    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="translations",
    )
    language = models.CharField(_("language"), max_length=15)
    text = models.CharField(_("text"), max_length=TRANSLATION_MAX_LENGTH)
    interpreter = models.ForeignKey(
        RoomParticipant, verbose_name=_("interpreter"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("interpretation")
        verbose_name_plural = _("interpretations")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "language"], name="one_interpretation_per_language"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ContributionTag(models.Model):
    """A free tag until the theme taxonomy arrives."""

    contribution = models.ForeignKey(
        Contribution, verbose_name=_("contribution"), on_delete=models.CASCADE, related_name="tags"
    )
    tag = models.CharField(_("tag"), max_length=TAG_MAX_LENGTH)
    added_by = models.ForeignKey(
        RoomParticipant, verbose_name=_("tagged by"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("tagged"), auto_now_add=True)

    class Meta:
        verbose_name = _("contribution tag")
        verbose_name_plural = _("contribution tags")
        ordering = ["tag"]
        constraints = [
            models.UniqueConstraint(fields=["contribution", "tag"], name="one_tag_per_contribution")
        ]

    def __str__(self) -> str:
        return self.tag
