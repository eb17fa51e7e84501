from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from commonground.multilingual import MultilingualTextField
from dialogues.models import Dialogue, Language, Neighborhood, Session

# American Sign Language: registrations ask for it with a checkbox, interpreters list it as a
# language pair like any other.
ASL = "ase"

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class FacilitatorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="facilitator_profile",
    )
    active = models.BooleanField(_("active"), default=True)
    monthly_max = models.PositiveSmallIntegerField(
        _("most sessions a month"),
        default=4,
        help_text=_("The solver never assigns more sessions than this in a calendar month."),
    )
    neighborhoods = models.ManyToManyField(
        Neighborhood,
        verbose_name=_("neighborhoods known well"),
        blank=True,
        related_name="+",
    )
    # Used only to pair facilitators of different backgrounds, and only with consent.
    identity_consented_at = models.DateTimeField(
        _("consent to use identity for pairing"), null=True, blank=True
    )
    identity_categories = models.JSONField(
        _("race and ethnicity, self-described"), default=list, blank=True
    )
    identity_self_described = models.CharField(_("in their own words"), max_length=200, blank=True)
    sessions_before = models.PositiveSmallIntegerField(
        _("sessions facilitated before Common Ground"),
        default=0,
        help_text=_("Experience counts these plus every session facilitated here."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")
        ordering = ["user__display_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_max__gte=1) & Q(monthly_max__lte=31),
                name="facilitator_monthly_max_sane",
            ),
            # Identity data exists only while consent does.
            models.CheckConstraint(
                condition=Q(identity_consented_at__isnull=False)
                | (Q(identity_categories=[]) & Q(identity_self_described="")),
                name="facilitator_identity_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.user.display_name or self.user.email


class FacilitatorLanguage(models.Model):
    class Level(models.TextChoices):
        FACILITATES = "facilitates", _("Can facilitate in it")
        CONVERSATIONAL = "conversational", _("Conversational")

    profile = models.ForeignKey(
        FacilitatorProfile, on_delete=models.CASCADE, related_name="languages"
    )
    language = models.ForeignKey(
        Language, verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=15, choices=Level.choices)

    class Meta:
        verbose_name = _("facilitator language")
        verbose_name_plural = _("facilitator languages")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "language"], name="facilitator_language_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language} · {self.get_level_display()}"


class InterpreterProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="interpreter_profile",
    )
    active = models.BooleanField(_("active"), default=True)
    monthly_max = models.PositiveSmallIntegerField(_("most sessions a month"), default=6)

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        ordering = ["user__display_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_max__gte=1) & Q(monthly_max__lte=31),
                name="interpreter_monthly_max_sane",
            )
        ]

    def __str__(self) -> str:
        return self.user.display_name or self.user.email


class InterpreterLanguagePair(models.Model):
    """Interpretation works both ways between the two languages."""

    profile = models.ForeignKey(
        InterpreterProfile, on_delete=models.CASCADE, related_name="language_pairs"
    )
    first = models.ForeignKey(
        Language, verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    second = models.ForeignKey(
        Language, verbose_name=_("and language"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("language pair")
        verbose_name_plural = _("language pairs")
        constraints = [
            models.CheckConstraint(
                condition=~Q(first=F("second")), name="interpreter_pair_two_languages"
            ),
            models.UniqueConstraint(
                fields=["profile", "first", "second"], name="interpreter_pair_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} ↔ {self.second}"


class AvailabilityWindow(models.Model):
    """A weekly time someone can work, in the city's time zone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability_windows"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=WEEKDAYS)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availability")
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="window_ordered"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="window_weekday"),
            models.UniqueConstraint(
                fields=["user", "weekday", "starts", "ends"], name="window_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M}"


class Blackout(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blackouts"
    )
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("unavailable dates")
        verbose_name_plural = _("unavailable dates")
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="blackout_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_day} / {self.last_day}"


class TrainingModule(models.Model):
    class Requirement(models.TextChoices):
        CERTIFICATION = "certification", _("Required for certification")
        LEADING = "leading", _("Required to lead")
        OPTIONAL = "optional", _("Optional")

    name = MultilingualTextField(_("name"), max_length=160, blank=False)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    requirement = models.CharField(
        _("requirement"),
        max_length=15,
        choices=Requirement.choices,
        default=Requirement.CERTIFICATION,
    )
    refresher_months = models.PositiveSmallIntegerField(
        _("refresher after (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty if a completion never expires."),
    )
    # "Take part in a dialogue first", "shadow a session before the practicum"...
    prerequisites = models.ManyToManyField(
        "self",
        verbose_name=_("to be completed first"),
        symmetrical=False,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=200), name="training_hours_sane"
            ),
            models.CheckConstraint(
                condition=Q(refresher_months__isnull=True) | Q(refresher_months__gte=1),
                name="training_refresher_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name.get(settings.LANGUAGE_CODE) or f"#{self.pk}"


class TrainingCompletion(models.Model):
    """One completion; a refresher adds another row, so the history stays."""

    profile = models.ForeignKey(
        FacilitatorProfile,
        verbose_name=_("facilitator"),
        on_delete=models.CASCADE,
        related_name="completions",
    )
    module = models.ForeignKey(
        TrainingModule,
        verbose_name=_("module"),
        on_delete=models.PROTECT,
        related_name="completions",
    )
    completed_on = models.DateField(_("completed on"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("training completion")
        verbose_name_plural = _("training completions")
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "module", "completed_on"], name="completion_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} · {self.module} · {self.completed_on}"


class StaffingPolicy(models.Model):
    """The solver's settings, one row, edited by coordinators: there is no field standard."""

    mentoring_weight = models.PositiveSmallIntegerField(
        _("pair a newer facilitator with an experienced one"), default=30
    )
    diversity_weight = models.PositiveSmallIntegerField(
        _("pair people of different backgrounds (with consent)"), default=20
    )
    neighborhood_weight = models.PositiveSmallIntegerField(
        _("someone knows the neighborhood"), default=15
    )
    shared_language_weight = models.PositiveSmallIntegerField(
        _("both facilitators speak the dialogue's language"), default=25
    )
    stability_weight = models.PositiveSmallIntegerField(
        _("keep people already assigned"), default=50
    )
    max_load_weight = models.PositiveSmallIntegerField(
        _("keep the busiest facilitator's load low"), default=10
    )
    load_spread_weight = models.PositiveSmallIntegerField(_("spread sessions evenly"), default=5)
    travel_buffer_minutes = models.PositiveSmallIntegerField(
        _("travel time between venues (minutes)"), default=30
    )
    experienced_after = models.PositiveSmallIntegerField(
        _("sessions before someone counts as experienced"), default=10
    )
    sessions_before_leading = models.PositiveSmallIntegerField(
        _("sessions co-facilitated before leading"), default=2
    )
    long_session_minutes = models.PositiveSmallIntegerField(
        _("sessions longer than this get two interpreters per language (minutes)"), default=90
    )
    time_limit_seconds = models.PositiveSmallIntegerField(
        _("solver time limit (seconds)"), default=20
    )

    class Meta:
        verbose_name = _("staffing settings")
        verbose_name_plural = _("staffing settings")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="staffing_policy_single_row"),
            models.CheckConstraint(
                condition=Q(time_limit_seconds__gte=1) & Q(time_limit_seconds__lte=600),
                name="staffing_time_limit_sane",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Staffing settings"))


class AssignmentPlan(models.Model):
    """A solver run over the dialogues of a period: a draft until a coordinator publishes it."""

    class Status(models.TextChoices):
        SOLVING = "solving", _("Solving")
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        DISCARDED = "discarded", _("Discarded")
        FAILED = "failed", _("Failed")

    class Scope(models.TextChoices):
        PERIOD = "period", _("Every dialogue in a period")
        RESTAFF = "restaff", _("One dialogue, after a decline")

    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SOLVING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)
    solver_status = models.CharField(_("solver result"), max_length=10, blank=True)
    objective = models.FloatField(_("objective"), null=True, blank=True)
    bound = models.FloatField(_("best possible"), null=True, blank=True)
    optimality_gap = models.FloatField(_("optimality gap"), null=True, blank=True)
    seconds = models.FloatField(_("solve time (seconds)"), null=True, blank=True)
    policy = models.JSONField(_("settings used"), default=dict)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("assignment plan")
        verbose_name_plural = _("assignment plans")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="plan_period_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="plan_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_day} / {self.last_day} ({self.get_status_display()})"


class PlanEntry(models.Model):
    """A dialogue in a plan: its proposed team (lead first), or why it has none."""

    plan = models.ForeignKey(AssignmentPlan, on_delete=models.CASCADE, related_name="entries")
    dialogue = models.ForeignKey(
        Dialogue, verbose_name=_("dialogue"), on_delete=models.CASCADE, related_name="+"
    )
    team = models.JSONField(_("team"), default=list, blank=True)
    goals = models.JSONField(_("goals met"), default=list, blank=True)
    score = models.PositiveIntegerField(_("score"), default=0)
    possible = models.PositiveIntegerField(_("possible score"), default=0)
    gap_code = models.CharField(_("why unstaffed"), max_length=30, blank=True)
    gap_params = models.JSONField(default=dict, blank=True)
    # A coordinator's change by hand, and the warnings they saw when they made it.
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adjusted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        verbose_name = _("plan entry")
        verbose_name_plural = _("plan entries")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "dialogue"], name="plan_entry_once"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.dialogue_id}"


class PlanInterpretation(models.Model):
    plan = models.ForeignKey(
        AssignmentPlan, on_delete=models.CASCADE, related_name="interpretation"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")
    interpreters = models.JSONField(_("interpreters"), default=list, blank=True)
    needed = models.PositiveSmallIntegerField(_("needed"))
    gap_code = models.CharField(_("why not covered"), max_length=30, blank=True)
    gap_params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "session", "language"], name="plan_interpretation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.session_id} · {self.language_id}"


LIVE_STATUSES = ("invited", "accepted")


class Assignment(models.Model):
    """A person asked to facilitate a dialogue (all its sessions) or to interpret one session.

    Rows are never deleted: a decline stays, so the solver never asks that person again, and a
    replaced assignment is withdrawn, not overwritten.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead facilitator")
        CO_FACILITATOR = "co_facilitator", _("Co-facilitator")
        INTERPRETER = "interpreter", _("Interpreter")

    class Status(models.TextChoices):
        INVITED = "invited", _("Awaiting reply")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    dialogue = models.ForeignKey(
        Dialogue, verbose_name=_("dialogue"), on_delete=models.CASCADE, related_name="assignments"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="interpreter_assignments",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=15, choices=Role.choices)
    language = models.ForeignKey(
        Language,
        verbose_name=_("interpreting into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    plan = models.ForeignKey(
        AssignmentPlan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    responded_at = models.DateTimeField(_("replied"), null=True, blank=True)
    response_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["dialogue_id", "session_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="interpreter") & Q(session__isnull=False) & Q(language__isnull=False)
                )
                | (~Q(role="interpreter") & Q(session__isnull=True) & Q(language__isnull=True)),
                name="assignment_interpreter_has_session",
            ),
            models.UniqueConstraint(
                fields=["dialogue", "person"],
                condition=Q(session__isnull=True, status__in=LIVE_STATUSES),
                name="assignment_facilitator_once",
            ),
            models.UniqueConstraint(
                fields=["dialogue"],
                condition=Q(role="lead", status__in=LIVE_STATUSES),
                name="assignment_one_lead",
            ),
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(session__isnull=False, status__in=LIVE_STATUSES),
                name="assignment_interpreter_once",
            ),
        ]
        indexes = [models.Index(fields=["person", "status"], name="assignment_person")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.dialogue}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES


class AssignmentChange(models.Model):
    """Each step of an assignment, with who took it and why."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(_("status"), max_length=10, choices=Assignment.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.assignment_id} · {self.status}"


class AssignmentCalendarFeed(models.Model):
    """A secret address for a facilitator's or interpreter's calendar of assignments."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignment_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("assignment calendar feed")
        verbose_name_plural = _("assignment calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
