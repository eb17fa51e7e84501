from allauth.core import ratelimit
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from commonground.languages import language_name_local
from dialogues.live import selectors
from dialogues.live.consumers import GUEST_SEATS_SESSION_KEY
from dialogues.live.forms import JoinForm, ProjectorLanguagesForm
from dialogues.live.services import LiveRefusal, room_join_with_code
from dialogues.messages import dialogue_title
from dialogues.models import RoomParticipant, Session
from feedback.selectors import theme_names
from feedback.survey.qr import survey_poster

Role = RoomParticipant.Role
TEMPLATES = {
    Role.FACILITATOR: "live/console.html",
    Role.OBSERVER: "live/console.html",
    Role.INTERPRETER: "live/interpreter.html",
    Role.PARTICIPANT: "live/participant.html",
}


def _room_context(request, session: Session, role: str) -> dict:
    return {
        "session": session,
        "dialogue": session.dialogue,
        "title": dialogue_title(session.dialogue, translation.get_language()),
        "role": role,
        "socket_path": f"/ws/live/{session.pk}/",
        "languages": {code: language_name_local(code) for code, _name in settings.LANGUAGES},
        "page_language": translation.get_language(),
    }


def _guest_seat_id(request, session_id: int) -> int | None:
    return (request.session.get(GUEST_SEATS_SESSION_KEY) or {}).get(str(session_id))


def room(request, session_id: int):
    """The live room, as the visitor's role sees it; walk-ins without a seat are asked for the
    join code."""
    session = get_object_or_404(Session.objects.select_related("dialogue"), pk=session_id)
    claim = selectors.seat_claim(session=session, user=request.user)
    if claim is not None:
        role = claim.role
    elif selectors.guest_seat(session=session, seat_id=_guest_seat_id(request, session_id)):
        role = Role.PARTICIPANT
    elif request.user.is_authenticated:
        raise PermissionDenied
    else:
        return redirect_to_login(request.get_full_path())
    context = _room_context(request, session, role)
    if role == Role.INTERPRETER:
        context["rotation"] = selectors.interpreter_turns(session)
    if role == Role.FACILITATOR:
        # A tag that names a theme becomes that theme when the session's feedback is recorded.
        context["theme_names"] = theme_names(translation.get_language())
    return render(request, TEMPLATES[role], context)


def projector(request, session_id: int):
    """The big screen in the room: prompts in up to three languages, the timer, the join code."""
    session = get_object_or_404(Session.objects.select_related("dialogue"), pk=session_id)
    claim = selectors.seat_claim(session=session, user=request.user)
    if claim is None or claim.role not in (Role.FACILITATOR, Role.OBSERVER):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    form = ProjectorLanguagesForm(request.GET or None)
    chosen = form.cleaned_data["languages"] if form.is_valid() else []
    if not chosen:
        chosen = selectors.projector_languages_default(session)
    context = _room_context(request, session, claim.role)
    context.update(
        {
            "form": form,
            "projector_languages": chosen,
            "projector_guide": selectors.projector_guide(session, chosen),
            "survey_poster": survey_poster(session_id=session.pk),
        }
    )
    return render(request, "live/projector.html", context)


@require_http_methods(["GET", "POST"])
def join(request):
    form = JoinForm(
        request.POST or None,
        initial={"code": request.GET.get("code", ""), "language": translation.get_language()},
    )
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, action="live_join"):
            return ratelimit.respond_429(request)
        try:
            seat = room_join_with_code(
                code=form.cleaned_data["code"],
                display_name=form.cleaned_data["name"],
                language=form.cleaned_data["language"],
            )
        except LiveRefusal as refusal:
            form.add_error("code", refusal.text())
        else:
            seats = dict(request.session.get(GUEST_SEATS_SESSION_KEY) or {})
            seats[str(seat.room.session_id)] = seat.pk
            request.session[GUEST_SEATS_SESSION_KEY] = seats
            with translation.override(form.cleaned_data["language"]):
                return redirect("dialogues:live_room", session_id=seat.room.session_id)
    return render(request, "live/join.html", {"form": form})
