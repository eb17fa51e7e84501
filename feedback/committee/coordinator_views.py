"""The coordinators' side of briefs: prepare one from a theme, and send it to the committee."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.roles import Role
from commonground.multilingual import missing_languages
from dialogues.models import Program
from feedback.committee.coordinator_forms import (
    BriefForm,
    FollowUpDialogueForm,
    ThemeChoiceForm,
    brief_initial,
)
from feedback.committee.coordinator_selectors import (
    briefs_by_status,
    evidence_display,
    follow_up_dialogues,
    follow_up_language,
    follow_up_neighborhood,
    source_dialogues,
)
from feedback.committee.services import (
    EDITABLE_STATUSES,
    CommitteeError,
    WrongStage,
    brief_create,
    brief_evidence,
    brief_follow_up_dialogue_plan,
    brief_send_to_committee,
    brief_update,
)
from feedback.models import Theme, ThemeBrief

TRANSLATED_FIELDS = ("title", "public_summary", "proposed_ask")


@role_required(Role.COORDINATOR)
def brief_list(request):
    return render(
        request,
        "feedback/committee/coordinator/brief_list.html",
        {"groups": briefs_by_status(), "theme_form": ThemeChoiceForm()},
    )


@role_required(Role.COORDINATOR)
def brief_new(request):
    """GET ?theme=<slug> opens an empty brief for that theme; without one, asks which."""
    theme_form = ThemeChoiceForm(request.GET or None)
    if not theme_form.is_valid():
        return render(
            request,
            "feedback/committee/coordinator/brief_list.html",
            {"groups": briefs_by_status(), "theme_form": theme_form},
            status=400 if request.GET else 200,
        )
    theme = theme_form.cleaned_data["theme"]
    form = BriefForm(request.POST or None, theme=theme)
    if request.method == "POST" and form.is_valid():
        try:
            brief = brief_create(theme=theme, by=request.user, **_contents(form))
        except CommitteeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The brief is saved as a draft."))
            return redirect("feedback:coordinator_brief_edit", brief_id=brief.pk)
    return _render_editor(request, theme=theme, form=form, brief=None)


@role_required(Role.COORDINATOR)
def brief_edit(request, brief_id):
    """Drafts and briefs sent back for more input are edited; others are shown as sent."""
    brief = get_object_or_404(ThemeBrief.objects.select_related("theme"), pk=brief_id)
    if brief.status not in EDITABLE_STATUSES:
        return _render_editor(request, theme=brief.theme, form=None, brief=brief)
    form = BriefForm(
        request.POST if request.method == "POST" else None,
        initial=brief_initial(brief),
        theme=brief.theme,
    )
    if request.method == "POST" and form.is_valid():
        try:
            brief_update(brief_id=brief.pk, by=request.user, **_contents(form))
        except CommitteeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The brief is saved."))
            return redirect("feedback:coordinator_brief_edit", brief_id=brief.pk)
    return _render_editor(request, theme=brief.theme, form=form, brief=brief)


@role_required(Role.COORDINATOR)
@require_POST
def brief_send(request, brief_id):
    brief = get_object_or_404(ThemeBrief, pk=brief_id)
    try:
        brief_send_to_committee(brief_id=brief.pk, by=request.user)
    except CommitteeError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The brief is on the committee's docket, and its members are told.")
        )
    return redirect("feedback:coordinator_brief_edit", brief_id=brief.pk)


@role_required(Role.COORDINATOR)
def brief_follow_up(request, brief_id):
    """Plan a dialogue for the community input the committee asked for; the coordinator then
    checks the draft on the dialogue's own page and opens it."""
    brief = get_object_or_404(ThemeBrief.objects.select_related("theme"), pk=brief_id)
    if brief.status != ThemeBrief.Status.MORE_INPUT:
        messages.error(request, WrongStage.message)
        return redirect("feedback:coordinator_brief_edit", brief_id=brief.pk)
    language = translation.get_language()
    programs = list(Program.objects.all()[:2])
    form = FollowUpDialogueForm(
        request.POST if request.method == "POST" else None,
        initial={
            "program": programs[0] if len(programs) == 1 else None,
            "neighborhood": follow_up_neighborhood(brief),
            "primary_language": follow_up_language(),
        },
        reader_language=language,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dialogue, warnings = brief_follow_up_dialogue_plan(
                brief_id=brief.pk,
                program=data["program"],
                neighborhood=data["neighborhood"],
                venue=data["venue"],
                primary_language=data["primary_language"],
                first_day=data["first_day"],
                starts=data["starts"],
                ends=data["ends"],
                sessions=data["sessions"],
                by=request.user,
            )
        except CommitteeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "The follow-up dialogue is saved as a draft with its sessions. Check it, "
                    "then open it for registration."
                ),
            )
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("dialogues:registrations_overview", dialogue_id=dialogue.pk)
    return render(
        request,
        "feedback/committee/coordinator/follow_up_form.html",
        {"brief": brief, "form": form, "follow_ups": follow_up_dialogues(brief, language)},
    )


def _contents(form: BriefForm) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "public_summary": data["public_summary"],
        "proposed_ask": data["proposed_ask"],
        "quotes": list(data["quotes"]),
        "action_ideas": list(data["action_ideas"]),
    }


def _render_editor(request, *, theme: Theme, form: BriefForm | None, brief: ThemeBrief | None):
    """The editor, or the read-only brief once sent, beside the evidence the committee gets:
    today's figures for a brief still in preparation, the snapshot for one already sent."""
    language = translation.get_language()
    evidence = brief.evidence if brief and form is None and brief.evidence else None
    evidence = evidence or brief_evidence(theme)
    stored = brief or ThemeBrief()
    missing = [
        (ThemeBrief._meta.get_field(name).verbose_name, missing_languages(getattr(stored, name)))
        for name in TRANSLATED_FIELDS
    ]
    return render(
        request,
        "feedback/committee/coordinator/brief_form.html",
        {
            "theme": theme,
            "brief": brief,
            "form": form,
            "missing": [(label, codes) for label, codes in missing if codes],
            "evidence": evidence_display(evidence, language),
            "is_snapshot": form is None and bool(brief and brief.evidence),
            "sources": source_dialogues(theme, evidence, language),
            "follow_ups": follow_up_dialogues(brief, language) if brief else [],
        },
    )
