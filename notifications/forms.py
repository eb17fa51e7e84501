from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Category


class PreferencesForm(forms.Form):
    wanted = forms.TypedMultipleChoiceField(
        label=_("Send me"),
        choices=[(category.value, category.label) for category in Category if category.is_optional],
        coerce=Category,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
