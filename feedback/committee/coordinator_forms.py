from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from commonground.multilingual import MultilingualFormField
from feedback.committee.coordinator_selectors import (
    brief_action_idea_choices,
    brief_quote_choices,
)
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
