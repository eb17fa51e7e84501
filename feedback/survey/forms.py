from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from commonground.formatting import format_number
from commonground.languages import language_display_name
from commonground.multilingual import MultilingualFormField, localized
from feedback.models import SurveyQuestion, SurveyResponse, Theme
from feedback.models.survey import SCORE_RANGE
from feedback.models.themes import FEEDBACK_TEXT_MAX_LENGTH
from feedback.survey.services import SurveyAnswers

QUESTION_TEXT_MAX_LENGTH = SurveyQuestion._meta.get_field("text").text_max_length


def scale_choices() -> list[tuple[int, str]]:
    # A callable, so that the digits follow the language of each page.
    return [(score, format_number(score)) for score in SCORE_RANGE]


class ScaleField(forms.TypedChoiceField):
    """1 to 5 as a radio group; the two ends are named on the page."""

    low = _("Not at all")
    high = _("Very much")

    def __init__(self, **kwargs):
        super().__init__(
            choices=scale_choices,
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect(attrs={"class": "survey-scale__input"}),
            **kwargs,
        )


def yes_no_maybe_field(label) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=SurveyResponse.ComeAgain.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "survey-choice__input"}),
    )


def free_text_field(label, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=FEEDBACK_TEXT_MAX_LENGTH,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def question_field_name(question: SurveyQuestion) -> str:
    return f"question_{question.pk}"


class SurveyForm(forms.Form):
    """The standard questions, then the program's own, then hearing back."""

    felt_heard = ScaleField(label=_("I felt heard"))
    felt_safe = ScaleField(label=_("I felt safe to speak"))
    learned = ScaleField(label=_("I learned something about others' experiences"))
    come_again = yes_no_maybe_field(_("I would come again"))
    city_should = free_text_field(
        _("What should the city do?"),
        help_text=_("In your own words, in any language. Please do not name other people."),
    )
    priority_themes = forms.MultipleChoiceField(
        label=_("Which issue areas matter most to you?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hear_back = forms.BooleanField(
        label=_("Tell me what the city does with what residents said"),
        required=False,
    )
    hear_back_email = forms.EmailField(
        label=_("Your email address, to hear back"),
        required=False,
        help_text=_("Only if you ticked the box above. Kept apart from your answers."),
    )

    def __init__(
        self,
        *args,
        themes: list[Theme],
        questions: list[SurveyQuestion],
        asks_email: bool,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        language = translation.get_language()
        self.themes = [(theme, localized(theme.name, language)) for theme in themes]
        self.fields["priority_themes"].choices = [
            (str(theme.pk), text.text) for theme, text in self.themes
        ]
        if not asks_email:
            del self.fields["hear_back_email"]
        self.questions = questions
        for question in questions:
            text = localized(question.text, language).text
            if question.kind == SurveyQuestion.Kind.SCALE:
                field = ScaleField(label=text)
            elif question.kind == SurveyQuestion.Kind.YES_NO_MAYBE:
                field = yes_no_maybe_field(text)
            else:
                field = free_text_field(text)
            self.fields[question_field_name(question)] = field

    def standard_scales(self) -> list:
        return [self["felt_heard"], self["felt_safe"], self["learned"]]

    def theme_options(self) -> list[tuple]:
        """Each checkbox with its theme's name, so that a missing translation shows as one."""
        return list(
            zip(self["priority_themes"], [theme for theme, _text in self.themes], strict=True)
        )

    def added_questions(self) -> list[tuple]:
        """Each added question's field, with the question, for its kind and text."""
        return [(self[question_field_name(question)], question) for question in self.questions]

    def answers(self) -> SurveyAnswers:
        data = self.cleaned_data
        return SurveyAnswers(
            felt_heard=data["felt_heard"],
            felt_safe=data["felt_safe"],
            learned=data["learned"],
            come_again=data["come_again"],
            city_should=data["city_should"],
            priority_theme_ids=tuple(int(pk) for pk in data["priority_themes"]),
            extra_answers={
                str(question.pk): data[question_field_name(question)] for question in self.questions
            },
        )


class WalkInForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=12,
        help_text=_("The six digits shown on the screen in the room."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of answer"),
        choices=SurveyQuestion.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_("It cannot change later: to ask it another way, retire it and add another."),
    )
    text = MultilingualFormField(label=_("Question"), max_length=QUESTION_TEXT_MAX_LENGTH)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
        main = language_display_name(settings.LANGUAGE_CODE, translation.get_language())
        self.fields["text"].help_text = _(
            "Required in %(language)s. Where a translation is missing, residents see the "
            "question in %(language)s, marked as such."
        ) % {"language": main}
