"""The post-session survey: who may answer and how often, when it is open, the program's own
questions, the invitation email, the projector's QR code, and every language."""

import re
import threading
import time
from datetime import timedelta
from html import unescape

import pytest
from django.conf import settings
from django.core import mail, signing
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts.roles import Role
from commonground.languages import language_display_name
from dialogues.live import services as live
from dialogues.live.consumers import GUEST_SEATS_SESSION_KEY
from dialogues.models import (
    Dialogue,
    JoinCode,
    LiveRoom,
    Registration,
    RoomParticipant,
    Session,
)
from feedback.models import FeedbackItem, SurveyQuestion, SurveyReceipt, SurveyResponse, Theme
from feedback.survey.selectors import WALK_IN_SESSION_KEY, Respondent
from feedback.survey.services import (
    AlreadyAnswered,
    InvalidAnswer,
    SurveyAnswers,
    SurveyClosed,
    SurveyNotOpen,
    survey_submit,
)
from feedback.survey.tokens import SURVEY_LINK_SALT, survey_token
from notifications.kinds import Channel
from notifications.models import Notification
from notifications.services import notifications_tick
from tests.factories import UserFactory, user_with_role
from tests.helpers import translated
from tests.live.setup import checked_in, live_setup

pytestmark = pytest.mark.django_db

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
INVITATION = "feedback.survey_invitation"


@pytest.fixture
def setup():
    """A session that started three hours ago and ended an hour ago; its live room ran and
    ended, so its join code no longer lets anyone in."""
    setup = live_setup(passwords=False)
    now = timezone.now()
    Session.objects.filter(pk=setup.session.pk).update(
        starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1)
    )
    setup.session.refresh_from_db()
    room = live.room_ensure(setup.session)
    lead = live.participant_seat(
        room=room, role=RoomParticipant.Role.FACILITATOR, language="en", user=setup.lead
    )
    live.room_open(room_id=room.pk, actor=lead)
    live.room_set_status(room_id=room.pk, actor=lead, status=LiveRoom.Status.ENDED)
    setup.room = LiveRoom.objects.get(pk=room.pk)
    setup.code = JoinCode.objects.get(room=room).code
    return setup


def feedback_url(session, language="en"):
    with translation.override(language):
        return reverse("feedback:session_feedback", args=[session.pk])


def link_url(registration, session, language="en"):
    token = survey_token(registration_id=registration.pk, session_id=session.pk)
    with translation.override(language):
        return reverse("feedback:survey_link", args=[token])


def registration_of(setup, user) -> Registration:
    return Registration.objects.get(dialogue=setup.session.dialogue, user=user)


ANSWERS = {
    "felt_heard": "4",
    "felt_safe": "5",
    "learned": "3",
    "come_again": "yes",
    "city_should": "Fix the bus line to the clinic.",
}


def answer(client, url, **overrides):
    return client.post(url, {**ANSWERS, **overrides})


def counts() -> tuple[int, int, int]:
    return (
        SurveyReceipt.objects.count(),
        SurveyResponse.objects.count(),
        FeedbackItem.objects.filter(kind=FeedbackItem.Kind.SURVEY_ANSWER).count(),
    )


def body(response) -> str:
    return response.content.decode()


# Answering, and answering once


def test_a_signed_in_resident_answers_once_and_is_thanked(client, setup):
    client.force_login(setup.resident)
    url = feedback_url(setup.session)
    page = client.get(url)
    assert "feedback/survey/survey.html" in [t.name for t in page.templates]
    assert "not linked to your name" in body(page)
    housing = Theme.objects.get(slug="housing")

    response = answer(client, url, priority_themes=[str(housing.pk)])
    assert response.status_code == 302 and response["Location"] == url
    receipt = SurveyReceipt.objects.get()
    assert receipt.registration == registration_of(setup, setup.resident)
    assert (receipt.language, receipt.hear_back) == ("en", False)
    saved = SurveyResponse.objects.get()
    assert (saved.felt_heard, saved.felt_safe, saved.learned, saved.come_again) == (4, 5, 3, "yes")
    assert saved.submitted_on == timezone.localdate()
    assert list(saved.priority_themes.all()) == [housing]
    item = FeedbackItem.objects.get(survey_response=saved)
    assert (item.kind, item.text, item.session) == (
        FeedbackItem.Kind.SURVEY_ANSWER,
        "Fix the bus line to the clinic.",
        setup.session,
    )

    thanks = client.get(url)
    assert "<h1>Thank you for taking part</h1>" in body(thanks)
    assert "committee reads summaries" in body(thanks)
    again = client.get(url)
    assert "<h1>You have already answered</h1>" in body(again)
    assert '<form class="survey-form"' not in body(again)

    answer(client, url, city_should="Something else")
    assert counts() == (1, 1, 1)
    assert SurveyResponse.objects.get().city_should == "Fix the bus line to the clinic."


def test_the_emailed_link_is_single_use(client, setup):
    registration = registration_of(setup, setup.other_resident)
    url = link_url(registration, setup.session)
    assert "feedback/survey/survey.html" in [t.name for t in client.get(url).templates]
    assert answer(client, url).status_code == 302
    assert SurveyReceipt.objects.get().registration == registration
    before = counts()

    # Again, from another browser: the receipt's constraint refuses it and nothing changes.
    client.cookies.clear()
    second = answer(client, url, city_should="A second opinion", felt_heard="1")
    assert "<h1>You have already answered</h1>" in body(second)
    with pytest.raises(AlreadyAnswered):
        survey_submit(
            session=setup.session,
            respondent=Respondent(registration=registration),
            answers=SurveyAnswers(felt_heard=1, city_should="Once more"),
            language="en",
        )
    assert counts() == before
    assert SurveyResponse.objects.get().felt_heard == 4


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_link_sent_twice_at_once_saves_one_answer(setup):
    registration = registration_of(setup, setup.resident)
    barrier = threading.Barrier(4)
    outcomes = []

    def submit():
        try:
            barrier.wait(timeout=30)
            survey_submit(
                session=Session.objects.select_related("dialogue").get(pk=setup.session.pk),
                respondent=Respondent(registration=registration),
                answers=SurveyAnswers(felt_heard=4, city_should="Same words"),
                language="en",
            )
            outcomes.append("saved")
        except AlreadyAnswered:
            outcomes.append("refused")
        except Exception as error:  # reported by the assertion below
            outcomes.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (outcomes.count("saved"), outcomes.count("refused")) == (1, 3), outcomes
    assert counts() == (1, 1, 1)


def test_a_tampered_or_expired_link_gets_a_clear_page(client, setup):
    registration = registration_of(setup, setup.resident)
    token = survey_token(registration_id=registration.pk, session_id=setup.session.pk)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.get(reverse("feedback:survey_link", args=[tampered]))
    assert response.status_code == 400
    assert "This link does not work" in body(response)
    assert "cut off" in body(response)

    class FifteenDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 15 * 24 * 3600)

    old = FifteenDaysAgo(salt=SURVEY_LINK_SALT).sign_object(
        {"r": registration.pk, "s": setup.session.pk}
    )
    expired = client.get(reverse("feedback:survey_link", args=[old]))
    assert expired.status_code == 400
    assert "too old" in body(expired)

    # A genuine link whose registration is for another dialogue is no link to this session.
    other = live_setup(guide=False, passwords=False)
    crossed = link_url(registration_of(other, other.resident), setup.session)
    assert client.get(crossed).status_code == 400
    assert answer(client, crossed).status_code == 400
    assert counts() == (0, 0, 0)


def test_a_walk_in_with_the_rooms_code_answers_once_from_this_browser(client, setup):
    url = feedback_url(setup.session)
    page = client.get(url)
    assert "feedback/survey/walk_in.html" in [t.name for t in page.templates]
    walk_in = reverse("feedback:survey_walk_in", args=[setup.session.pk])
    # The room has ended and the code no longer admits anyone; the survey still takes it.
    assert not JoinCode.objects.filter(expires_at__gt=timezone.now()).exists()
    response = client.post(walk_in, {"code": f" {setup.code} "})
    assert response.status_code == 302 and response["Location"] == url
    key = client.session[WALK_IN_SESSION_KEY][str(setup.session.pk)]
    assert len(key) >= 32

    assert "feedback/survey/survey.html" in [t.name for t in client.get(url).templates]
    assert answer(client, url).status_code == 302
    receipt = SurveyReceipt.objects.get()
    assert (receipt.walk_in_key, receipt.registration, receipt.participant) == (key, None, None)
    # Giving the code again keeps the same key: the browser still answered.
    client.post(walk_in, {"code": setup.code})
    assert client.session[WALK_IN_SESSION_KEY][str(setup.session.pk)] == key
    answer(client, url)
    assert counts() == (1, 1, 1)


def test_a_wrong_code_is_refused(client, setup):
    other = live_setup(guide=False, passwords=False)
    other_room = live.room_ensure(other.session)
    other_code = JoinCode.objects.create(
        room=other_room, code="123456", expires_at=timezone.now() + timedelta(hours=1)
    )
    walk_in = reverse("feedback:survey_walk_in", args=[setup.session.pk])
    for code in ("000000" if setup.code != "000000" else "999999", other_code.code):
        response = client.post(walk_in, {"code": code})
        assert response.status_code == 200
        assert escape("That is not this session's code.") in body(response)
    assert WALK_IN_SESSION_KEY not in client.session
    assert "feedback/survey/walk_in.html" in [
        t.name for t in client.get(feedback_url(setup.session)).templates
    ]


def test_guessing_codes_is_rate_limited(client, setup):
    walk_in = reverse("feedback:survey_walk_in", args=[setup.session.pk])
    statuses = [client.post(walk_in, {"code": f"{guess:06d}"}).status_code for guess in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    # Even the right code waits until the limit has passed.
    assert client.post(walk_in, {"code": setup.code}).status_code == 429


def _guest_seat(client, setup, registration=None) -> RoomParticipant:
    seat = RoomParticipant.objects.create(
        room=setup.room,
        role=RoomParticipant.Role.PARTICIPANT,
        registration=registration,
        display_name="Guest 1",
        language="ht",
    )
    browser = client.session
    browser[GUEST_SEATS_SESSION_KEY] = {str(setup.session.pk): seat.pk}
    browser.save()
    return seat


def test_a_guest_who_took_a_seat_answers_as_that_seat_and_gives_an_email_to_hear_back(
    client, setup
):
    seat = _guest_seat(client, setup)
    url = feedback_url(setup.session, "ht")
    refused = answer(client, url, hear_back="on")
    assert refused.status_code == 200
    assert translated(
        "ht",
        "Give an email address so that we can tell you about the outcomes, or untick the box.",
    ) in unescape(body(refused))
    assert counts() == (0, 0, 0)

    sent = answer(client, url, hear_back="on", hear_back_email="marie@example.org")
    assert sent.status_code == 302
    receipt = SurveyReceipt.objects.get()
    assert (receipt.participant, receipt.registration, receipt.walk_in_key) == (seat, None, "")
    assert (receipt.hear_back, receipt.hear_back_email, receipt.language) == (
        True,
        "marie@example.org",
        "ht",
    )
    assert SurveyResponse.objects.get().language == "ht"
    answer(client, url)
    assert counts() == (1, 1, 1)


def test_one_response_per_registration_through_every_path(client, setup):
    registration = registration_of(setup, setup.resident)
    client.force_login(setup.resident)
    answer(client, feedback_url(setup.session))
    assert SurveyReceipt.objects.get().registration == registration

    # The emailed link of the same registration, in another browser.
    client.logout()
    link = link_url(registration, setup.session)
    assert "<h1>You have already answered</h1>" in body(client.get(link))
    answer(client, link)
    # A seat in the live room taken through that registration.
    _guest_seat(client, setup, registration=registration)
    assert "<h1>You have already answered</h1>" in body(client.get(feedback_url(setup.session)))
    answer(client, feedback_url(setup.session))
    assert counts() == (1, 1, 1)


def test_a_guest_seat_with_a_registration_answers_as_the_registration(client, setup):
    guest = Registration.objects.create(
        dialogue=setup.session.dialogue,
        name="Ana",
        email="ana@example.org",
        language="es",
        status=Registration.Status.CONFIRMED,
    )
    _guest_seat(client, setup, registration=guest)
    answer(client, feedback_url(setup.session, "es"), hear_back="on")
    receipt = SurveyReceipt.objects.get()
    # A registration has contact details: no address is asked for or stored.
    assert (receipt.registration, receipt.participant, receipt.hear_back) == (guest, None, True)
    assert receipt.hear_back_email == ""


def test_an_empty_survey_is_refused_with_a_clear_message(client, setup):
    client.force_login(setup.resident)
    response = client.post(feedback_url(setup.session), {"city_should": "   "})
    assert response.status_code == 200
    assert "Answer at least one question" in body(response)
    assert counts() == (0, 0, 0)


def test_free_text_becomes_a_feedback_item_and_no_text_makes_none(client, setup):
    client.force_login(setup.resident)
    answer(client, feedback_url(setup.session), city_should="")
    assert SurveyResponse.objects.count() == 1
    assert not FeedbackItem.objects.exists()
    client.force_login(setup.other_resident)
    answer(client, feedback_url(setup.session), city_should="  More youth programs  ")
    item = FeedbackItem.objects.get()
    assert (item.text, item.survey_response.city_should) == (
        "More youth programs",
        "More youth programs",
    )


def test_staff_are_told_the_survey_is_for_participants(client, setup):
    client.force_login(setup.lead)
    response = client.get(feedback_url(setup.session))
    assert "This survey is for participants" in body(response)
    assert "<form" not in body(response).split('id="main"', 1)[1]


# When it is open


@pytest.mark.parametrize(
    ("starts_in", "reason", "refusal"),
    [
        (timedelta(hours=1), "This survey opens when the session starts.", SurveyNotOpen),
        (-timedelta(days=14, hours=3), "This survey closed on", SurveyClosed),
    ],
)
def test_the_survey_is_open_from_the_start_until_two_weeks_after_the_end(
    client, setup, starts_in, reason, refusal
):
    starts_at = timezone.now() + starts_in
    Session.objects.filter(pk=setup.session.pk).update(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )
    setup.session.refresh_from_db()
    registration = registration_of(setup, setup.resident)
    for url in (feedback_url(setup.session), link_url(registration, setup.session)):
        client.force_login(setup.resident)
        assert reason in body(client.get(url))
        assert reason in body(answer(client, url))
    client.logout()
    assert reason in body(client.get(feedback_url(setup.session)))
    assert (
        client.post(
            reverse("feedback:survey_walk_in", args=[setup.session.pk]), {"code": setup.code}
        ).status_code
        == 200
    )
    assert WALK_IN_SESSION_KEY not in client.session
    with pytest.raises(refusal):
        survey_submit(
            session=setup.session,
            respondent=Respondent(registration=registration),
            answers=SurveyAnswers(felt_heard=3),
            language="en",
        )
    assert counts() == (0, 0, 0)


def test_the_last_day_of_the_window_is_still_open(client, setup):
    ends_at = timezone.now() - timedelta(days=13, hours=23)
    Session.objects.filter(pk=setup.session.pk).update(
        starts_at=ends_at - timedelta(hours=2), ends_at=ends_at
    )
    client.force_login(setup.resident)
    assert answer(client, feedback_url(setup.session)).status_code == 302
    assert counts() == (1, 1, 1)


def test_a_cancelled_session_has_no_survey(client, setup):
    Session.objects.filter(pk=setup.session.pk).update(status=Session.Status.CANCELLED)
    client.force_login(setup.resident)
    url = feedback_url(setup.session)
    assert "This session was cancelled" in body(client.get(url))
    answer(client, url)
    assert counts() == (0, 0, 0)


# The program's own questions


def test_the_programs_questions_are_asked_in_order_and_validated(client, setup):
    program = setup.session.dialogue.program
    scale = SurveyQuestion.objects.create(
        program=program,
        position=2,
        kind=SurveyQuestion.Kind.SCALE,
        text={"en": "The venue was easy to reach", "es": "El lugar era fácil de alcanzar"},
    )
    maybe = SurveyQuestion.objects.create(
        program=program,
        position=1,
        kind=SurveyQuestion.Kind.YES_NO_MAYBE,
        text={"en": "Would you facilitate one day?"},
    )
    text = SurveyQuestion.objects.create(
        program=program, position=3, kind=SurveyQuestion.Kind.TEXT, text={"en": "Anything else?"}
    )
    retired = SurveyQuestion.objects.create(
        program=program,
        position=0,
        kind=SurveyQuestion.Kind.TEXT,
        text={"en": "A retired question"},
        is_active=False,
    )
    client.force_login(setup.resident)
    url = feedback_url(setup.session, "es")
    page = body(client.get(url))
    assert "El lugar era fácil de alcanzar" in page
    assert "A retired question" not in page
    assert page.index("Would you facilitate one day?") < page.index("El lugar era fácil")
    assert page.index("El lugar era fácil") < page.index("Anything else?")
    # Not yet in Spanish: shown in English, and marked as English.
    english = language_display_name("en", "es")
    assert re.search(
        r'<span lang="en" dir="auto">Would you facilitate one day\?</span>\s*'
        r'<span class="fallback-note">\(' + re.escape(escape(english)),
        page,
        re.IGNORECASE,
    )

    refused = answer(client, url, **{f"question_{scale.pk}": "7"})
    assert refused.status_code == 200
    assert counts() == (0, 0, 0)
    registration = registration_of(setup, setup.resident)
    for wrong in ({str(scale.pk): 7}, {str(maybe.pk): "often"}, {str(retired.pk): "hello"}):
        with pytest.raises(InvalidAnswer):
            survey_submit(
                session=setup.session,
                respondent=Respondent(registration=registration),
                answers=SurveyAnswers(extra_answers=wrong),
                language="es",
            )
    assert counts() == (0, 0, 0)

    answer(
        client,
        url,
        **{
            f"question_{scale.pk}": "4",
            f"question_{maybe.pk}": "maybe",
            f"question_{text.pk}": "  Thanks  ",
        },
    )
    assert SurveyResponse.objects.get().extra_answers == {
        str(scale.pk): 4,
        str(maybe.pk): "maybe",
        str(text.pk): "Thanks",
    }


def test_coordinators_add_edit_retire_and_reorder_questions(client, setup):
    program = setup.session.dialogue.program
    list_url = reverse("feedback:survey_questions", args=[program.slug])
    client.force_login(setup.resident)
    assert client.get(list_url).status_code == 403
    client.force_login(setup.coordinator)
    assert program.slug in body(client.get(reverse("feedback:survey_programs")))
    add_url = reverse("feedback:survey_question_add", args=[program.slug])
    languages = [code for code, _name in settings.LANGUAGES]

    def text_fields(**texts):
        return {f"text_{i}": texts.get(code, "") for i, code in enumerate(languages)}

    missing_english = client.post(add_url, {"kind": "scale", **text_fields(es="¿Volvería?")})
    assert missing_english.status_code == 200
    assert not SurveyQuestion.objects.exists()
    client.post(
        add_url,
        {
            "kind": "scale",
            **text_fields(en="Was the venue easy to reach?", es="¿Era fácil llegar?"),
        },
    )
    client.post(add_url, {"kind": "text", **text_fields(en="Did you feel welcome?")})
    first, second = SurveyQuestion.objects.order_by("position")
    assert (first.kind, first.text, second.position) == (
        "scale",
        {"en": "Was the venue easy to reach?", "es": "¿Era fácil llegar?"},
        1,
    )
    page = body(client.get(list_url))
    assert "Missing translations:" in page
    assert language_display_name(languages[-1], "en") in page

    edit_url = reverse("feedback:survey_question_edit", args=[program.slug, second.pk])
    client.post(
        edit_url,
        {
            "kind": "scale",
            **text_fields(en="Did you feel welcome at the door?", ht="Èske ou te santi ou akeyi?"),
        },
    )
    second.refresh_from_db()
    assert (second.text, second.kind) == (
        {"en": "Did you feel welcome at the door?", "ht": "Èske ou te santi ou akeyi?"},
        "text",
    )

    client.post(
        reverse("feedback:survey_question_move", args=[program.slug, second.pk]),
        {"direction": "up"},
    )
    assert list(SurveyQuestion.objects.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    client.post(
        reverse("feedback:survey_question_active", args=[program.slug, first.pk]), {"active": "0"}
    )
    first.refresh_from_db()
    assert first.is_active is False
    client.force_login(setup.resident)
    survey = body(client.get(feedback_url(setup.session)))
    assert "Did you feel welcome at the door?" in survey
    assert "Was the venue easy to reach?" not in survey


# The invitation email


def test_each_attendee_is_invited_once_in_their_language_with_a_working_link(
    client, setup, django_capture_on_commit_callbacks
):
    session = setup.session
    absentee = Registration.objects.create(
        dialogue=session.dialogue,
        name="Absent",
        email="absent@example.org",
        language="vi",
        status=Registration.Status.CONFIRMED,
    )
    answered_already = checked_in(session, UserFactory(password=None), "Already", "fr")
    survey_submit(
        session=session,
        respondent=Respondent(registration=answered_already),
        answers=SurveyAnswers(felt_heard=5),
        language="fr",
    )
    invited_at = session.ends_at + timedelta(hours=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notifications_tick(now=invited_at - timedelta(minutes=5))
    assert not Notification.objects.filter(kind=INVITATION).exists()

    with django_capture_on_commit_callbacks(execute=True):
        notifications_tick(now=invited_at + timedelta(minutes=5))
    invitations = [m for m in mail.outbox if INVITATION in m.tags]
    by_address = {message.to[0]: message for message in invitations}
    assert sorted(by_address) == sorted([setup.resident.email, setup.other_resident.email])
    assert absentee.email not in by_address and answered_already.email not in by_address
    assert Notification.objects.filter(
        kind=INVITATION, channel=Channel.IN_APP, recipient=setup.resident
    ).exists()

    for user, language in ((setup.resident, "es"), (setup.other_resident, "zh-hans")):
        message = by_address[user.email]
        row = Notification.objects.get(kind=INVITATION, channel=Channel.EMAIL, email=user.email)
        assert row.language == language
        match = re.search(re.escape(settings.SITE_URL) + r"(/\S+/survey/[^/\s]+/)", message.body)
        assert match, message.body
        path = match.group(1)
        assert path.startswith(f"/{language}/")
        assert path in message.alternatives[0][0]
        page = client.get(path)
        assert "feedback/survey/survey.html" in [t.name for t in page.templates]
        assert f'lang="{language.split("-")[0]}' in body(page)

    # Later ticks send nothing twice; answering before the invitation means no invitation.
    with django_capture_on_commit_callbacks(execute=True):
        notifications_tick(now=invited_at + timedelta(hours=5))
    assert len([m for m in mail.outbox if INVITATION in m.tags]) == 2


def test_answering_withdraws_an_invitation_still_in_the_outbox(settings, setup):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    notifications_tick(now=setup.session.ends_at + timedelta(hours=2, minutes=1))
    waiting = Notification.objects.get(
        kind=INVITATION, channel=Channel.EMAIL, email=setup.resident.email
    )
    assert waiting.status == Notification.Status.PENDING
    survey_submit(
        session=setup.session,
        respondent=Respondent(registration=registration_of(setup, setup.resident)),
        answers=SurveyAnswers(learned=5),
        language="es",
    )
    waiting.refresh_from_db()
    assert waiting.status == Notification.Status.SUPPRESSED
    other = Notification.objects.get(
        kind=INVITATION, channel=Channel.EMAIL, email=setup.other_resident.email
    )
    assert other.status == Notification.Status.PENDING


def test_no_invitation_for_a_cancelled_session(setup, django_capture_on_commit_callbacks):
    Session.objects.filter(pk=setup.session.pk).update(status=Session.Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        notifications_tick(now=setup.session.ends_at + timedelta(hours=2, minutes=1))
    assert not Notification.objects.filter(kind=INVITATION).exists()


def test_no_invitation_for_a_cancelled_dialogue(setup, django_capture_on_commit_callbacks):
    Dialogue.objects.filter(pk=setup.session.dialogue_id).update(status=Dialogue.Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        notifications_tick(now=setup.session.ends_at + timedelta(hours=2, minutes=1))
    assert not Notification.objects.filter(kind=INVITATION).exists()


# The projector, and every language


def test_the_projector_shows_a_qr_code_for_the_survey(client, setup):
    client.force_login(setup.lead)
    page = body(client.get(reverse("dialogues:live_projector", args=[setup.session.pk])))
    address = f"{settings.SITE_URL}/sessions/{setup.session.pk}/feedback/"
    assert "Tell us how it went" in page
    assert f'<p class="live-projector__survey-url">{address}</p>' in page
    svg = re.search(r"<svg [^>]*>", page).group(0)
    assert 'role="img"' in svg and f'aria-label="QR code that opens the survey: {address}"' in svg
    # The address has no language: each phone is sent on to its own.
    client.logout()
    redirect = client.get(address.removeprefix(settings.SITE_URL), HTTP_ACCEPT_LANGUAGE="vi")
    assert redirect.status_code == 302
    assert redirect["Location"] == feedback_url(setup.session, "vi")


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_survey_pages_render_in_every_language(client, setup, language):
    client.force_login(setup.resident)
    survey = client.get(feedback_url(setup.session, language))
    client.force_login(setup.outsider)
    walk_in = client.get(feedback_url(setup.session, language))
    client.force_login(user_with_role(Role.COORDINATOR, password=None))
    with translation.override(language):
        editor = client.get(
            reverse("feedback:survey_questions", args=[setup.session.dialogue.program.slug])
        )
        heading = gettext("How did it go?")
        code_label = gettext("Join code")
        editor_heading = gettext("Survey questions")
    direction = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
    for page, text in ((survey, heading), (walk_in, code_label), (editor, editor_heading)):
        assert page.status_code == 200
        assert f'dir="{direction}"' in body(page).split(">", 2)[1]
        assert text in unescape(body(page))
    assert "feedback/survey/walk_in.html" in [t.name for t in walk_in.templates]
