from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from commonground.languages import language_display_name
from commonground.multilingual import MultilingualFormField, localized
from feedback.committee.services import CLOSED_RECOMMENDATION_STATUSES, RECOMMENDATION_STEPS
from feedback.models import Recommendation, ThemeBrief

# The committee's words for its three outcomes, in the order of the form.
OUTCOMES = [
    (ThemeBrief.Status.ACCEPTED, _("Accept for recommendation")),
    (ThemeBrief.Status.MORE_INPUT, _("Request more community input")),
    (ThemeBrief.Status.NOT_ADOPTED, _("Not adopted")),
]
# Vote counts are stored as small positive integers.
MAX_VOTES = 32767


def _votes(label):
    return forms.IntegerField(label=label, min_value=0, max_value=MAX_VOTES, required=False)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=OUTCOMES, widget=forms.RadioSelect)
    # Not required here: brief_decide is the one place that refuses a decision without a
    # reason, and the view shows its message on this field.
    rationale = MultilingualFormField(
        label=_("Reason for the decision"),
        max_length=4000,
        multiline=True,
        required=False,
        help_text=_(
            "Required, in at least one language. Residents read it on the public page, "
            "so write it in plain words."
        ),
    )
    votes_for = _votes(_("Votes for"))
    votes_against = _votes(_("Votes against"))
    abstentions = _votes(_("Abstentions"))
    minutes = forms.CharField(
        label=_("Meeting minutes"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RecommendationCreateForm(forms.Form):
    title = MultilingualFormField(
        label=_("Title of the recommendation"),
        max_length=200,
        required=False,
        help_text=_("At least in one language; add the others when you can."),
    )
    department = forms.CharField(label=_("Target department"), max_length=160)

    def clean_title(self):
        title = self.cleaned_data["title"]
        if not title:
            raise forms.ValidationError(_("Give the recommendation a title."))
        return title


class RecommendationStepForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    note = MultilingualFormField(
        label=_("Note"),
        max_length=4000,
        multiline=True,
        required=False,
        help_text=_("What happened. A decline needs the department's reason."),
    )
    percent_complete = forms.IntegerField(label=_("Percent complete"), min_value=0, max_value=100)

    def __init__(self, *args, recommendation: Recommendation, **kwargs):
        kwargs.setdefault("initial", {"percent_complete": recommendation.percent_complete})
        super().__init__(*args, **kwargs)
        steps = RECOMMENDATION_STEPS[recommendation.status]
        self.fields["status"].choices = [
            (value, label) for value, label in Recommendation.Status.choices if value in steps
        ]


# Unicode isolates keep a title or a department in its own direction inside an option, whose
# text cannot hold <bdi>.
FSI, PDI = "\N{FIRST STRONG ISOLATE}", "\N{POP DIRECTIONAL ISOLATE}"


class _OpenRecommendationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        language = translation.get_language()
        title = localized(obj.title, language)
        name = f"{FSI}{title.text}{PDI}"
        if title.is_fallback:
            name = f"{name} ({language_display_name(title.language, language)})"
        return f"{name} · {FSI}{obj.department}{PDI} · {obj.get_status_display()}"


class RecommendationJoinForm(forms.Form):
    """An accepted brief joins a recommendation the department has not closed."""

    recommendation = _OpenRecommendationChoice(
        label=_("Recommendation to join"),
        queryset=Recommendation.objects.none(),
        empty_label=_("Choose a recommendation"),
        help_text=_("Recommendations still open, with their department and status."),
    )

    def __init__(self, *args, brief: ThemeBrief, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].queryset = (
            Recommendation.objects.exclude(status__in=CLOSED_RECOMMENDATION_STATUSES)
            .exclude(briefs=brief)
            .order_by("-created_at", "-pk")
        )
