from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from commonground.formatting import city_time_zone
from commonground.multilingual import MultilingualFormField, localized
from dialogues.forms import LanguageChoiceField
from dialogues.models import Language, Neighborhood, Program, Venue
from feedback.committee.coordinator_selectors import (
    brief_action_idea_choices,
    brief_quote_choices,
)
from feedback.committee.services import MAX_FOLLOW_UP_SESSIONS
from feedback.models import FeedbackItem, RepresentativeQuote, Theme, ThemeBrief
from feedback.themes.selectors import theme_label, themes_in_order


class ThemeChoiceForm(forms.Form):
    """Which theme a new brief is built from."""

    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), to_field_name="slug"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["theme"]
        field.queryset = themes_in_order(active_only=True)
        language = translation.get_language()
        field.label_from_instance = lambda theme: theme_label(theme, language)


class _TextChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes labelled with what residents said, as they said it."""

    def label_from_instance(self, obj) -> str:
        return obj.text


class BriefForm(forms.Form):
    title = MultilingualFormField(
        label=_("Title"),
        max_length=ThemeBrief._meta.get_field("title").text_max_length,
        help_text=_("At least in one language."),
    )
    public_summary = MultilingualFormField(
        label=_("Summary in plain language"),
        max_length=ThemeBrief._meta.get_field("public_summary").text_max_length,
        multiline=True,
        required=False,
        help_text=_(
            "Residents read it on the public page: short sentences, no jargon. It is needed "
            "before the brief goes to the committee."
        ),
    )
    proposed_ask = MultilingualFormField(
        label=_("Proposed ask"),
        max_length=ThemeBrief._meta.get_field("proposed_ask").text_max_length,
        multiline=True,
        required=False,
        help_text=_("What the committee is asked to recommend."),
    )
    quotes = _TextChoiceField(
        label=_("Representative quotes"),
        queryset=RepresentativeQuote.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    action_ideas = _TextChoiceField(
        label=_("Action ideas raised by residents"),
        queryset=FeedbackItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quotes"].queryset = brief_quote_choices(theme)
        self.fields["action_ideas"].queryset = brief_action_idea_choices(theme)


def brief_initial(brief: ThemeBrief) -> dict:
    return {
        "title": brief.title,
        "public_summary": brief.public_summary,
        "proposed_ask": brief.proposed_ask,
        "quotes": list(brief.quotes.all()),
        "action_ideas": list(brief.action_ideas.all()),
    }


class _ProgramChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return localized(obj.name, translation.get_language()).text or obj.slug


class _VenueChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.neighborhood.name})"


class FollowUpDialogueForm(forms.Form):
    """One dialogue to gather the community input the committee asked for."""

    program = _ProgramChoice(label=_("Program"), queryset=Program.objects.all())
    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=Neighborhood.objects.order_by("name"),
        help_text=_("Suggested: where residents said most about this theme."),
    )
    venue = _VenueChoice(
        label=_("Venue"),
        queryset=Venue.objects.select_related("neighborhood").order_by(
            "neighborhood__name", "name"
        ),
        required=False,
        empty_label=_("None: the dialogue meets online"),
        help_text=_("A venue in the neighborhood you chose, or none for an online dialogue."),
    )
    primary_language = LanguageChoiceField(
        label=_("Language"), queryset=Language.objects.order_by("name")
    )
    first_day = forms.DateField(
        label=_("Day of the first session"), widget=forms.DateInput(attrs={"type": "date"})
    )
    starts = forms.TimeField(
        label=_("Starts at"), initial="18:00", widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=_("Ends at"), initial="20:00", widget=forms.TimeInput(attrs={"type": "time"})
    )
    sessions = forms.IntegerField(
        label=_("Number of sessions"),
        min_value=1,
        max_value=MAX_FOLLOW_UP_SESSIONS,
        initial=1,
        required=False,
        help_text=_(
            "One session is a drop-in conversation; more make a circle that meets once a week."
        ),
    )

    def __init__(self, *args, reader_language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_language"].reader_language = reader_language

    def clean(self):
        cleaned = super().clean()
        starts, ends, day = cleaned.get("starts"), cleaned.get("ends"), cleaned.get("first_day")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The end time must be after the start time."))
        if day and day < timezone.localtime(timezone.now(), city_time_zone()).date():
            self.add_error("first_day", _("Choose today or a day to come."))
        venue, neighborhood = cleaned.get("venue"), cleaned.get("neighborhood")
        if venue and neighborhood and venue.neighborhood_id != neighborhood.pk:
            self.add_error("venue", _("Choose a venue in the neighborhood, or none."))
        cleaned["sessions"] = cleaned.get("sessions") or 1
        return cleaned
