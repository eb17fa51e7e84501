from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.forms import language_choices
from commonground.formatting import format_number
from commonground.languages import language_display_name
from commonground.multilingual import localized
from commonground.templatetags.commonground import bcp47
from dialogues.models import Neighborhood, Program
from feedback.models import SessionReport, Theme
from feedback.models.themes import FEEDBACK_TEXT_MAX_LENGTH
from feedback.reports.selectors import CheckIns, SessionGuide
from feedback.reports.services import NamesNotConfirmed, ReportContent, ReportText

# Three empty boxes at a time, without JavaScript: saving the draft offers three more.
EMPTY_ITEM_BOXES = 3
MOST_ITEMS = 30


def localized_label(value: dict, language: str, *fallbacks: str) -> str:
    """A coordinator-written name for a choice label; a fallback says which language it is in,
    as components/inline_translated.html does."""
    text = localized(value, language, *fallbacks)
    if not text.is_fallback:
        return text.text
    return format_html(
        '<span lang="{}" dir="auto">{}</span> <span class="fallback-note">({})</span>',
        bcp47(text.language),
        text.text,
        language_display_name(text.language, language),
    )


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, theme):
        return localized_label(theme.name, translation.get_language()) or theme.slug


class ReportItemForm(forms.Form):
    """One quote or action idea, in the language it was said in."""

    text = forms.CharField(
        max_length=FEEDBACK_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    language = forms.ChoiceField(choices=language_choices)

    def __init__(self, *args, number: int, labels: dict, default_language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = labels["text"] % {"number": number}
        self.fields["language"].label = labels["language"] % {"number": number}
        self.fields["language"].initial = default_language

    def entry(self) -> ReportText | None:
        text = self.cleaned_data.get("text", "").strip()
        return ReportText(text=text, language=self.cleaned_data["language"]) if text else None


class BaseReportItemFormSet(forms.BaseFormSet):
    def __init__(self, *args, labels: dict, default_language: str, **kwargs):
        self.labels = labels
        self.default_language = default_language
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {
            "number": (index or 0) + 1,
            "labels": self.labels,
            "default_language": self.default_language,
        }

    def entries(self) -> list[ReportText]:
        return [entry for form in self.forms if (entry := form.entry()) is not None]


ReportItemFormSet = forms.formset_factory(
    ReportItemForm,
    formset=BaseReportItemFormSet,
    extra=EMPTY_ITEM_BOXES,
    max_num=MOST_ITEMS,
    validate_max=True,
)

QUOTE_LABELS = {"text": _("Quote %(number)s"), "language": _("Language of quote %(number)s")}
IDEA_LABELS = {
    "text": _("Action idea %(number)s"),
    "language": _("Language of action idea %(number)s"),
}


def item_formset(
    data, *, prefix: str, labels: dict, texts: list[ReportText], default_language: str
) -> BaseReportItemFormSet:
    return ReportItemFormSet(
        data,
        prefix=prefix,
        initial=[{"text": entry.text, "language": entry.language} for entry in texts],
        labels=labels,
        default_language=default_language,
    )


class ReportForm(forms.Form):
    attendance_count = forms.IntegerField(
        label=_("How many people took part"), min_value=0, max_value=9999
    )
    segments_covered = forms.TypedMultipleChoiceField(
        label=_("Segments covered"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes_observed = ThemeChoiceField(
        label=_("Themes you heard"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agreements = forms.CharField(
        label=_("Where people agreed"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    disagreements = forms.CharField(
        label=_("Where people disagreed"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    wellbeing_concern = forms.BooleanField(
        label=_(
            "Alert the coordinators: someone's well-being is a concern, or something needs "
            "escalating"
        ),
        required=False,
    )
    wellbeing_note = forms.CharField(
        label=_("What the coordinators should know"),
        help_text=_(
            "Only the coordinators and the session's facilitators read this. Leave out "
            "names unless someone's safety depends on them."
        ),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    no_names_confirmed = forms.BooleanField(
        label=_("I confirm that the quotes, action ideas and notes above name no participant."),
        required=False,
    )
    based_on = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        guide: SessionGuide,
        check_ins: CheckIns,
        selected_theme_ids: list[int],
        submitting: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        language = translation.get_language()
        self.fields["attendance_count"].help_text = _(
            "From check-in: %(registered)s registered people checked in, and %(walk_ins)s "
            "walk-ins joined the live room. Correct the number if check-in missed anyone."
        ) % {
            "registered": format_number(check_ins.registered, language),
            "walk_ins": format_number(check_ins.walk_ins, language),
        }
        self.fields["segments_covered"].choices = [
            (
                segment.position,
                format_html(
                    "{}. {}",
                    segment.position + 1,
                    localized_label(segment.title, language, guide.language)
                    or segment.get_kind_display(),
                ),
            )
            for segment in guide.segments
        ]
        # Retired themes stay on reports that already have them.
        self.fields["themes_observed"].queryset = Theme.objects.filter(
            is_active=True
        ) | Theme.objects.filter(pk__in=selected_theme_ids)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("wellbeing_note", "").strip() and not cleaned.get("wellbeing_concern"):
            self.add_error(
                "wellbeing_concern",
                _("Tick this box so that the coordinators are alerted, or clear the note."),
            )
        if self.submitting and not cleaned.get("no_names_confirmed"):
            self.add_error("no_names_confirmed", NamesNotConfirmed.message)
        return cleaned

    def draft_version(self):
        """The draft's version the writer started from; see session_report_save."""
        value = self.cleaned_data.get("based_on") or ""
        return parse_datetime(value) if value else None

    def content(self, quotes: BaseReportItemFormSet, ideas: BaseReportItemFormSet) -> ReportContent:
        data = self.cleaned_data
        return ReportContent(
            attendance_count=data["attendance_count"],
            segments_covered=data["segments_covered"],
            theme_ids=[theme.pk for theme in data["themes_observed"]],
            agreements=data["agreements"],
            disagreements=data["disagreements"],
            quotes=quotes.entries(),
            action_ideas=ideas.entries(),
            no_names_confirmed=data["no_names_confirmed"],
            wellbeing_concern=data["wellbeing_concern"],
            wellbeing_note=data["wellbeing_note"],
        )


def report_initial(report: SessionReport | None, *, attendance: int) -> dict:
    """What the form starts from: the saved draft, or the check-in count."""
    if report is None:
        return {"attendance_count": attendance}
    return {
        "attendance_count": report.attendance_count,
        "segments_covered": report.segments_covered,
        "themes_observed": list(report.themes_observed.all()),
        "agreements": report.agreements,
        "disagreements": report.disagreements,
        "wellbeing_concern": report.wellbeing_concern,
        "wellbeing_note": report.wellbeing_note,
        # Left unticked: the confirmation is about the text as it is submitted.
        "based_on": report.updated_at.isoformat(),
    }


class _LocalizedProgramChoice(forms.ModelChoiceField):
    def label_from_instance(self, program):
        return localized(program.name, translation.get_language()).text or program.slug


class ReportFilterForm(forms.Form):
    program = _LocalizedProgramChoice(
        label=_("Program"),
        queryset=Program.objects.all(),
        required=False,
        empty_label=_("All programs"),
    )
    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=Neighborhood.objects.order_by("name"),
        required=False,
        empty_label=_("All neighborhoods"),
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"program": data.get("program"), "neighborhood": data.get("neighborhood")}


def default_item_language(session_language: str) -> str:
    """A quote is in the session's language unless the facilitator picks another."""
    return (
        session_language
        if session_language in dict(settings.LANGUAGES)
        else (settings.LANGUAGE_CODE)
    )
