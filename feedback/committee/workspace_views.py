"""The committee's workspace: a brief with its evidence, discussion and decision, and the
recommendations that follow. Coordinators read along; only committee members decide and
comment, as brief_decide and brief_comment_add insist."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.roles import Role
from accounts.selectors import user_has_role
from commonground.formatting import format_number
from feedback import charts
from feedback.committee import selectors
from feedback.committee.coordinator_selectors import follow_up_dialogues
from feedback.committee.loop import briefs_audience
from feedback.committee.services import (
    CommitteeError,
    RationaleRequired,
    brief_comment_add,
    brief_decide,
    recommendation_add_brief,
    recommendation_create,
    recommendation_update,
)
from feedback.committee.workspace_forms import (
    CommentForm,
    DecisionForm,
    RecommendationCreateForm,
    RecommendationJoinForm,
    RecommendationStepForm,
)
from feedback.models import ThemeBrief
from feedback.summaries import presentation

READERS = (Role.COMMITTEE_MEMBER, Role.COORDINATOR)
# recommendation_create and recommendation_update accept coordinators too: departments often
# answer the city's staff rather than the committee.
RECOMMENDATION_EDITORS = (Role.COMMITTEE_MEMBER, Role.COORDINATOR)


def _evidence(evidence: dict, language: str) -> dict | None:
    """The brief's snapshot of published figures as charts and a table in the reader's locale;
    a hidden count (None) reads "<threshold", never a number."""
    if not evidence:
        return None
    rtl = language in settings.LANGUAGES_BIDI
    number = lambda value: format_number(value, language)  # noqa: E731
    who = evidence["who_came"]
    hidden = f"<{who['threshold']}"
    shown = lambda value: hidden if value is None else number(value)  # noqa: E731
    labels = presentation.group_labels()
    # Sorted here: a PostgreSQL jsonb object does not keep its keys in the order written.
    months = [
        (date.fromisoformat(f"{month}-01"), count)
        for month, count in sorted(evidence["months"].items())
    ]
    return {
        "period": [date.fromisoformat(day) for day in evidence["period"]],
        "items": evidence["items"],
        "hidden_label": hidden,
        "threshold": who["threshold"],
        "months": charts.column_chart(
            chart_id="chart-brief-months",
            title=_("Feedback items by month"),
            description=_("Confirmed feedback items in this theme, month by month."),
            data=[
                charts.Datum(presentation.month_label(month, language), count, number(count))
                for month, count in months
            ],
            value_heading=_("Items"),
            label_heading=_("Month"),
            tick_labels=number,
            rtl=rtl,
        ),
        "neighborhoods": charts.bar_chart(
            chart_id="chart-brief-neighborhoods",
            title=_("Where it was said"),
            description=_("Confirmed feedback items in this theme by the dialogue's neighborhood."),
            data=[
                charts.Datum(name, count, number(count))
                for name, count in evidence["neighborhoods"].items()
            ],
            value_heading=_("Items"),
            label_heading=_("Neighborhood"),
            rtl=rtl,
        ),
        "who_came": {
            "columns": who["neighborhoods"],
            "rows": [
                {
                    "label": labels.get(group, group),
                    "cells": [shown(value) for value in row],
                    "total": shown(total),
                }
                for group, row, total in zip(
                    who["groups"], who["cells"], who["group_totals"], strict=True
                )
            ],
            "column_totals": [shown(value) for value in who["neighborhood_totals"]],
            "grand_total": shown(who["total"]),
        },
    }


def _brief_page(request, brief: ThemeBrief, *, status: int = 200, **forms):
    """The brief page, with any bound form that the caller failed to save."""
    is_member = user_has_role(request.user, Role.COMMITTEE_MEMBER)
    on_docket = brief.status == ThemeBrief.Status.ON_DOCKET
    accepted = brief.status == ThemeBrief.Status.ACCEPTED
    can_recommend = accepted and user_has_role(request.user, *RECOMMENDATION_EDITORS)
    # A form the caller failed to save is shown with its errors, whatever the brief's stage.
    join_form = forms.get("join_form")
    if join_form is None and can_recommend:
        join_form = RecommendationJoinForm(brief=brief)
        if not join_form.fields["recommendation"].queryset.exists():
            # No open recommendation to join: only a new one can be drafted.
            join_form = None
    language = translation.get_language()
    return render(
        request,
        "feedback/committee/workspace/brief_detail.html",
        {
            "brief": brief,
            "evidence": _evidence(brief.evidence, language),
            "is_member": is_member,
            "is_coordinator": user_has_role(request.user, Role.COORDINATOR),
            "decision_form": (
                forms.get("decision_form", DecisionForm()) if is_member and on_docket else None
            ),
            # Who the decision and its reason will reach, so that members write it for them.
            "listening": len(briefs_audience([brief])) if is_member and on_docket else 0,
            "comment_form": forms.get("comment_form", CommentForm()) if is_member else None,
            "recommendation_form": (
                forms.get("recommendation_form", RecommendationCreateForm())
                if can_recommend
                else None
            ),
            "join_form": join_form,
            # Drafts too: the committee may see what is being prepared for it.
            "follow_ups": follow_up_dialogues(brief, language),
        },
        status=status,
    )


@role_required(*READERS)
def brief_detail(request, brief_id):
    return _brief_page(request, selectors.brief_for_committee(brief_id=brief_id))


@require_POST
@role_required(Role.COMMITTEE_MEMBER)
def brief_decide_view(request, brief_id):
    brief = selectors.brief_for_committee(brief_id=brief_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            brief_decide(
                brief_id=brief.pk,
                status=data["outcome"],
                rationale=data["rationale"],
                votes_for=data["votes_for"],
                votes_against=data["votes_against"],
                abstentions=data["abstentions"],
                minutes=data["minutes"],
                by=request.user,
            )
        except RationaleRequired as error:
            form.add_error("rationale", error.message)
        except CommitteeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The decision and its reason are recorded."))
            return redirect("feedback:committee_brief", brief_id=brief.pk)
    return _brief_page(request, brief, decision_form=form)


@require_POST
@role_required(Role.COMMITTEE_MEMBER)
def brief_comment_view(request, brief_id):
    brief = selectors.brief_for_committee(brief_id=brief_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            brief_comment_add(brief=brief, text=form.cleaned_data["text"], by=request.user)
        except CommitteeError as error:
            form.add_error("text", error.message)
        else:
            url = reverse("feedback:committee_brief", kwargs={"brief_id": brief.pk})
            return redirect(f"{url}#discussion")
    return _brief_page(request, brief, comment_form=form)


@require_POST
@role_required(*RECOMMENDATION_EDITORS)
def recommendation_create_view(request, brief_id):
    brief = selectors.brief_for_committee(brief_id=brief_id)
    form = RecommendationCreateForm(request.POST)
    if form.is_valid():
        try:
            recommendation = recommendation_create(
                briefs=[brief],
                title=form.cleaned_data["title"],
                department=form.cleaned_data["department"],
                by=request.user,
            )
        except CommitteeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The recommendation is drafted."))
            return redirect(
                "feedback:committee_recommendation", recommendation_id=recommendation.pk
            )
    return _brief_page(request, brief, recommendation_form=form)


@require_POST
@role_required(*RECOMMENDATION_EDITORS)
def recommendation_join_view(request, brief_id):
    brief = selectors.brief_for_committee(brief_id=brief_id)
    form = RecommendationJoinForm(request.POST, brief=brief)
    if form.is_valid():
        recommendation = form.cleaned_data["recommendation"]
        try:
            recommendation_add_brief(
                recommendation_id=recommendation.pk, brief_id=brief.pk, by=request.user
            )
        except CommitteeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The brief joined the recommendation."))
            return redirect(
                "feedback:committee_recommendation", recommendation_id=recommendation.pk
            )
    return _brief_page(request, brief, join_form=form)


@role_required(*READERS)
def recommendation_detail(request, recommendation_id):
    recommendation = selectors.recommendation_for_committee(recommendation_id=recommendation_id)
    form = None
    if user_has_role(request.user, *RECOMMENDATION_EDITORS):
        form = RecommendationStepForm(request.POST or None, recommendation=recommendation)
        if not form.fields["status"].choices:
            # Declined and implemented are final: there is no next step to offer.
            form = None
    if request.method == "POST":
        if form is None:
            return redirect(
                "feedback:committee_recommendation", recommendation_id=recommendation.pk
            )
        if form.is_valid():
            try:
                recommendation_update(
                    recommendation_id=recommendation.pk,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                    percent_complete=form.cleaned_data["percent_complete"],
                    by=request.user,
                )
            except RationaleRequired as error:
                form.add_error("note", error.message)
            except CommitteeError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The step is added to the recommendation's history."))
                return redirect(
                    "feedback:committee_recommendation", recommendation_id=recommendation.pk
                )
    return render(
        request,
        "feedback/committee/workspace/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "form": form,
            "is_member": user_has_role(request.user, Role.COMMITTEE_MEMBER),
        },
    )
