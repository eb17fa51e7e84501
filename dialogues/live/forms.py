from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from commonground.languages import language_name_local
from dialogues.models.live import DISPLAY_NAME_MAX_LENGTH


def language_choices():
    return [(code, language_name_local(code)) for code, _name in settings.LANGUAGES]


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=12,
        help_text=_("The six digits shown on the screen in the room."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("Your first name"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
        help_text=_("Shown to the room only if you share something and choose to show it."),
    )
    language = forms.ChoiceField(label=_("Language for the prompts"), choices=language_choices)


class ProjectorLanguagesForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages on the screen"),
        choices=language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose up to three."),
    )

    def clean_languages(self):
        chosen = self.cleaned_data["languages"]
        if len(chosen) > 3:
            raise forms.ValidationError(_("Choose at most three languages."))
        return chosen
