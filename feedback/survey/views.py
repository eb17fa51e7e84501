import secrets

from allauth.core import ratelimit
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import role_required
from accounts.roles import Role
from dialogues.messages import dialogue_title
from dialogues.models import Program, Session
from feedback.models import SurveyQuestion
from feedback.survey.forms import QuestionForm, SurveyForm, WalkInForm
from feedback.survey.selectors import (
    WALK_IN_SESSION_KEY,
    Respondent,
    SurveyState,
    is_session_staff,
    join_code_opens_survey,
    program_survey_questions,
    programs_for_survey_editor,
    respondent_for_link,
    respondent_for_visitor,
    survey_closes_at,
    survey_questions_for,
    survey_receipt_for,
    survey_state,
    survey_themes,
)
from feedback.survey.services import (
    AlreadyAnswered,
    EmailNeededForHearBack,
    EmptySurvey,
    InvalidAnswer,
    QuestionError,
    SurveyError,
    survey_question_create,
    survey_question_move,
    survey_question_set_active,
    survey_question_update,
    survey_submit,
)
from feedback.survey.tokens import ExpiredSurveyLink, InvalidSurveyLink, survey_link_read

# request.session key: the session whose survey this browser has just sent, for the thanks.
JUST_SENT_SESSION_KEY = "feedback_survey_just_sent"

_sessions = Session.objects.select_related("dialogue__program", "dialogue__neighborhood")


def _context(session: Session) -> dict:
    return {
        "session": session,
        "title": dialogue_title(session.dialogue, translation.get_language()),
        "closes_at": survey_closes_at(session),
    }


def _unavailable(request, session: Session | None, reason: str, status: int = 200):
    """Why there is no form to fill: not yet open, closed, cancelled, a bad link, or staff."""
    context = _context(session) if session is not None else {}
    return render(
        request,
        "feedback/survey/unavailable.html",
        {**context, "reason": reason},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def session_feedback(request, session_id: int):
    """Where a live session sends everyone when it ends, and where the projector's QR code
    points: the survey for whoever this browser answers as, or the join code form."""
    session = get_object_or_404(_sessions, pk=session_id)
    respondent = respondent_for_visitor(
        session=session, user=request.user, browser_session=request.session
    )
    if respondent is not None:
        return _survey_page(request, session, respondent)
    state = survey_state(session=session)
    if state != SurveyState.OPEN:
        return _unavailable(request, session, state)
    if is_session_staff(session=session, user=request.user):
        return _unavailable(request, session, "staff")
    return render(
        request, "feedback/survey/walk_in.html", {**_context(session), "form": WalkInForm()}
    )


@require_POST
def survey_walk_in(request, session_id: int):
    """A walk-in proves they were in the room with its join code; guessing is rate-limited."""
    session = get_object_or_404(_sessions, pk=session_id)
    if not ratelimit.consume(request, action="survey_walk_in"):
        return ratelimit.respond_429(request)
    state = survey_state(session=session)
    if state != SurveyState.OPEN:
        return _unavailable(request, session, state)
    form = WalkInForm(request.POST)
    if form.is_valid():
        if join_code_opens_survey(session=session, code=form.cleaned_data["code"]):
            keys = dict(request.session.get(WALK_IN_SESSION_KEY) or {})
            keys.setdefault(str(session.pk), secrets.token_urlsafe(32))
            request.session[WALK_IN_SESSION_KEY] = keys
            return redirect("feedback:session_feedback", session_id=session.pk)
        form.add_error(
            "code",
            _(
                "That is not this session's code. Check the screen in the room, or ask a "
                "facilitator."
            ),
        )
    return render(request, "feedback/survey/walk_in.html", {**_context(session), "form": form})


@require_http_methods(["GET", "POST"])
def survey_link(request, token: str):
    """The signed link from the invitation email: one registration, one session."""
    try:
        link = survey_link_read(token)
    except ExpiredSurveyLink:
        return _unavailable(request, None, "expired", status=400)
    except InvalidSurveyLink:
        return _unavailable(request, None, "invalid", status=400)
    found = respondent_for_link(link=link)
    if found is None:
        return _unavailable(request, None, "invalid", status=400)
    session, respondent = found
    return _survey_page(request, session, respondent)


def _survey_page(request, session: Session, respondent: Respondent):
    receipt = survey_receipt_for(session=session, respondent=respondent)
    if receipt is not None:
        just_sent = request.session.pop(JUST_SENT_SESSION_KEY, None) == session.pk
        return render(
            request,
            "feedback/survey/answered.html",
            {**_context(session), "receipt": receipt, "just_sent": just_sent},
        )
    state = survey_state(session=session)
    if state != SurveyState.OPEN:
        return _unavailable(request, session, state)
    form = SurveyForm(
        request.POST or None,
        themes=survey_themes(),
        questions=survey_questions_for(session=session),
        asks_email=not respondent.has_contact,
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey_submit(
                session=session,
                respondent=respondent,
                answers=form.answers(),
                language=translation.get_language(),
                hear_back=form.cleaned_data["hear_back"],
                hear_back_email=form.cleaned_data.get("hear_back_email", ""),
            )
        except AlreadyAnswered:
            return redirect(request.path)
        except EmailNeededForHearBack as error:
            form.add_error("hear_back_email", error.message)
        except (EmptySurvey, InvalidAnswer) as error:
            form.add_error(None, error.message)
        except SurveyError:
            return _unavailable(request, session, survey_state(session=session))
        else:
            request.session[JUST_SENT_SESSION_KEY] = session.pk
            return redirect(request.path)
    return render(
        request,
        "feedback/survey/survey.html",
        {**_context(session), "form": form, "respondent": respondent},
    )


# The coordinators' question editor


@role_required(Role.COORDINATOR)
def survey_programs(request):
    return render(request, "feedback/survey/programs.html", {"rows": programs_for_survey_editor()})


@role_required(Role.COORDINATOR)
def survey_questions(request, slug: str):
    program = get_object_or_404(Program, slug=slug)
    return render(
        request,
        "feedback/survey/questions.html",
        {"program": program, "rows": program_survey_questions(program=program)},
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def survey_question_add(request, slug: str):
    program = get_object_or_404(Program, slug=slug)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_question_create(
                program=program, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"]
            )
        except QuestionError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, _("The question is added to the program's survey."))
            return redirect("feedback:survey_questions", slug=program.slug)
    return render(request, "feedback/survey/question_form.html", {"program": program, "form": form})


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def survey_question_edit(request, slug: str, question_id: int):
    program = get_object_or_404(Program, slug=slug)
    question = get_object_or_404(SurveyQuestion, pk=question_id, program=program)
    form = QuestionForm(request.POST or None, initial={"text": question.text}, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            survey_question_update(question=question, text=form.cleaned_data["text"])
        except QuestionError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("feedback:survey_questions", slug=program.slug)
    return render(
        request,
        "feedback/survey/question_form.html",
        {"program": program, "form": form, "question": question},
    )


@role_required(Role.COORDINATOR)
@require_POST
def survey_question_active(request, slug: str, question_id: int):
    question = get_object_or_404(SurveyQuestion, pk=question_id, program__slug=slug)
    active = request.POST.get("active") == "1"
    survey_question_set_active(question=question, active=active)
    if active:
        messages.success(request, _("The question is asked again."))
    else:
        messages.success(request, _("The question is retired. Answers already given are kept."))
    return redirect("feedback:survey_questions", slug=slug)


@role_required(Role.COORDINATOR)
@require_POST
def survey_question_move_view(request, slug: str, question_id: int):
    question = get_object_or_404(SurveyQuestion, pk=question_id, program__slug=slug)
    step = -1 if request.POST.get("direction") == "up" else 1
    survey_question_move(question=question, step=step)
    return redirect("feedback:survey_questions", slug=slug)
