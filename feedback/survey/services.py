"""Answering a session's survey, and the questions coordinators add to a program's survey."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonground.formatting import city_time_zone
from dialogues.models import Program, Session
from feedback.models import (
    FeedbackItem,
    SurveyQuestion,
    SurveyReceipt,
    SurveyResponse,
    Theme,
)
from feedback.models.survey import SCORE_RANGE
from feedback.models.themes import FEEDBACK_TEXT_MAX_LENGTH
from feedback.services import feedback_item_create
from feedback.survey.selectors import (
    Respondent,
    SurveyState,
    invitation_key_prefix,
    survey_state,
)
from notifications.services import notifications_withdraw


class SurveyError(Exception):
    """An answer that cannot be saved; `message` says why, translated."""

    message = _("Your answers could not be saved.")


class SurveyNotOpen(SurveyError):
    message = _("This survey opens when the session starts.")


class SurveyClosed(SurveyError):
    message = _("This survey has closed: it stays open for two weeks after the session.")


class SessionCancelled(SurveyError):
    message = _("This session was cancelled, so there is no survey for it.")


class AlreadyAnswered(SurveyError):
    message = _("You have already answered this survey. Thank you.")


class EmptySurvey(SurveyError):
    message = _("Answer at least one question before you send the survey.")


class InvalidAnswer(SurveyError):
    message = _("One of the answers is not one of the choices offered. Check and send again.")


class EmailNeededForHearBack(SurveyError):
    message = _(
        "Give an email address so that we can tell you about the outcomes, or untick the box."
    )


_REFUSALS = {
    SurveyState.NOT_YET: SurveyNotOpen,
    SurveyState.CLOSED: SurveyClosed,
    SurveyState.CANCELLED: SessionCancelled,
}
COME_AGAIN_VALUES = frozenset(SurveyResponse.ComeAgain.values)


@dataclass(frozen=True)
class SurveyAnswers:
    """What someone answered; everything is optional, but not everything at once."""

    felt_heard: int | None = None
    felt_safe: int | None = None
    learned: int | None = None
    come_again: str = ""
    city_should: str = ""
    priority_theme_ids: tuple[int, ...] = ()
    # The program's own questions: {question id: 4 | "yes" | "text"}.
    extra_answers: dict = field(default_factory=dict)


def _valid_extra_answers(*, session: Session, answers: dict) -> dict:
    """The added questions' answers, keyed by question id as text, without blanks. Refuses an
    answer to a question the program does not ask, or one outside the question's choices."""
    questions = {
        question.pk: question
        for question in SurveyQuestion.objects.filter(
            program_id=session.dialogue.program_id, is_active=True
        )
    }
    valid = {}
    for key, value in answers.items():
        try:
            question = questions[int(key)]
        except (KeyError, TypeError, ValueError):
            raise InvalidAnswer from None
        if value is None or value == "":
            continue
        if question.kind == SurveyQuestion.Kind.SCALE:
            if isinstance(value, bool) or value not in SCORE_RANGE:
                raise InvalidAnswer
        elif question.kind == SurveyQuestion.Kind.YES_NO_MAYBE:
            if not isinstance(value, str) or value not in COME_AGAIN_VALUES:
                raise InvalidAnswer
        else:
            if not isinstance(value, str) or len(value) > FEEDBACK_TEXT_MAX_LENGTH:
                raise InvalidAnswer
            value = value.strip()
            if not value:
                continue
        valid[str(question.pk)] = value
    return valid


def _check_answers(answers: SurveyAnswers) -> None:
    for score in (answers.felt_heard, answers.felt_safe, answers.learned):
        if score is not None and (isinstance(score, bool) or score not in SCORE_RANGE):
            raise InvalidAnswer
    if answers.come_again and answers.come_again not in COME_AGAIN_VALUES:
        raise InvalidAnswer
    if len(answers.city_should) > FEEDBACK_TEXT_MAX_LENGTH:
        raise InvalidAnswer


def survey_submit(
    *,
    session: Session,
    respondent: Respondent,
    answers: SurveyAnswers,
    language: str,
    hear_back: bool = False,
    hear_back_email: str = "",
) -> SurveyResponse:
    """Saves one person's answers: the receipt that they answered, then the answers, apart.

    The receipt's unique constraints decide a second answer by the same person: it raises
    AlreadyAnswered and nothing is saved. A walk-in who wants to hear back gives an address;
    a registration already has one.
    """
    refusal = _REFUSALS.get(survey_state(session=session))
    if refusal is not None:
        raise refusal
    _check_answers(answers)
    extra = _valid_extra_answers(session=session, answers=answers.extra_answers)
    city_should = answers.city_should.strip()
    themes = list(Theme.objects.filter(pk__in=answers.priority_theme_ids, is_active=True))
    if len(themes) != len(set(answers.priority_theme_ids)):
        raise InvalidAnswer
    answered_anything = (
        any(score is not None for score in (answers.felt_heard, answers.felt_safe, answers.learned))
        or answers.come_again
        or city_should
        or themes
        or extra
    )
    if not answered_anything:
        raise EmptySurvey
    hear_back_email = hear_back_email.strip() if hear_back and not respondent.has_contact else ""
    if hear_back and not respondent.has_contact and not hear_back_email:
        raise EmailNeededForHearBack
    # Only the city's date, on both records: a time would let the answers be matched to the
    # receipt, and so to the person.
    today = timezone.localdate(timezone=city_time_zone())
    with transaction.atomic():
        try:
            with transaction.atomic():
                SurveyReceipt.objects.create(
                    submitted_on=today,
                    session=session,
                    registration=respondent.registration,
                    participant=respondent.participant,
                    walk_in_key=respondent.walk_in_key,
                    language=language,
                    hear_back=hear_back,
                    hear_back_email=hear_back_email,
                )
        except IntegrityError:
            raise AlreadyAnswered from None
        if respondent.registration is not None:
            # An invitation still waiting in the outbox would ask them again.
            notifications_withdraw(
                key_prefix=invitation_key_prefix(
                    registration_id=respondent.registration.pk, session_id=session.pk
                ),
                reason="already answered",
            )
        response = SurveyResponse.objects.create(
            session=session,
            language=language,
            submitted_on=today,
            felt_heard=answers.felt_heard,
            felt_safe=answers.felt_safe,
            learned=answers.learned,
            come_again=answers.come_again,
            city_should=city_should,
            extra_answers=extra,
        )
        response.priority_themes.set(themes)
        if city_should:
            feedback_item_create(
                session=session,
                kind=FeedbackItem.Kind.SURVEY_ANSWER,
                text=city_should,
                language=language,
                survey_response=response,
            )
    return response


# The program's own questions


class QuestionError(Exception):
    """A question that cannot be saved; `message` says why, translated."""

    message = _("The question could not be saved.")


class QuestionTextMissing(QuestionError):
    message = _("Write the question at least in the site's main language.")


def _require_main_language(text: dict) -> None:
    if not (text or {}).get(settings.LANGUAGE_CODE):
        raise QuestionTextMissing


def survey_question_create(*, program: Program, kind: str, text: dict) -> SurveyQuestion:
    """Adds a question at the end of the program's survey."""
    _require_main_language(text)
    if kind not in SurveyQuestion.Kind.values:
        raise QuestionError
    with transaction.atomic():
        # Locks the program so that two coordinators adding at once get different positions.
        Program.objects.select_for_update().get(pk=program.pk)
        last = SurveyQuestion.objects.filter(program=program).aggregate(last=Max("position"))
        position = 0 if last["last"] is None else last["last"] + 1
        return SurveyQuestion.objects.create(
            program=program, kind=kind, text=text, position=position
        )


def survey_question_update(*, question: SurveyQuestion, text: dict) -> SurveyQuestion:
    """Changes the question's wording. Its kind stays: answers already given keep their
    meaning, so asking something of another kind is a new question."""
    _require_main_language(text)
    question.text = text
    question.save(update_fields=["text"])
    return question


def survey_question_set_active(*, question: SurveyQuestion, active: bool) -> SurveyQuestion:
    """Retires a question (answers already given are kept) or asks it again."""
    question.is_active = active
    question.save(update_fields=["is_active"])
    return question


def survey_question_move(*, question: SurveyQuestion, step: int) -> None:
    """Moves a question `step` places up (negative) or down among its program's questions."""
    with transaction.atomic():
        Program.objects.select_for_update().get(pk=question.program_id)
        ordered = list(
            SurveyQuestion.objects.filter(program_id=question.program_id).order_by("position", "pk")
        )
        index = next(i for i, other in enumerate(ordered) if other.pk == question.pk)
        target = min(max(index + step, 0), len(ordered) - 1)
        ordered.insert(target, ordered.pop(index))
        for position, other in enumerate(ordered):
            other.position = position
        SurveyQuestion.objects.bulk_update(ordered, ["position"])
