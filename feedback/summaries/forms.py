from datetime import date

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from commonground.multilingual import localized
from dialogues.models import Neighborhood, Program
from feedback.models import Theme
from feedback.summaries.selectors import SummaryFilter, default_period

LONGEST_PERIOD_DAYS = 366 * 5


class _LocalizedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return localized(obj.name, translation.get_language()).text or str(obj)


class SummaryFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    theme = _LocalizedChoice(
        label=_("Theme"), queryset=Theme.objects.all(), required=False, empty_label=_("All themes")
    )
    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=Neighborhood.objects.all(),
        required=False,
        empty_label=_("All neighborhoods"),
    )
    program = _LocalizedChoice(
        label=_("Program"),
        queryset=Program.objects.all(),
        required=False,
        empty_label=_("All programs"),
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_start, self.default_end = default_period(today)

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start") or self.default_start
        end = cleaned.get("end") or self.default_end
        if end < start:
            self.add_error("end", _("The end of the period must not be before its start."))
        elif (end - start).days > LONGEST_PERIOD_DAYS:
            self.add_error("start", _("Choose a period of five years or less."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def filters(self, dialogue_ids: frozenset[int] | None) -> SummaryFilter:
        """The chosen filters, or the default period when the form is not valid."""
        data = self.cleaned_data if self.is_valid() else {}
        return SummaryFilter(
            start=data.get("start") or self.default_start,
            end=data.get("end") or self.default_end,
            theme=data.get("theme"),
            neighborhood=data.get("neighborhood"),
            program=data.get("program"),
            dialogue_ids=dialogue_ids,
        )
