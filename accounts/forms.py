from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.services import user_profile_update
from commonground.languages import language_name_local


def language_choices() -> list[tuple[str, str]]:
    return [(code, language_name_local(code)) for code, _name in settings.LANGUAGES]


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("How facilitators and other residents see you."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=language_choices,
        help_text=_("We write to you and show pages in this language."),
    )


class SignupDetailsForm(ProfileForm):
    """The fields allauth's signup form adds to email and the optional password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = translation.get_language()

    def signup(self, request, user):
        user_profile_update(
            user=user,
            display_name=self.cleaned_data["display_name"],
            preferred_language=self.cleaned_data["preferred_language"],
        )
