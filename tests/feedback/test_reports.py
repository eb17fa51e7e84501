"""Session reports: who may write and read them, the shared draft and the final submission,
quotes and ideas as feedback items, the well-being alert, and the deadline reminders."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from commonground.formatting import format_moment
from commonground.templatetags.commonground import bcp47
from dialogues.guides.selectors import current_version
from dialogues.guides.services import guide_create, guide_make_default, guide_version_save
from dialogues.models import (
    Attendance,
    Contribution,
    Dialogue,
    LiveRoom,
    Registration,
    RoomParticipant,
    Session,
)
from facilitators.models import Assignment
from feedback.models import FeedbackItem, SessionReport, Theme
from feedback.reports.services import (
    NamesNotConfirmed,
    ReportAlreadySubmitted,
    ReportChangedMeanwhile,
    ReportContent,
    ReportError,
    ReportText,
    session_report_save,
    session_report_submit,
    wellbeing_concern_acknowledge,
)
from notifications.email import build_email, render_for
from notifications.kinds import Channel
from notifications.models import Notification
from notifications.services import notifications_tick
from tests.factories import DialogueFactory, UserFactory

pytestmark = pytest.mark.django_db

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
NOTE = "Rosa left in tears after the go-round; please call her"


def person(*roles, **fields):
    return UserFactory(password=None, roles=roles, **fields)


def assign(dialogue, user, role="co_facilitator", status="accepted"):
    return Assignment.objects.create(dialogue=dialogue, person=user, role=role, status=status)


@pytest.fixture
def coordinator():
    return person(Role.COORDINATOR)


@pytest.fixture
def guide(coordinator):
    guide = guide_create(name={"en": "Two-hour guide"}, primary_language="en", by=coordinator)
    guide_version_save(
        guide=guide,
        segments=[
            {
                "kind": kind,
                "duration_minutes": 20,
                "title": title,
                "prompt": {"en": "A prompt"},
                "facilitator_notes": {},
            }
            for kind, title in [
                ("welcome", {"en": "Welcome", "es": "Bienvenida"}),
                ("go_round", {"en": "Story round"}),
                ("closing", {"en": "Closing"}),
            ]
        ],
        note="",
        by=coordinator,
    )
    return guide_make_default(guide=guide)


@pytest.fixture
def team(guide):
    """A drop-in that ended an hour ago, with its lead and co-facilitator."""
    dialogue = DialogueFactory(sessions__starts_at=timezone.now() - timedelta(hours=3))
    lead = person(Role.FACILITATOR, display_name="Lena")
    co = person(Role.FACILITATOR, display_name="Cato", preferred_language="es")
    assign(dialogue, lead, role="lead")
    assign(dialogue, co)
    return {"session": dialogue.sessions.get(), "lead": lead, "co": co}


def report_url(session) -> str:
    return reverse("feedback:session_report", args=[session.pk])


def browser_data(response) -> dict:
    """What a browser would post back from the report form as the page shows it."""
    context = response.context
    forms = [context["form"]]
    for formset in (context["quotes"], context["ideas"]):
        forms += [formset.management_form, *formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            # An unticked box or an empty field is not posted (0 is).
            if value is None or value is False or value == "" or value == []:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(getattr(v, "pk", v)) for v in value]
            else:
                data[field.html_name] = str(value)
    return data


def fill(data: dict, **changes) -> dict:
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def housing() -> Theme:
    return Theme.objects.get(slug="housing")


def content(**changes) -> ReportContent:
    values = {
        "attendance_count": 8,
        "segments_covered": [0],
        "theme_ids": [],
        "agreements": "",
        "disagreements": "",
        "quotes": [ReportText("We keep being moved out.", "en")],
        "action_ideas": [],
        "no_names_confirmed": True,
        "wellbeing_concern": False,
        "wellbeing_note": "",
        **changes,
    }
    return ReportContent(**values)


# Who may see what


@pytest.mark.parametrize(
    "who, expected",
    [
        ("lead", 200),
        ("co", 200),
        ("coordinator", 200),
        ("other_facilitator", 403),
        ("invited_facilitator", 403),
        ("declined_facilitator", 403),
        ("committee", 403),
        ("resident", 403),
        ("anonymous", 302),
    ],
)
def test_only_the_sessions_facilitators_and_coordinators_reach_a_report(
    client, team, coordinator, who, expected
):
    session = team["session"]
    session_report_submit(
        session_id=session.pk,
        by=team["lead"],
        content=content(wellbeing_concern=True, wellbeing_note=NOTE),
        based_on=None,
    )
    users = {
        "lead": team["lead"],
        "co": team["co"],
        "coordinator": coordinator,
        "other_facilitator": person(Role.FACILITATOR),
        "committee": person(Role.COMMITTEE_MEMBER),
        "resident": person(),
    }
    for status in ("invited", "declined"):
        users[f"{status}_facilitator"] = user = person(Role.FACILITATOR)
        assign(session.dialogue, user, status=status)
    if who != "anonymous":
        client.force_login(users[who])
    response = client.get(report_url(session))
    assert response.status_code == expected
    body = response.content.decode()
    if expected == 200:
        assert NOTE in body
    else:
        assert NOTE not in body and "We keep being moved out." not in body
    if who == "anonymous":
        assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    "role, expected",
    [(Role.COORDINATOR, 200), (Role.FACILITATOR, 403), (Role.COMMITTEE_MEMBER, 403), (None, 403)],
)
def test_only_coordinators_see_the_list_of_reports(client, team, role, expected):
    session_report_submit(
        session_id=team["session"].pk,
        by=team["lead"],
        content=content(wellbeing_concern=True, wellbeing_note=NOTE),
        based_on=None,
    )
    client.force_login(person(role) if role else person())
    response = client.get(reverse("feedback:report_list"))
    assert response.status_code == expected
    # Even coordinators read the note on the report itself, not in lists.
    assert NOTE not in response.content.decode()


def test_the_list_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("feedback:report_list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_report_opens_when_the_session_starts(client, guide):
    dialogue = DialogueFactory(sessions__starts_at=timezone.now() + timedelta(hours=5))
    lead = person(Role.FACILITATOR)
    assign(dialogue, lead, role="lead")
    session = dialogue.sessions.get()
    client.force_login(lead)
    response = client.get(report_url(session))
    assert response.status_code == 200
    body = response.content.decode()
    assert "The report opens when the session starts" in body
    assert format_moment(session.starts_at, "en") in body
    assert 'name="action"' not in body
    response = client.post(report_url(session), {"action": "save", "attendance_count": "3"})
    assert response.status_code == 200
    assert not SessionReport.objects.exists()


def test_a_cancelled_session_needs_no_report(client, team):
    session = team["session"]
    session.status = Session.Status.CANCELLED
    session.save(update_fields=["status"])
    client.force_login(team["lead"])
    response = client.get(report_url(session))
    assert "This session did not take place, so it needs no report." in response.content.decode()
    with pytest.raises(ReportError):
        session_report_save(
            session_id=session.pk, by=team["lead"], content=content(), based_on=None
        )


# Writing the report


def test_attendance_is_prefilled_from_check_in_and_walk_ins(client, team):
    session = team["session"]
    dialogue = session.dialogue
    registrations = [
        Registration.objects.create(
            dialogue=dialogue,
            name=f"Resident {n}",
            email=f"r{n}@example.org",
            language="en",
            status=Registration.Status.CONFIRMED,
        )
        for n in range(3)
    ]
    for registration in registrations[:2]:
        Attendance.objects.create(
            session=session, registration=registration, checked_in_by=team["lead"]
        )
    room = LiveRoom.objects.create(session=session)
    seats = [
        # Seated through their registration: already counted by check-in.
        {"role": "participant", "registration": registrations[0]},
        {"role": "participant", "display_name": "Guest 1"},
        {"role": "participant", "display_name": "Guest 2"},
        {"role": "facilitator", "user": team["lead"]},
    ]
    for seat in seats:
        RoomParticipant.objects.create(room=room, language="en", **seat)
    client.force_login(team["co"])
    response = client.get(report_url(session))
    form = response.context["form"]
    assert form["attendance_count"].value() == 4
    body = response.content.decode()
    assert "From check-in: 2 registered people checked in, and 2 walk-ins" in body
    # Names from the roster are not part of the report.
    assert "Resident 0" not in body and "Guest 1" not in body


def test_a_draft_is_shared_and_either_facilitator_submits_it(client, team):
    session = team["session"]
    client.force_login(team["lead"])
    page = client.get(report_url(session))
    assert "Due " + format_moment(session.ends_at + timedelta(hours=48), "en") in (
        page.content.decode()
    )
    data = fill(
        browser_data(page),
        action="save",
        attendance_count="11",
        segments_covered=["0", "2"],
        themes_observed=[str(housing().pk)],
        agreements="Rents are the first worry.",
        **{
            "quotes-0-text": "We keep being moved out.",
            "quotes-1-text": "Nos tratan como visitantes.",
            "quotes-1-language": "es",
            "ideas-0-text": "A tenants' help desk at the library.",
        },
    )
    response = client.post(report_url(session), data)
    assert response.status_code == 302
    report = SessionReport.objects.get(session=session)
    assert report.status == SessionReport.Status.DRAFT
    assert report.created_by == team["lead"]

    client.force_login(team["co"])
    page = client.get(report_url(session))
    body = page.content.decode()
    assert "Nos tratan como visitantes." in body and "Rents are the first worry." in body
    assert "Draft started by Lena" in body
    data = fill(
        browser_data(page),
        action="submit",
        disagreements="Whether the police belong at these meetings.",
        no_names_confirmed="on",
        **{"quotes-2-text": "The bus stopped coming."},
    )
    response = client.post(report_url(session), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == SessionReport.Status.SUBMITTED
    assert (report.created_by, report.submitted_by) == (team["lead"], team["co"])
    assert report.submitted_at is not None and report.no_names_confirmed
    assert report.attendance_count == 11
    assert report.segments_covered == [0, 2]
    assert list(report.themes_observed.all()) == [housing()]
    assert report.agreements == "Rents are the first worry."
    assert report.disagreements == "Whether the police belong at these meetings."


def test_quotes_and_ideas_become_feedback_items_of_the_session(team):
    session = team["session"]
    report = session_report_save(
        session_id=session.pk,
        by=team["lead"],
        content=content(
            quotes=[ReportText("We keep being moved out.", "en"), ReportText("Ya no.", "es")],
            action_ideas=[ReportText("A tenants' help desk.", "en")],
        ),
        based_on=None,
    )
    kept = FeedbackItem.objects.get(text="We keep being moved out.")
    session_report_submit(
        session_id=session.pk,
        by=team["co"],
        content=content(
            quotes=[ReportText("We keep being moved out.", "en"), ReportText("Otra vez.", "es")],
            action_ideas=[ReportText("A tenants' help desk.", "en")],
        ),
        based_on=report.updated_at,
    )
    items = FeedbackItem.objects.order_by("kind", "text")
    assert [(item.kind, item.text, item.language) for item in items] == [
        ("action_idea", "A tenants' help desk.", "en"),
        ("quote", "Otra vez.", "es"),
        ("quote", "We keep being moved out.", "en"),
    ]
    for item in items:
        assert item.report_id == report.pk and item.session_id == session.pk
        assert item.dialogue_id == session.dialogue_id
        assert item.neighborhood_id == session.dialogue.neighborhood_id
        assert item.program_id == session.dialogue.program_id
    # An unchanged quote is the same item, with whatever themes it already has.
    assert FeedbackItem.objects.filter(pk=kept.pk).exists()


def test_submitting_without_the_no_names_confirmation_changes_nothing(client, team):
    session = team["session"]
    report = session_report_save(
        session_id=session.pk, by=team["lead"], content=content(), based_on=None
    )
    client.force_login(team["co"])
    data = fill(
        browser_data(client.get(report_url(session))),
        action="submit",
        attendance_count="30",
        **{"quotes-0-text": "Changed at the last minute.", "ideas-0-text": "New idea"},
    )
    response = client.post(report_url(session), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Confirm that the report names no participant before you submit it." in body
    assert "The report is not saved yet." in body
    saved = SessionReport.objects.get()
    assert saved.status == SessionReport.Status.DRAFT
    assert (saved.attendance_count, saved.updated_at) == (8, report.updated_at)
    assert list(FeedbackItem.objects.values_list("text", flat=True)) == ["We keep being moved out."]

    with pytest.raises(NamesNotConfirmed):
        session_report_submit(
            session_id=session.pk,
            by=team["co"],
            content=content(no_names_confirmed=False, attendance_count=30),
            based_on=report.updated_at,
        )
    saved.refresh_from_db()
    assert saved.status == SessionReport.Status.DRAFT and saved.attendance_count == 8


def test_a_draft_saved_meanwhile_by_the_co_facilitator_is_not_overwritten(client, team):
    session = team["session"]
    client.force_login(team["lead"])
    data = fill(browser_data(client.get(report_url(session))), action="save")
    data["quotes-0-text"] = "The lead's quote"
    session_report_save(
        session_id=session.pk,
        by=team["co"],
        content=content(quotes=[ReportText("The co-facilitator's quote", "en")]),
        based_on=None,
    )
    response = client.post(report_url(session), data)
    assert response.status_code == 200
    assert "Someone saved this draft after you opened it" in response.content.decode()
    assert list(FeedbackItem.objects.values_list("text", flat=True)) == [
        "The co-facilitator's quote"
    ]
    # Saving again, now knowingly, replaces it.
    response = client.post(report_url(session), browser_data(response))
    assert response.status_code == 302
    assert list(FeedbackItem.objects.values_list("text", flat=True)) == ["The lead's quote"]


def test_a_submitted_report_is_final_and_shown_read_only(client, team):
    session = team["session"]
    session_report_submit(session_id=session.pk, by=team["lead"], content=content(), based_on=None)
    client.force_login(team["co"])
    response = client.get(report_url(session))
    body = response.content.decode()
    assert "Submitted " in body and "by Lena" in body
    assert "We keep being moved out." in body
    assert 'name="action"' not in body and "<textarea" not in body
    response = client.post(report_url(session), {"action": "save", "attendance_count": "99"})
    assert response.status_code == 302
    assert SessionReport.objects.get().attendance_count == 8
    with pytest.raises(ReportError):
        session_report_save(
            session_id=session.pk,
            by=team["co"],
            content=content(attendance_count=99),
            based_on=SessionReport.objects.get().updated_at,
        )


def test_submitting_harvests_a_live_room_that_was_never_ended(
    team, guide, django_capture_on_commit_callbacks
):
    session = team["session"]
    room = LiveRoom.objects.create(
        session=session, status=LiveRoom.Status.LIVE, guide_version=current_version(guide)
    )
    guest = RoomParticipant.objects.create(
        room=room, role="participant", display_name="Guest 1", language="es"
    )
    Contribution.objects.create(
        room=room, participant=guest, client_id=uuid.uuid4(), text="Más luz", language="es"
    )
    with django_capture_on_commit_callbacks(execute=True):
        session_report_submit(
            session_id=session.pk, by=team["lead"], content=content(), based_on=None
        )
    assert FeedbackItem.objects.filter(kind="contribution", text="Más luz").exists()


# The well-being alert


def test_a_wellbeing_concern_alerts_every_coordinator_once_without_the_note(
    team, coordinator, django_capture_on_commit_callbacks
):
    other = person(Role.COORDINATOR, preferred_language="es")
    person(Role.COMMITTEE_MEMBER)
    session = team["session"]
    flagged = content(wellbeing_concern=True, wellbeing_note=NOTE)
    with django_capture_on_commit_callbacks(execute=True):
        draft = session_report_save(
            session_id=session.pk, by=team["lead"], content=flagged, based_on=None
        )
    assert not Notification.objects.exists(), "a draft alerts no one"
    with django_capture_on_commit_callbacks(execute=True):
        session_report_submit(
            session_id=session.pk, by=team["co"], content=flagged, based_on=draft.updated_at
        )
    alerts = Notification.objects.filter(kind="feedback.wellbeing_concern")
    assert sorted(alerts.values_list("recipient_id", "channel", "language")) == sorted(
        [
            (coordinator.pk, Channel.EMAIL, "en"),
            (coordinator.pk, Channel.IN_APP, "en"),
            (other.pk, Channel.EMAIL, "es"),
            (other.pk, Channel.IN_APP, "es"),
        ]
    )
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [coordinator.email, other.email]
    )
    languages = {coordinator.email: "en", other.email: "es"}
    for message in mail.outbox:
        assert NOTE not in message.body and NOTE not in message.alternatives[0][0]
        assert NOTE not in message.subject
        with translation.override(languages[message.to[0]]):
            assert settings.SITE_URL + report_url(session) in message.body
    for alert in alerts.filter(channel=Channel.IN_APP):
        with translation.override(alert.language):
            assert NOTE not in render_for(alert, "in_app.html")
    assert NOTE not in str(list(alerts.values_list("context", flat=True)))


def test_a_coordinator_acknowledges_a_concern_once(client, team, coordinator):
    session = team["session"]
    report = session_report_submit(
        session_id=session.pk,
        by=team["lead"],
        content=content(wellbeing_concern=True, wellbeing_note=NOTE),
        based_on=None,
    )
    client.force_login(coordinator)
    listing = client.get(reverse("feedback:report_list")).content.decode()
    acknowledge = reverse("feedback:wellbeing_acknowledge", args=[report.pk])
    assert acknowledge in listing
    client.force_login(team["lead"])
    assert client.post(acknowledge).status_code == 403
    client.force_login(coordinator)
    response = client.post(acknowledge, {"next": reverse("feedback:report_list")})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.wellbeing_acknowledged_by == coordinator
    first_at = report.wellbeing_acknowledged_at
    assert first_at is not None
    assert acknowledge not in client.get(reverse("feedback:report_list")).content.decode()
    wellbeing_concern_acknowledge(report_id=report.pk, by=person(Role.COORDINATOR))
    report.refresh_from_db()
    assert (report.wellbeing_acknowledged_by, report.wellbeing_acknowledged_at) == (
        coordinator,
        first_at,
    )
    body = client.get(report_url(session)).content.decode()
    assert "Acknowledged by" in body


def test_the_list_puts_concerns_first_then_overdue_then_due_reports(client, team, coordinator):
    now = timezone.now()
    late = DialogueFactory(sessions__starts_at=now - timedelta(hours=60))
    assign(late, team["lead"], role="lead")
    session_report_submit(
        session_id=team["session"].pk,
        by=team["lead"],
        content=content(wellbeing_concern=True),
        based_on=None,
    )
    soon = DialogueFactory(sessions__starts_at=now - timedelta(hours=4))
    client.force_login(coordinator)
    body = client.get(reverse("feedback:report_list")).content.decode()
    concern = body.index(report_url(team["session"]))
    overdue = body.index(report_url(late.sessions.get()))
    due = body.index(report_url(soon.sessions.get()))
    assert concern < overdue < due
    assert body.index("Overdue reports") < overdue < body.index("Due soon") < due
    # The facilitators to chase are named.
    assert "Lena" in body[overdue : body.index("Due soon")]


def test_the_list_filters_by_neighborhood(client, team, coordinator):
    elsewhere = DialogueFactory(sessions__starts_at=timezone.now() - timedelta(hours=4))
    client.force_login(coordinator)
    neighborhood = team["session"].dialogue.neighborhood
    body = client.get(
        reverse("feedback:report_list"), {"neighborhood": neighborhood.pk}
    ).content.decode()
    assert report_url(team["session"]) in body
    assert report_url(elsewhere.sessions.get()) not in body


def test_coordinators_read_a_draft_but_cannot_change_it(client, team, coordinator):
    session = team["session"]
    session_report_save(session_id=session.pk, by=team["lead"], content=content(), based_on=None)
    client.force_login(coordinator)
    body = client.get(report_url(session)).content.decode()
    assert "Draft, not submitted yet: started by Lena" in body
    assert "We keep being moved out." in body and 'name="action"' not in body
    response = client.post(report_url(session), {"action": "submit", "attendance_count": "1"})
    assert response.status_code == 403
    assert SessionReport.objects.get().status == SessionReport.Status.DRAFT


# Reminders before the deadline


@pytest.fixture
def running_session(guide):
    """A circle's session under way: it ends in an hour, so its report is due in 49 hours."""
    dialogue = DialogueFactory(
        format=Dialogue.Format.CIRCLE,
        sessions=2,
        sessions__starts_at=timezone.now() - timedelta(hours=1),
    )
    people = {
        "lead": person(Role.FACILITATOR),
        "co": person(Role.FACILITATOR, preferred_language="vi"),
        "invited": person(Role.FACILITATOR),
        "declined": person(Role.FACILITATOR),
        "withdrawn": person(Role.FACILITATOR),
    }
    assign(dialogue, people["lead"], role="lead")
    assign(dialogue, people["co"])
    assign(dialogue, people["invited"], status="invited")
    assign(dialogue, people["declined"], status="declined")
    assign(dialogue, people["withdrawn"], status="withdrawn")
    return dialogue.sessions.get(number=1), people


def reminders():
    return sorted(
        Notification.objects.filter(
            kind="feedback.report_reminder", channel=Channel.EMAIL
        ).values_list("idempotency_key", "recipient_id", "language")
    )


def expected(session, people, offset):
    return sorted(
        (
            f"reminder:session-report:{session.pk}-{assignment.pk}:{offset}",
            assignment.person_id,
            assignment.person.preferred_language,
        )
        for assignment in Assignment.objects.filter(
            dialogue=session.dialogue, status="accepted"
        ).select_related("person")
    )


def test_reminders_go_to_accepted_facilitators_a_day_and_two_hours_before_the_deadline(
    running_session,
):
    session, people = running_session
    deadline = session.ends_at + timedelta(hours=48)
    assert notifications_tick(now=deadline - timedelta(hours=25)).reminders == 0
    notifications_tick(now=deadline - timedelta(hours=23, minutes=59))
    assert reminders() == expected(session, people, "24h")
    assert notifications_tick(now=deadline - timedelta(hours=23)).reminders == 0
    notifications_tick(now=deadline - timedelta(hours=1, minutes=59))
    notifications_tick(now=deadline - timedelta(hours=1, minutes=30))
    assert reminders() == sorted(expected(session, people, "24h") + expected(session, people, "2h"))
    assert notifications_tick(now=deadline + timedelta(minutes=1)).reminders == 0
    in_app = Notification.objects.filter(kind="feedback.report_reminder", channel=Channel.IN_APP)
    assert in_app.count() == 4


def test_a_reminder_is_written_in_the_facilitators_language_and_links_to_the_form(
    running_session,
):
    session, people = running_session
    deadline = session.ends_at + timedelta(hours=48)
    notifications_tick(now=deadline - timedelta(hours=23))
    row = Notification.objects.get(
        kind="feedback.report_reminder", channel=Channel.EMAIL, recipient=people["co"]
    )
    message = build_email(row)
    html = message.alternatives[0][0]
    assert 'lang="vi"' in html
    assert format_moment(deadline, "vi") in html
    with translation.override("vi"):
        assert reverse("feedback:session_report", args=[session.pk]) in message.body
    assert message.extra_headers.get("List-Unsubscribe"), "reminders can be turned off"


def test_no_reminder_once_the_report_is_submitted(running_session):
    session, people = running_session
    deadline = session.ends_at + timedelta(hours=48)
    notifications_tick(now=deadline - timedelta(hours=23))
    session_report_submit(session_id=session.pk, by=people["co"], content=content(), based_on=None)
    notifications_tick(now=deadline - timedelta(hours=1))
    assert reminders() == expected(session, people, "24h")


def test_a_draft_still_gets_reminders(running_session):
    session, people = running_session
    session_report_save(session_id=session.pk, by=people["co"], content=content(), based_on=None)
    notifications_tick(now=session.ends_at + timedelta(hours=47))
    assert reminders() == expected(session, people, "2h")


@pytest.mark.parametrize("what", ["session", "dialogue"])
def test_no_reminder_for_a_cancelled_session(running_session, what):
    session, _people = running_session
    if what == "session":
        session.status = Session.Status.CANCELLED
        session.save(update_fields=["status"])
    else:
        Dialogue.objects.filter(pk=session.dialogue_id).update(status=Dialogue.Status.CANCELLED)
    notifications_tick(now=session.ends_at + timedelta(hours=25))
    notifications_tick(now=session.ends_at + timedelta(hours=47))
    assert reminders() == []


# The facilitator's dashboard


def test_the_dashboard_links_each_started_session_to_its_report(client, running_session):
    session, people = running_session
    later = session.dialogue.sessions.get(number=2)
    client.force_login(people["lead"])
    home = reverse("facilitators:facilitator_home")
    body = client.get(home).content.decode()
    assert "Write the session report" in body and report_url(session) in body
    assert report_url(later) not in body
    assert format_moment(session.ends_at + timedelta(hours=48), "en") in body
    session_report_save(session_id=session.pk, by=people["co"], content=content(), based_on=None)
    assert "Continue the draft" in client.get(home).content.decode()
    report = SessionReport.objects.get()
    session_report_submit(
        session_id=session.pk, by=people["co"], content=content(), based_on=report.updated_at
    )
    body = client.get(home).content.decode()
    assert "Report submitted" in body and report_url(session) in body
    assert "Write the session report" not in body
    # Invited facilitators cannot write it yet.
    client.force_login(people["invited"])
    assert report_url(session) not in client.get(home).content.decode()


def test_a_finished_dialogue_stays_on_the_dashboard_until_its_report_is_in(client, team):
    session = team["session"]
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=52),
        ends_at=timezone.now() - timedelta(hours=50),
    )
    client.force_login(team["lead"])
    home = reverse("facilitators:facilitator_home")
    body = client.get(home).content.decode()
    assert report_url(session) in body and "overdue" in body
    page = client.get(report_url(session)).content.decode()
    assert "Overdue" in page
    session_report_submit(session_id=session.pk, by=team["co"], content=content(), based_on=None)
    assert report_url(session) not in client.get(home).content.decode()


# Every language


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_report_pages_render_in_every_language(client, team, coordinator, language):
    session = team["session"]
    upcoming = DialogueFactory()
    assign(upcoming, team["lead"], role="lead")
    submitted_dialogue = DialogueFactory(sessions__starts_at=timezone.now() - timedelta(hours=5))
    assign(submitted_dialogue, team["lead"], role="lead")
    submitted = submitted_dialogue.sessions.get()
    session_report_submit(
        session_id=submitted.pk,
        by=team["lead"],
        content=content(
            wellbeing_concern=True,
            theme_ids=[housing().pk],
            action_ideas=[ReportText("Un bureau d'aide", "fr")],
        ),
        based_on=None,
    )
    pages = [
        (team["lead"], "feedback:session_report", [session.pk], "Session report"),
        (team["lead"], "feedback:session_report", [submitted.pk], "Session report"),
        (team["lead"], "feedback:session_report", [upcoming.sessions.get().pk], "Session report"),
        (coordinator, "feedback:session_report", [submitted.pk], "Session report"),
        (coordinator, "feedback:report_list", [], "Session reports"),
        (team["lead"], "facilitators:facilitator_home", [], "Facilitator area"),
    ]
    direction = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
    for user, name, args, heading in pages:
        client.force_login(user)
        with translation.override(language):
            url = reverse(name, args=args)
            title = translation.gettext(heading)
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert f'<html lang="{bcp47(language)}" dir="{direction}">' in body, url
        assert f"<h1>{title}</h1>" in body, url


# Two facilitators at once


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_facilitators_submitting_at_once_make_one_report_and_one_alert(guide, coordinator):
    dialogue = DialogueFactory(sessions__starts_at=timezone.now() - timedelta(hours=3))
    lead, co = person(Role.FACILITATOR), person(Role.FACILITATOR)
    assign(dialogue, lead, role="lead")
    assign(dialogue, co)
    session = dialogue.sessions.get()
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(user):
        try:
            barrier.wait()
            session_report_submit(
                session_id=session.pk,
                by=user,
                content=content(wellbeing_concern=True, quotes=[ReportText(user.email, "en")]),
                based_on=None,
            )
            outcomes.append("submitted")
        except (ReportAlreadySubmitted, ReportChangedMeanwhile):
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(user,)) for user in (lead, co)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "submitted"]
    report = SessionReport.objects.get()
    assert report.status == SessionReport.Status.SUBMITTED
    assert list(report.items.values_list("text", flat=True)) == [report.submitted_by.email]
    assert Notification.objects.filter(kind="feedback.wellbeing_concern").count() == 2
