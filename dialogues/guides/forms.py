from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.forms import language_choices
from commonground.languages import language_display_name
from commonground.multilingual import MultilingualFormField
from dialogues.guides.services import (
    MAX_SEGMENT_MINUTES,
    MIN_SEGMENT_MINUTES,
    TEXT_MAX_LENGTHS,
)
from dialogues.models import GuideSegment


class GuideCreateForm(forms.Form):
    primary_language = forms.ChoiceField(
        label=_("Primary language"),
        choices=language_choices,
        initial=settings.LANGUAGE_CODE,
        help_text=_(
            "Every prompt must be written in this language. Where a translation is missing, "
            "readers see this language, marked as such."
        ),
    )
    name = MultilingualFormField(
        label=_("Name"),
        max_length=160,
        help_text=_("At least in the primary language."),
    )

    def clean(self):
        data = super().clean()
        language = data.get("primary_language")
        if language and "name" in data and not data["name"].get(language):
            self.add_error(
                "name",
                _("Give the guide a name in %(language)s, its primary language.")
                % {"language": language_display_name(language, translation.get_language())},
            )
        return data


class SegmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Choose…")), *GuideSegment.Kind.choices]
    )
    duration_minutes = forms.IntegerField(
        label=_("Minutes"), min_value=MIN_SEGMENT_MINUTES, max_value=MAX_SEGMENT_MINUTES
    )
    title = MultilingualFormField(
        label=_("Title"), max_length=TEXT_MAX_LENGTHS["title"], required=False
    )
    prompt = MultilingualFormField(
        label=_("Prompt"),
        max_length=TEXT_MAX_LENGTHS["prompt"],
        multiline=True,
        required=False,
    )
    facilitator_notes = MultilingualFormField(
        label=_("Notes for facilitators"),
        max_length=TEXT_MAX_LENGTHS["facilitator_notes"],
        multiline=True,
        required=False,
        help_text=_("Only the facilitators of a dialogue and coordinators see these."),
    )

    def __init__(self, *args, primary_language: str = settings.LANGUAGE_CODE, **kwargs):
        super().__init__(*args, **kwargs)
        self.primary_language = primary_language
        self.fields["prompt"].help_text = _(
            "What the facilitator says or asks; participants see it too. Required in %(language)s."
        ) % {"language": language_display_name(primary_language, translation.get_language())}

    def clean(self):
        data = super().clean()
        if self.cleaned_data.get("DELETE"):
            return data
        prompt = data.get("prompt")
        if prompt is not None and not prompt.get(self.primary_language):
            language = language_display_name(self.primary_language, translation.get_language())
            self.add_error(
                "prompt",
                _("Write the prompt in %(language)s, the guide's primary language.")
                % {"language": language},
            )
        return data

    def segment(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "duration_minutes": data["duration_minutes"],
            "title": data["title"],
            "prompt": data["prompt"],
            "facilitator_notes": data["facilitator_notes"],
        }


class BaseSegmentFormSet(forms.BaseFormSet):
    ordering_widget = forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"})

    def __init__(self, *args, primary_language: str, **kwargs):
        self.primary_language = primary_language
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "primary_language": self.primary_language}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Position")
        form.fields["DELETE"].label = _("Remove this segment")

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.segments():
            raise forms.ValidationError(_("A guide needs at least one segment."))

    def segments(self) -> list[dict]:
        """The kept segments, in the order the coordinator numbered them."""
        return [form.segment() for form in self.ordered_forms]


SegmentFormSet = forms.formset_factory(
    SegmentForm, formset=BaseSegmentFormSet, extra=1, can_order=True, can_delete=True
)


class VersionNoteForm(forms.Form):
    note = forms.CharField(
        label=_("What changed"),
        max_length=200,
        help_text=_("A few words for the other coordinators, e.g. “Shorter go-round prompt”."),
    )

    def __init__(self, *args, first_version: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = not first_version


def segment_initial(segments: list[GuideSegment]) -> list[dict]:
    return [
        {
            "kind": segment.kind,
            "duration_minutes": segment.duration_minutes,
            "title": segment.title,
            "prompt": segment.prompt,
            "facilitator_notes": segment.facilitator_notes,
            "ORDER": position,
        }
        for position, segment in enumerate(segments, start=1)
    ]
