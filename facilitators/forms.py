from django import forms
from django.utils.translation import gettext_lazy as _

from commonground.languages import language_display_name
from dialogues.demographics import RACE_ETHNICITY
from dialogues.models import Language, Neighborhood
from facilitators.models import WEEKDAYS, FacilitatorLanguage, FacilitatorProfile
from facilitators.services import FacilitatorDetails

NOT_SPOKEN = ""


class FacilitatorDetailsForm(forms.Form):
    """A facilitator's own languages, neighborhoods, monthly maximum and, with consent, the
    identity used only to pair people of different backgrounds."""

    monthly_max = forms.IntegerField(
        label=_("Most sessions you can take in a month"), min_value=1, max_value=31
    )
    neighborhoods = forms.ModelMultipleChoiceField(
        label=_("Neighborhoods you know well"),
        queryset=Neighborhood.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    identity_consent = forms.BooleanField(
        label=_(
            "Use my answers below only to pair me with a co-facilitator of a different "
            "background. I can withdraw this at any time, and my answers are then erased."
        ),
        required=False,
    )
    identity_categories = forms.MultipleChoiceField(
        label=_("Race and ethnicity (select all that apply)"),
        choices=[(code, label) for code, label, _details in RACE_ETHNICITY],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    identity_self_described = forms.CharField(
        label=_("In your own words"), max_length=200, required=False
    )

    def __init__(self, *args, profile: FacilitatorProfile, reader_language: str, **kwargs):
        levels = {entry.language_id: entry.level for entry in profile.languages.all()}
        initial = {
            "monthly_max": profile.monthly_max,
            "neighborhoods": list(profile.neighborhoods.all()),
            "identity_consent": profile.identity_consented_at is not None,
            "identity_categories": profile.identity_categories,
            "identity_self_described": profile.identity_self_described,
            **{f"language_{language_id}": level for language_id, level in levels.items()},
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.languages = list(Language.objects.order_by("name"))
        for language in self.languages:
            self.fields[f"language_{language.pk}"] = forms.ChoiceField(
                label=language_display_name(language.code, reader_language, language.name),
                choices=[(NOT_SPOKEN, _("Not spoken")), *FacilitatorLanguage.Level.choices],
                required=False,
            )

    def language_fields(self):
        return [self[f"language_{language.pk}"] for language in self.languages]

    def clean(self):
        data = super().clean()
        consent = data.get("identity_consent")
        if not consent and (data.get("identity_categories") or data.get("identity_self_described")):
            self.add_error(
                "identity_consent",
                _("Tick the consent box to save these answers, or clear them."),
            )
        return data

    def details(self) -> FacilitatorDetails:
        data = self.cleaned_data
        return FacilitatorDetails(
            monthly_max=data["monthly_max"],
            languages={
                language.pk: data[f"language_{language.pk}"]
                for language in self.languages
                if data.get(f"language_{language.pk}")
            },
            neighborhoods=list(data["neighborhoods"]),
            identity_consent=data["identity_consent"],
            identity_categories=data["identity_categories"],
            identity_self_described=data["identity_self_described"],
        )


class WindowForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), choices=WEEKDAYS, coerce=int)
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", _("The end must be after the start."))
        return data


class BlackoutForm(forms.Form):
    first_day = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_day = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=120, required=False)

    def clean(self):
        data = super().clean()
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            self.add_error("last_day", _("The last day cannot be before the first."))
        return data


class PlanForm(forms.Form):
    first_day = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("The last day cannot be before the first."))
        elif first and last and (last - first).days > 92:
            self.add_error("last_day", _("Plan at most three months at a time."))
        return data


class ReplyForm(forms.Form):
    note = forms.CharField(
        label=_("Anything the coordinators should know (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TeamForm(forms.Form):
    """A coordinator's team for one dialogue: the lead, then the others."""

    lead = forms.TypedChoiceField(label=_("Lead facilitator"), coerce=int, required=False)
    co_facilitator = forms.TypedChoiceField(label=_("Co-facilitator"), coerce=int, required=False)
    third = forms.TypedChoiceField(label=_("Third facilitator"), coerce=int, required=False)
    override = forms.BooleanField(label=_("Keep this team despite the warnings"), required=False)

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Nobody")), *people]
        for name in ("lead", "co_facilitator", "third"):
            self.fields[name].choices = choices

    def team(self) -> list[int]:
        data = self.cleaned_data
        return [data[name] for name in ("lead", "co_facilitator", "third") if data.get(name)]
