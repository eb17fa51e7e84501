import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from commonground.multilingual import MultilingualTextField


class Neighborhood(models.Model):
    """A neighborhood of the city, where dialogues are held."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    # Census counts of residents by summary group ({"black": 12000, "white": 9000, ...}), so that
    # summaries can compare who came with who lives there.
    population = models.JSONField(_("residents by group"), default=dict, blank=True)

    class Meta:
        verbose_name = _("neighborhood")
        verbose_name_plural = _("neighborhoods")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language dialogues are held or interpreted in. Coordinators add languages here; they
    need not be languages of the site's interface (Korean or Khmer, for example)."""

    code = models.CharField(
        _("code"),
        max_length=15,
        unique=True,
        help_text=_("A BCP 47 code, such as es, ht, zh-hant or ko."),
    )
    name = models.CharField(_("name in English"), max_length=80)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Venue(models.Model):
    neighborhood = models.ForeignKey(
        Neighborhood,
        verbose_name=_("neighborhood"),
        on_delete=models.PROTECT,
        related_name="venues",
    )
    name = models.CharField(_("name"), max_length=160)
    address = models.CharField(_("address"), max_length=240)
    transit_notes = MultilingualTextField(_("how to get there"), max_length=1000, multiline=True)
    capacity = models.PositiveSmallIntegerField(_("room capacity"))
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    accessible_restroom = models.BooleanField(_("accessible restroom"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    quiet_room = models.BooleanField(_("quiet room"), default=False)
    childcare_space = models.BooleanField(_("space for childcare"), default=False)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="venue_capacity_positive")
        ]

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    """A named effort such as "Neighborhood Race Dialogues 2027"."""

    name = MultilingualTextField(_("name"), max_length=160, blank=False)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    focus = MultilingualTextField(_("focus"), max_length=2000, multiline=True)
    max_capacity = models.PositiveSmallIntegerField(
        _("largest group"),
        default=20,
        help_text=_("No dialogue of this program may seat more people."),
    )
    discussion_guide = models.ForeignKey(
        "dialogues.DiscussionGuide",
        verbose_name=_("discussion guide"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programs",
        help_text=_("Leave empty to use the default guide."),
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name.get(settings.LANGUAGE_CODE) or self.slug


class Dialogue(models.Model):
    class Format(models.TextChoices):
        DROP_IN = "drop_in", _("Drop-in conversation")
        CIRCLE = "circle", _("Circle")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        FULL = "full", _("Full")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="dialogues"
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    title = MultilingualTextField(_("title"), max_length=160)
    description = MultilingualTextField(_("description"), max_length=4000, multiline=True)
    neighborhood = models.ForeignKey(
        Neighborhood,
        verbose_name=_("neighborhood"),
        on_delete=models.PROTECT,
        related_name="dialogues",
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dialogues",
    )
    # Shown only to registrants, on their manage page and in their emails.
    online_url = models.URLField(_("online meeting link"), blank=True)
    primary_language = models.ForeignKey(
        Language,
        verbose_name=_("language"),
        on_delete=models.PROTECT,
        related_name="dialogues",
    )
    interpretation_languages = models.ManyToManyField(
        Language,
        verbose_name=_("interpretation offered"),
        blank=True,
        related_name="interpreted_dialogues",
    )
    capacity = models.PositiveSmallIntegerField(_("seats"), default=12)
    minimum = models.PositiveSmallIntegerField(
        _("minimum"),
        null=True,
        blank=True,
        help_text=_("Coordinators are warned while fewer people have registered."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Identifies a dialogue made by the schedule generator, so that a re-run finds it.
    schedule_key = models.CharField(_("schedule key"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=200), name="dialogue_capacity_sane"
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True) | Q(minimum__lte=F("capacity")),
                name="dialogue_minimum_within_capacity",
            ),
            models.CheckConstraint(
                condition=~Q(mode="in_person") | Q(venue__isnull=False),
                name="dialogue_in_person_has_venue",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__lt=F("registration_closes_at")),
                name="dialogue_registration_window_ordered",
            ),
            models.UniqueConstraint(
                fields=["program", "schedule_key"],
                condition=~Q(schedule_key=""),
                name="dialogue_generated_once",
            ),
        ]
        indexes = [models.Index(fields=["status", "neighborhood"], name="dialogue_listing")]

    def __str__(self) -> str:
        return self.title.get(settings.LANGUAGE_CODE) or f"{self.neighborhood} #{self.pk}"


class Session(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        ACTION_FORUM = "action_forum", _("Action forum")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    dialogue = models.ForeignKey(
        Dialogue, verbose_name=_("dialogue"), on_delete=models.CASCADE, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.MEETING)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # An action forum may gather several circles somewhere else.
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue, if not the dialogue's"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    # Calendar programs replace an entry with the same UID and a higher SEQUENCE.
    uid = models.UUIDField(_("calendar ID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar version"), default=0)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.UniqueConstraint(fields=["dialogue", "number"], name="session_number_unique"),
        ]
        indexes = [models.Index(fields=["starts_at"], name="session_starts")]

    def __str__(self) -> str:
        return f"{self.dialogue} · {self.number}"

    @property
    def place(self) -> Venue | None:
        return self.venue or self.dialogue.venue


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        ONLINE = "online", _("Registered")
        WALK_IN = "walk_in", _("Walk-in")

    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("dialogue"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=32, blank=True)
    language = models.CharField(_("language for messages"), max_length=15)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)

    # Needs, as real fields: each is a staffing or logistics task for the city.
    interpretation_language = models.ForeignKey(
        Language,
        verbose_name=_("interpretation into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretation_requests",
    )
    asl = models.BooleanField(_("ASL interpretation"), default=False)
    cart = models.BooleanField(_("CART captioning"), default=False)
    large_print = models.BooleanField(_("large print or Braille"), default=False)
    assistive_listening = models.BooleanField(_("assistive listening"), default=False)
    wheelchair_access = models.BooleanField(_("wheelchair or step-free access"), default=False)
    childcare_children = models.PositiveSmallIntegerField(_("children needing care"), default=0)
    childcare_ages = models.CharField(_("children's ages"), max_length=60, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=200, blank=True)
    transit_help = models.BooleanField(_("help with transit"), default=False)

    # Consent to hear what the committee and the city do with what residents said at this
    # dialogue; when it was given is kept, as the record of that consent.
    outcomes_consented_at = models.DateTimeField(
        _("wants to hear about outcomes since"), null=True, blank=True
    )

    # A walk-in beyond capacity needs someone to say so; the override is kept.
    capacity_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("seated beyond capacity by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone="") | Q(source="walk_in"),
                name="registration_has_contact",
            ),
            models.CheckConstraint(
                condition=Q(childcare_children__lte=10), name="registration_childcare_sane"
            ),
            # One live registration per address and dialogue: registering again returns it.
            models.UniqueConstraint(
                fields=["dialogue", "email"],
                condition=~Q(email="") & ~Q(status="cancelled"),
                name="registration_once_per_email",
            ),
            models.UniqueConstraint(
                fields=["dialogue", "phone"],
                condition=Q(email="") & ~Q(phone="") & ~Q(status="cancelled"),
                name="registration_once_per_phone",
            ),
        ]
        indexes = [
            models.Index(fields=["dialogue", "status", "created_at"], name="registration_queue")
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.dialogue}"


class RegistrationDemographics(models.Model):
    """Voluntary answers, kept apart from contact details, given with stated consent.

    Follows the 2024 federal race and ethnicity standard (OMB SPD 15): one combined question,
    select all that apply, with detailed subcategories, self-description, and "prefer not to
    say". Never shown on rosters or exported with registrations; summaries suppress small cells.
    """

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="demographics"
    )
    consented_at = models.DateTimeField(_("consent given"))
    race_ethnicity = models.JSONField(_("race and ethnicity"), default=list, blank=True)
    self_described = models.CharField(_("in their own words"), max_length=200, blank=True)
    prefer_not_to_say = models.BooleanField(_("prefers not to say"), default=False)
    age_range = models.CharField(_("age range"), max_length=10, blank=True)
    residence_neighborhood = models.ForeignKey(
        Neighborhood,
        verbose_name=_("neighborhood of residence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("demographic answers")
        verbose_name_plural = _("demographic answers")

    def __str__(self) -> str:
        # Deliberately says nothing about the person or the answers.
        return f"#{self.pk}"


class Attendance(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance"
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    checked_in_at = models.DateTimeField(_("checked in"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="attendance_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration.name} · {self.session}"


class CalendarFeed(models.Model):
    """A secret address for a person's own calendar of registrations."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    email = models.EmailField(_("email address"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal calendar feed")
        verbose_name_plural = _("personal calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(email=""))
                | (Q(user__isnull=True) & ~Q(email="")),
                name="calendar_feed_has_one_owner",
            ),
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="calendar_feed_once_per_email"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user or self.email)


class ChangeRecord(models.Model):
    """Who changed a dialogue's schedule or seats, when and why: kept, never overwritten."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened for registration")
        RESCHEDULED = "rescheduled", _("Session moved")
        SESSION_CANCELLED = "session_cancelled", _("Session cancelled")
        DIALOGUE_CANCELLED = "dialogue_cancelled", _("Dialogue cancelled")
        CAPACITY_OVERRIDE = "capacity_override", _("Seated beyond capacity")
        CAPACITY_CHANGED = "capacity_changed", _("Seats changed")
        PLACE_CHANGED = "place_changed", _("Place changed")

    dialogue = models.ForeignKey(
        Dialogue, verbose_name=_("dialogue"), on_delete=models.CASCADE, related_name="changes"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="changes",
    )
    kind = models.CharField(_("change"), max_length=20, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.dialogue}"
