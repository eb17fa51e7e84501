import re
from datetime import date

from babel import dates
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import language_choices
from commonground.languages import babel_locale, language_display_name
from dialogues.demographics import AGE_RANGES, RACE_ETHNICITY
from dialogues.models import Dialogue, Language, Neighborhood, Program, Venue
from dialogues.scheduling import EVERY_WEEK, LAST_WEEK, ScheduleRule
from dialogues.selectors import ACCESS_FEATURES
from dialogues.services import Contact, Needs, OutcomesNeedEmail

PHONE_PATTERN = re.compile(r"^\+?[0-9 ().-]{7,20}$")
ACCESS_FEATURE_LABELS = {
    "step_free_access": _("Step-free access"),
    "accessible_restroom": _("Accessible restroom"),
    "hearing_loop": _("Hearing loop"),
    "quiet_room": _("Quiet room"),
    "childcare_space": _("Space for childcare"),
}


class NamedForReader:
    """Languages named for the reader, in the reader's own language."""

    def __init__(self, *args, reader_language: str = "en", **kwargs):
        self.reader_language = reader_language
        super().__init__(*args, **kwargs)

    def label_from_instance(self, language):
        return language_display_name(language.code, self.reader_language, language.name)


class LanguageChoiceField(NamedForReader, forms.ModelChoiceField):
    pass


class LanguageMultipleChoiceField(NamedForReader, forms.ModelMultipleChoiceField):
    pass


class VenueMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, venue):
        return f"{venue.name} ({venue.neighborhood.name})"


class ListingFilterForm(forms.Form):
    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=Neighborhood.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All neighborhoods"),
    )
    language = LanguageChoiceField(
        label=_("Language"),
        queryset=Language.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("All languages"),
        help_text=_("Held in this language, or with interpretation into it."),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    mode = forms.ChoiceField(
        label=_("How"),
        choices=[("", _("In person or online")), *Dialogue.Mode.choices],
        required=False,
    )
    access = forms.MultipleChoiceField(
        label=_("The place has"),
        choices=[(feature, ACCESS_FEATURE_LABELS[feature]) for feature in ACCESS_FEATURES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, reader_language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].reader_language = reader_language

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("date_from")
            and cleaned.get("date_to")
            and cleaned["date_to"] < cleaned["date_from"]
        ):
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


class NeedsForm(forms.Form):
    interpretation_language = LanguageChoiceField(
        label=_("Interpretation into"),
        queryset=Language.objects.none(),
        required=False,
        empty_label=_("No interpretation needed"),
    )
    asl = forms.BooleanField(label=_("ASL interpretation"), required=False)
    cart = forms.BooleanField(label=_("CART captioning"), required=False)
    large_print = forms.BooleanField(label=_("Large print or Braille"), required=False)
    assistive_listening = forms.BooleanField(label=_("Assistive listening"), required=False)
    wheelchair_access = forms.BooleanField(
        label=_("Wheelchair or step-free access"), required=False
    )
    transit_help = forms.BooleanField(label=_("Help getting there"), required=False)
    childcare_children = forms.IntegerField(
        label=_("Children who need care during the dialogue"),
        min_value=0,
        max_value=10,
        initial=0,
        required=False,
    )
    childcare_ages = forms.CharField(
        label=_("Their ages"),
        max_length=60,
        required=False,
        help_text=_("For example: 3 and 7."),
    )
    dietary_needs = forms.CharField(label=_("Dietary needs"), max_length=200, required=False)

    def __init__(self, *args, dialogue: Dialogue, reader_language: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["interpretation_language"]
        field.queryset = dialogue.interpretation_languages.order_by("name")
        field.reader_language = reader_language
        if not dialogue.interpretation_languages.exists():
            del self.fields["interpretation_language"]

    def needs(self) -> Needs:
        data = self.cleaned_data
        return Needs(
            interpretation_language=data.get("interpretation_language"),
            asl=data["asl"],
            cart=data["cart"],
            large_print=data["large_print"],
            assistive_listening=data["assistive_listening"],
            wheelchair_access=data["wheelchair_access"],
            childcare_children=data.get("childcare_children") or 0,
            childcare_ages=data["childcare_ages"],
            dietary_needs=data["dietary_needs"],
            transit_help=data["transit_help"],
        )


def outcomes_consent_field() -> forms.BooleanField:
    """Closing the loop: unticked unless the person ticks it, and never required."""
    return forms.BooleanField(
        label=_("Tell me what the city does with what residents say at this dialogue"),
        required=False,
        initial=False,
        help_text=_(
            "By email, or in the app if you have an account. At most about one message a day, "
            "and you can stop any time."
        ),
    )


class RegistrationForm(NeedsForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("Only the facilitators and city staff see it."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        help_text=_("Give an email address, a phone number, or both."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    language = forms.ChoiceField(
        label=_("Language for messages"),
        choices=language_choices,
        help_text=_("We write to you in this language."),
    )

    outcomes_consent = outcomes_consent_field()

    field_order = ["name", "email", "phone", "language"]
    contact_field_names = ("name", "email", "phone", "language")
    follow_up_field_names = ("outcomes_consent",)

    def __init__(self, *args, account_holder: bool = False, **kwargs):
        # An account holder can hear back in the app even without an email on the registration.
        self.account_holder = account_holder
        super().__init__(*args, **kwargs)

    @property
    def contact_fields(self):
        return [self[name] for name in self.contact_field_names]

    @property
    def need_fields(self):
        other = self.contact_field_names + self.follow_up_field_names
        return [self[name] for name in self.fields if name not in other]

    @property
    def follow_up_fields(self):
        return [self[name] for name in self.follow_up_field_names]

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_PATTERN.match(phone):
            raise ValidationError(_("Enter a phone number with digits only, like 617 555 0123."))
        return phone

    def clean(self):
        cleaned = super().clean()
        contact_errors = self.has_error("email") or self.has_error("phone")
        if not contact_errors and not cleaned.get("email") and not cleaned.get("phone"):
            raise ValidationError(
                _("Give an email address or a phone number, so that we can reach you.")
            )
        if (
            cleaned.get("outcomes_consent")
            and not contact_errors
            and not cleaned.get("email")
            and not self.account_holder
        ):
            self.add_error("outcomes_consent", OutcomesNeedEmail.message)
        return cleaned

    def contact(self) -> Contact:
        data = self.cleaned_data
        return Contact(
            name=data["name"], email=data["email"], phone=data["phone"], language=data["language"]
        )


class OutcomesConsentForm(forms.Form):
    """Turning closing-the-loop messages on or off from the registration's own page."""

    outcomes_consent = outcomes_consent_field()


class DemographicsForm(forms.Form):
    race_ethnicity = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    self_described = forms.CharField(
        label=_("In your own words"),
        max_length=200,
        required=False,
        help_text=_("Add or describe anything the list above does not."),
    )
    prefer_not_to_say = forms.BooleanField(label=_("I prefer not to say"), required=False)
    age_range = forms.ChoiceField(
        label=_("Your age"),
        choices=[("", _("Prefer not to say")), *AGE_RANGES],
        required=False,
    )
    residence_neighborhood = forms.ModelChoiceField(
        label=_("The neighborhood you live in"),
        queryset=Neighborhood.objects.order_by("name"),
        required=False,
        empty_label=_("Prefer not to say, or not listed"),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the city may use these answers, without my name, as explained above."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each category, followed by its detailed subcategories.
        self.fields["race_ethnicity"].choices = [
            choice
            for code, label, details in RACE_ETHNICITY
            for choice in [
                (code, label),
                *((f"{code}.{detail}", detail_label) for detail, detail_label in details),
            ]
        ]


class WalkInForm(NeedsForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    language = forms.ChoiceField(label=_("Language for messages"), choices=language_choices)
    over_capacity = forms.BooleanField(
        label=_("Seat this person even though every seat is taken"), required=False
    )

    field_order = ["name", "email", "phone", "language"]

    def contact(self) -> Contact:
        data = self.cleaned_data
        return Contact(
            name=data["name"], email=data["email"], phone=data["phone"], language=data["language"]
        )


class ManageLinksForm(forms.Form):
    email = forms.EmailField(label=_("Email"))


WEEK_OF_MONTH_CHOICES = [
    (1, _("First")),
    (2, _("Second")),
    (3, _("Third")),
    (4, _("Fourth")),
    (LAST_WEEK, _("Last")),
    (EVERY_WEEK, _("Every week")),
]


def weekday_choices(reader_language: str) -> list[tuple[int, str]]:
    names = dates.get_day_names("wide", locale=babel_locale(reader_language))
    return [(day, names[day].capitalize()) for day in range(7)]


class ScheduleForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.all())
    format = forms.ChoiceField(label=_("Format"), choices=Dialogue.Format.choices)
    mode = forms.ChoiceField(label=_("How"), choices=Dialogue.Mode.choices)
    week_of_month = forms.TypedChoiceField(
        label=_("Which week"), choices=WEEK_OF_MONTH_CHOICES, coerce=int
    )
    weekday = forms.TypedChoiceField(label=_("Day"), coerce=int)
    starts = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    first_day = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    venues = VenueMultipleChoiceField(
        label=_("Venues"),
        queryset=Venue.objects.select_related("neighborhood").order_by(
            "neighborhood__name", "name"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For dialogues in person: one dialogue at each venue you tick."),
    )
    neighborhoods = forms.ModelMultipleChoiceField(
        label=_("Neighborhoods"),
        queryset=Neighborhood.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For online dialogues: one dialogue for each neighborhood you tick."),
    )
    primary_language = LanguageChoiceField(label=_("Language"), queryset=Language.objects.all())
    interpretation_languages = LanguageMultipleChoiceField(
        label=_("Interpretation offered"),
        queryset=Language.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=200, initial=12)
    minimum = forms.IntegerField(label=_("Minimum"), min_value=1, max_value=200, required=False)
    circle_meetings = forms.IntegerField(
        label=_("Weekly meetings in a circle"), min_value=1, max_value=12, initial=4
    )
    action_forum = forms.BooleanField(
        label=_("End each circle with an action forum"), required=False, initial=True
    )
    holidays = forms.CharField(
        label=_("Holidays"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One date per line, like 2027-01-18."),
    )
    skip_holidays = forms.BooleanField(
        label=_("Leave out dialogues and meetings that fall on a holiday"),
        required=False,
        initial=True,
    )
    publish = forms.BooleanField(
        label=_("Open them for registration at once"),
        required=False,
        help_text=_("Otherwise they are saved as drafts."),
    )

    def __init__(self, *args, reader_language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekday"].choices = weekday_choices(reader_language)
        self.fields["primary_language"].reader_language = reader_language
        self.fields["interpretation_languages"].reader_language = reader_language

    def clean_holidays(self) -> frozenset[date]:
        days = set()
        for line in self.cleaned_data["holidays"].split():
            try:
                days.add(date.fromisoformat(line.strip()))
            except ValueError:
                raise ValidationError(
                    _("%(value)s is not a date like 2027-01-18.") % {"value": line}
                ) from None
        return frozenset(days)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts") and cleaned.get("ends") and cleaned["ends"] <= cleaned["starts"]:
            self.add_error("ends", _("The end time must be after the start time."))
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("The end date is before the start date."))
        if first and last and (last - first).days > 731:
            self.add_error("last_day", _("Plan at most two years at a time."))
        mode = cleaned.get("mode")
        if mode == Dialogue.Mode.ONLINE and not cleaned.get("neighborhoods"):
            self.add_error("neighborhoods", _("Choose at least one neighborhood."))
        if mode and mode != Dialogue.Mode.ONLINE and not cleaned.get("venues"):
            self.add_error("venues", _("Choose at least one venue."))
        program = cleaned.get("program")
        capacity = cleaned.get("capacity")
        if program and capacity and capacity > program.max_capacity:
            self.add_error(
                "capacity",
                _("This program seats at most %(max)s people in a dialogue.")
                % {"max": program.max_capacity},
            )
        if capacity and cleaned.get("minimum") and cleaned["minimum"] > capacity:
            self.add_error("minimum", _("The minimum cannot be more than the seats."))
        return cleaned

    def rule(self) -> ScheduleRule:
        data = self.cleaned_data
        return ScheduleRule(
            program=data["program"],
            format=data["format"],
            mode=data["mode"],
            weekday=data["weekday"],
            week_of_month=data["week_of_month"],
            starts=data["starts"],
            ends=data["ends"],
            first_day=data["first_day"],
            last_day=data["last_day"],
            venues=tuple(data["venues"]) if data["mode"] != Dialogue.Mode.ONLINE else (),
            neighborhoods=tuple(data["neighborhoods"]),
            primary_language=data["primary_language"],
            interpretation_languages=tuple(data["interpretation_languages"]),
            capacity=data["capacity"],
            minimum=data["minimum"],
            circle_meetings=data["circle_meetings"],
            action_forum=data["action_forum"],
            holidays=data["holidays"],
            skip_holidays=data["skip_holidays"],
            publish=data["publish"],
        )


class RescheduleForm(forms.Form):
    session = forms.IntegerField(widget=forms.HiddenInput)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    note = forms.CharField(label=_("Why"), max_length=500, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts") and cleaned.get("ends") and cleaned["ends"] <= cleaned["starts"]:
            self.add_error("ends", _("The end time must be after the start time."))
        return cleaned


class CancellationForm(forms.Form):
    note = forms.CharField(
        label=_("Reason, for the people registered"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
