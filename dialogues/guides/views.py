from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.roles import Role
from accounts.selectors import user_has_role
from dialogues.guides.forms import (
    GuideCreateForm,
    SegmentFormSet,
    VersionNoteForm,
    segment_initial,
)
from dialogues.guides.selectors import (
    current_version,
    guide_completeness,
    guide_version_for_session,
    guides_overview,
    version_segments,
)
from dialogues.guides.services import (
    GuideError,
    guide_create,
    guide_make_default,
    guide_version_save,
)
from dialogues.messages import dialogue_title
from dialogues.models import DiscussionGuide, GuideSegment, Session
from facilitators.selectors import is_assigned_to


@role_required(Role.COORDINATOR)
def guide_list(request):
    return render(request, "dialogues/guides/guide_list.html", {"overviews": guides_overview()})


@role_required(Role.COORDINATOR)
def guide_create_view(request):
    form = GuideCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            guide = guide_create(
                name=form.cleaned_data["name"],
                primary_language=form.cleaned_data["primary_language"],
                by=request.user,
            )
        except GuideError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The guide is created. Now write its segments."))
            return redirect("dialogues:guide_edit", guide_id=guide.pk)
    return render(request, "dialogues/guides/guide_create.html", {"form": form})


@role_required(Role.COORDINATOR)
def guide_edit(request, guide_id):
    """Every save makes a new version, prefilled from the current one; nothing is overwritten."""
    guide = get_object_or_404(DiscussionGuide, pk=guide_id)
    version = current_version(guide)
    data = request.POST if request.method == "POST" else None
    formset = SegmentFormSet(
        data,
        prefix="segments",
        initial=segment_initial(version_segments(version)) if version else None,
        primary_language=guide.primary_language,
    )
    note_form = VersionNoteForm(data, first_version=version is None)
    if data is not None and formset.is_valid() and note_form.is_valid():
        try:
            saved = guide_version_save(
                guide=guide,
                segments=formset.segments(),
                note=note_form.cleaned_data["note"],
                by=request.user,
            )
        except GuideError as error:
            note_form.add_error(None, error.message)
        else:
            messages.success(request, _("Version %(number)s is saved.") % {"number": saved.number})
            return redirect("dialogues:guide_version", guide_id=guide.pk, number=saved.number)
    return render(
        request,
        "dialogues/guides/guide_edit.html",
        {
            "guide": guide,
            "version": version,
            "formset": formset,
            "segment_forms": _segment_forms(formset),
            "note_form": note_form,
        },
    )


def _segment_forms(formset) -> list[tuple]:
    """Each form with the line that names it when folded: "2. Agreements, 10 min"."""
    kinds = dict(GuideSegment.Kind.choices)
    rows = []
    for index, form in enumerate(formset.forms):
        is_new = index >= formset.initial_form_count()
        kind = kinds.get(form["kind"].value() or "")
        if is_new and not form.has_changed():
            summary = _("Add a segment")
        else:
            summary = _("%(number)s. %(kind)s, %(minutes)s min") % {
                "number": index + 1,
                "kind": kind or _("New segment"),
                "minutes": form["duration_minutes"].value() or "?",
            }
        rows.append((form, summary, is_new))
    return rows


@role_required(Role.COORDINATOR)
def guide_version_view(request, guide_id, number):
    guide = get_object_or_404(DiscussionGuide, pk=guide_id)
    version = get_object_or_404(guide.versions.select_related("created_by"), number=number)
    segments = version_segments(version)
    return render(
        request,
        "dialogues/guides/guide_version.html",
        {
            "guide": guide,
            "version": version,
            "segments": segments,
            "total_minutes": sum(segment.duration_minutes for segment in segments),
            "is_current": version == current_version(guide),
            "versions": guide.versions.select_related("created_by").order_by("-number"),
        },
    )


@role_required(Role.COORDINATOR)
def guide_completeness_view(request, guide_id):
    guide = get_object_or_404(DiscussionGuide, pk=guide_id)
    version = current_version(guide)
    segments = version_segments(version) if version else []
    return render(
        request,
        "dialogues/guides/guide_completeness.html",
        {
            "guide": guide,
            "version": version,
            "segments": segments,
            "languages": guide_completeness(segments),
        },
    )


@role_required(Role.COORDINATOR)
@require_POST
def guide_make_default_view(request, guide_id):
    guide = get_object_or_404(DiscussionGuide, pk=guide_id)
    guide_make_default(guide=guide)
    messages.success(request, _("Programs without a guide of their own now use this guide."))
    return redirect("dialogues:guide_list")


@role_required(Role.FACILITATOR, Role.COORDINATOR)
def session_guide(request, session_id):
    """The guide a session uses, with the private notes: for its facilitators and for
    coordinators only."""
    session = get_object_or_404(
        Session.objects.select_related("dialogue__program__discussion_guide"), pk=session_id
    )
    if not user_has_role(request.user, Role.COORDINATOR) and not is_assigned_to(
        request.user, session.dialogue
    ):
        raise PermissionDenied
    version = guide_version_for_session(session)
    segments = version_segments(version) if version else []
    return render(
        request,
        "dialogues/guides/session_guide.html",
        {
            "session": session,
            "title": dialogue_title(session.dialogue, translation.get_language()),
            "guide": version.guide if version else None,
            "version": version,
            "segments": segments,
            "total_minutes": sum(segment.duration_minutes for segment in segments),
        },
    )
