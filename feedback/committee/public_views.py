"""The open "You said, we did" page: no sign-in, and nothing on it that names anyone."""

from django import forms
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from commonground.multilingual import localized
from dialogues.selectors import neighborhoods_listed
from feedback.committee import public_selectors
from feedback.committee.accountability import figures_for_reader
from feedback.committee.public_selectors import PublicFilter


class _ThemeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return localized(obj.name, translation.get_language()).text or obj.slug


class PublicFilterForm(forms.Form):
    # Slugs, not ids, so that a filtered page has an address people can read and share.
    theme = _ThemeChoice(
        label=_("Theme"),
        queryset=public_selectors.themes_with_public_briefs(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )
    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=neighborhoods_listed(),
        to_field_name="slug",
        required=False,
        empty_label=_("All neighborhoods"),
    )

    def filters(self) -> PublicFilter:
        """The chosen filters; none when the form is not valid (the errors say why)."""
        data = self.cleaned_data if self.is_valid() else {}
        return PublicFilter(theme=data.get("theme"), neighborhood=data.get("neighborhood"))


def you_said_we_did(request):
    form = PublicFilterForm(request.GET or None)
    filters = form.filters()
    return render(
        request,
        "feedback/committee/public/you_said_we_did.html",
        {
            "form": form,
            "filtered": filters != PublicFilter(),
            "themes": public_selectors.you_said_we_did(
                filters=filters, language=translation.get_language()
            ),
            "reader_figures": figures_for_reader(
                now=timezone.now(), language=translation.get_language()
            ),
        },
    )
