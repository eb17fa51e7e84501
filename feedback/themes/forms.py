from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from commonground.formatting import format_date_local
from commonground.languages import language_display_name
from commonground.multilingual import MultilingualFormField
from dialogues.messages import dialogue_title
from dialogues.models import Session
from feedback.models import FeedbackItem, Theme
from feedback.models.themes import FEEDBACK_TEXT_MAX_LENGTH
from feedback.themes.selectors import InboxState, theme_label
from feedback.themes.services import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    SLUG_MAX_LENGTH,
)

# Room for a long list of keywords in one language, one per line.
KEYWORD_LIST_MAX_LENGTH = 4000


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, theme: Theme) -> str:
        label = theme_label(theme, translation.get_language() or settings.LANGUAGE_CODE)
        return label if theme.is_active else _("%(theme)s (retired)") % {"theme": label}


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, session: Session) -> str:
        language = translation.get_language() or settings.LANGUAGE_CODE
        return _("%(dialogue)s, session %(number)s, %(date)s") % {
            "dialogue": dialogue_title(session.dialogue, language),
            "number": session.number,
            "date": format_date_local(session.starts_at, "medium", language),
        }


class ThemeForm(forms.Form):
    name = MultilingualFormField(label=_("Name"), max_length=NAME_MAX_LENGTH)
    slug = forms.SlugField(
        label=_("Slug"),
        max_length=SLUG_MAX_LENGTH,
        help_text=_(
            "A short, unique name for web addresses and for tags in the live console: lowercase "
            "letters, digits and hyphens, such as “housing”."
        ),
    )
    description = MultilingualFormField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        multiline=True,
        required=False,
    )
    keywords = MultilingualFormField(
        label=_("Keywords"),
        max_length=KEYWORD_LIST_MAX_LENGTH,
        multiline=True,
        required=False,
        help_text=_(
            "One word or phrase per line, in each language. Feedback that contains one of them "
            "is suggested for this theme, and a person decides. A word also finds its plural "
            "with -s or -es; in Chinese, Japanese, Thai and Khmer it is found inside longer "
            "words too."
        ),
    )

    def __init__(self, *args, theme: Theme | None = None, **kwargs):
        if theme is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": theme.name,
                    "slug": theme.slug,
                    "description": theme.description,
                    "keywords": {
                        code: "\n".join(words) for code, words in (theme.keywords or {}).items()
                    },
                },
            )
        super().__init__(*args, **kwargs)
        self.theme = theme
        self.fields["name"].help_text = _(
            "At least in %(language)s. Where a translation is missing, readers see the name in "
            "another language, marked as such."
        ) % {
            "language": language_display_name(
                settings.LANGUAGE_CODE, translation.get_language() or settings.LANGUAGE_CODE
            )
        }

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        others = Theme.objects.filter(slug=slug)
        if self.theme is not None:
            others = others.exclude(pk=self.theme.pk)
        if others.exists():
            raise forms.ValidationError(
                _("Another theme already uses the slug “%(slug)s”. Choose a different one."),
                params={"slug": slug},
                code="slug_taken",
            )
        return slug

    def clean_name(self) -> dict:
        name = self.cleaned_data["name"]
        if not name.get(settings.LANGUAGE_CODE):
            raise forms.ValidationError(
                _("Give the theme a name in %(language)s at least."),
                params={
                    "language": language_display_name(
                        settings.LANGUAGE_CODE,
                        translation.get_language() or settings.LANGUAGE_CODE,
                    )
                },
                code="name_missing",
            )
        return name

    def clean_keywords(self) -> dict[str, list[str]]:
        return {
            code: [line.strip() for line in text.splitlines() if line.strip()]
            for code, text in self.cleaned_data["keywords"].items()
        }


class InboxFilterForm(forms.Form):
    theme = ThemeChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("position", "slug"),
        to_field_name="slug",
        required=False,
        empty_label=_("Any theme"),
        help_text=_("With “Needs a theme” or “Has suggestions”: items suggested for this theme."),
    )
    state = forms.ChoiceField(
        label=_("State"),
        choices=[
            ("", _("All feedback")),
            (InboxState.NEEDS_THEME, _("Needs a theme")),
            (InboxState.SUGGESTED, _("Has suggestions")),
        ],
        required=False,
    )
    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label=_("All neighborhoods"),
    )
    kind = forms.ChoiceField(
        label=_("Source"),
        choices=[("", _("Every source")), *FeedbackItem.Kind.choices],
        required=False,
    )
    session = SessionChoiceField(
        label=_("Session"), queryset=None, required=False, empty_label=_("All sessions")
    )

    def __init__(self, *args, neighborhoods, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighborhood"].queryset = neighborhoods
        self.fields["session"].queryset = sessions


class TagAddForm(forms.Form):
    theme = forms.ModelChoiceField(queryset=Theme.objects.filter(is_active=True))


class QuoteForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Quote as committee members will read it"),
        max_length=FEEDBACK_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shorten it, and take out anything that could identify someone."),
    )
    no_names_confirmed = forms.BooleanField(
        label=_("This quote names no one and cannot identify anyone"),
        error_messages={
            "required": _("Confirm that the quote names no one and cannot identify anyone.")
        },
    )

    def __init__(self, *args, text_lang: str = "", text_dir: str = "auto", **kwargs):
        super().__init__(*args, **kwargs)
        # The quote is in the language it was said in: spelling and direction follow it.
        attrs = self.fields["text"].widget.attrs
        attrs["dir"] = text_dir
        if text_lang:
            attrs["lang"] = text_lang


class ThemeItemsFilterForm(forms.Form):
    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label=_("All neighborhoods"),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, neighborhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighborhood"].queryset = neighborhoods

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end of the period comes before its start."))
        return data
