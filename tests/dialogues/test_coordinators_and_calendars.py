"""Coordinators change and cancel, see what to arrange, and export it; calendars follow."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.roles import Role
from dialogues.messages import manage_token
from dialogues.models import ChangeRecord, Dialogue, Registration, Session
from dialogues.services import (
    CapacityReached,
    Contact,
    Needs,
    attendance_check_in,
    dialogue_cancel,
    registration_create,
    registration_demographics_record,
    session_cancel,
    session_reschedule,
    walk_in_register,
)
from tests.factories import DialogueFactory, NeighborhoodFactory, language, user_with_role
from tests.helpers import translated

pytestmark = pytest.mark.django_db(transaction=True)

SECRET_ANSWER = "Self-described-secret-xyz"


def register(dialogue, number, language_code="en", **needs):
    return registration_create(
        dialogue_id=dialogue.pk,
        contact=Contact(
            name=f"Person {number}", email=f"person{number}@example.org", language=language_code
        ),
        needs=Needs(**needs),
    ).registration


def with_private_answers(registration):
    registration_demographics_record(
        registration_id=registration.pk,
        race_ethnicity=["black.haitian", "black"],
        self_described=SECRET_ANSWER,
        prefer_not_to_say=False,
        age_range="35_44",
        residence_neighborhood=None,
    )


def parse_calendar(text: bytes | str) -> Calendar:
    return Calendar.from_ical(text)


@pytest.fixture
def coordinator():
    return user_with_role(Role.COORDINATOR)


def test_moving_a_session_tells_everyone_in_their_language_with_a_newer_calendar_entry(
    coordinator,
):
    dialogue = DialogueFactory(capacity=1)
    seated = register(dialogue, 1, "es")
    waiting = register(dialogue, 2, "ar")
    session = dialogue.sessions.get()
    mail.outbox.clear()
    new_start = session.starts_at + timedelta(days=1)
    session_reschedule(
        session_id=session.pk,
        starts_at=new_start,
        ends_at=new_start + timedelta(hours=2),
        by=coordinator,
        note="The library is closed.",
    )
    session.refresh_from_db()
    assert session.sequence == 1
    messages = {message.to[0]: message for message in mail.outbox}
    assert set(messages) == {seated.email, waiting.email}
    spanish = messages[seated.email]
    assert translated("es", "New time: %(title)s", title="")[:5] in spanish.subject
    assert "The library is closed." in spanish.body
    (attachment,) = [p for p in spanish.attachments if p.get_content_type() == "text/calendar"]
    (event,) = parse_calendar(attachment.get_payload(decode=True)).walk("VEVENT")
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart") == new_start.replace(microsecond=0)  # iCalendar has seconds
    # Only people with a seat get a calendar entry; the waitlist hears of the change.
    assert messages[waiting.email].attachments == []
    record = ChangeRecord.objects.get()
    assert (record.kind, record.by, record.note) == (
        "rescheduled",
        coordinator,
        "The library is closed.",
    )


def test_cancelling_a_session_and_a_dialogue_says_cancelled_in_the_calendar(coordinator):
    dialogue = DialogueFactory(format=Dialogue.Format.CIRCLE, sessions=3)
    register(dialogue, 1)
    second = dialogue.sessions.get(number=2)
    session_cancel(session_id=second.pk, by=coordinator, note="Snow")
    dialogue_cancel(dialogue_id=dialogue.pk, by=coordinator, note="Not enough people")
    dialogue.refresh_from_db()
    assert dialogue.status == Dialogue.Status.CANCELLED
    # Each session's calendar entry moved on once, to cancelled.
    assert set(dialogue.sessions.values_list("status", "sequence")) == {("cancelled", 1)}
    last = mail.outbox[-1]
    assert "Not enough people" in last.body
    (attachment,) = [p for p in last.attachments if p.get_content_type() == "text/calendar"]
    events = parse_calendar(attachment.get_payload(decode=True)).walk("VEVENT")
    assert {str(event["status"]) for event in events} == {"CANCELLED"}


def test_the_dialogue_feed_is_valid_with_time_zones_and_stable_uids(client, coordinator):
    dialogue = DialogueFactory(format=Dialogue.Format.CIRCLE, sessions=2, interpretation=["es"])
    feed_url = reverse("dialogues:calendar_dialogue", args=[dialogue.pk])
    response = client.get(feed_url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = parse_calendar(response.content)
    events = calendar.walk("VEVENT")
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert {event["dtstart"].params["TZID"] for event in events} == {"America/New_York"}
    uids = [str(event["uid"]) for event in events]
    assert len(set(uids)) == 2
    assert [int(event["sequence"]) for event in events] == [0, 0]

    first = dialogue.sessions.get(number=1)
    session_reschedule(
        session_id=first.pk,
        starts_at=first.starts_at + timedelta(hours=1),
        ends_at=first.ends_at + timedelta(hours=1),
        by=coordinator,
    )
    again = parse_calendar(client.get(feed_url).content).walk("VEVENT")
    assert [str(event["uid"]) for event in again] == uids
    assert [int(event["sequence"]) for event in again] == [1, 0]


def test_every_public_feed_parses_and_follows_the_readers_language(client):
    roxbury = NeighborhoodFactory(name="Roxbury")
    DialogueFactory(venue__neighborhood=roxbury, interpretation=["vi"])
    DialogueFactory(primary_language=language("es"))
    DialogueFactory(status=Dialogue.Status.DRAFT)
    feeds = {
        "all": reverse("dialogues:calendar_all"),
        "roxbury": reverse("dialogues:calendar_neighborhood", args=["roxbury"]),
        "vietnamese": reverse("dialogues:calendar_language", args=["vi"]),
        "spanish": reverse("dialogues:calendar_language", args=["es"]),
    }
    counts = {
        name: len(parse_calendar(client.get(url).content).walk("VEVENT"))
        for name, url in feeds.items()
    }
    assert counts == {"all": 2, "roxbury": 1, "vietnamese": 1, "spanish": 1}
    french = parse_calendar(client.get(feeds["all"].replace("/en/", "/fr/")).content)
    summaries = {str(event["summary"]) for event in french.walk("VEVENT")}
    assert all(
        summary.startswith(
            translated("fr", "Race dialogue in %(neighborhood)s", neighborhood="")[:5]
        )
        for summary in summaries
    )


def test_a_personal_feed_lists_only_that_persons_seats_behind_a_secret(client):
    mine = DialogueFactory()
    other = DialogueFactory()
    registration = register(mine, 1)
    register(other, 2)
    manage = client.get(reverse("dialogues:registration_manage", args=[manage_token(registration)]))
    feed_url = manage.context["feed_url"]
    calendar = parse_calendar(client.get(feed_url).content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]).startswith(str(mine.sessions.get().uid))
    assert (
        client.get(reverse("dialogues:calendar_personal", args=["guessed-token"])).status_code
        == 404
    )


def test_the_overview_counts_what_to_arrange(client, coordinator):
    dialogue = DialogueFactory(capacity=2, minimum=2, interpretation=["es", "ht"])
    register(dialogue, 1, interpretation_language=language("es"), asl=True, childcare_children=2)
    register(dialogue, 2, interpretation_language=language("es"), transit_help=True)
    register(dialogue, 3, interpretation_language=language("ht"))
    client.force_login(coordinator)
    page = client.get(reverse("dialogues:registrations_overview", args=[dialogue.pk]))
    summary = page.context["summary"]
    assert (summary.confirmed, summary.waitlisted) == (2, 1)
    assert [(lang.code, count) for lang, count in summary.interpretation] == [("es", 2), ("ht", 1)]
    assert (summary.needs["asl"], summary.needs["transit_help"]) == (1, 1)
    assert (summary.childcare_families, summary.childcare_children) == (1, 2)
    assert not summary.below_minimum
    sparse = DialogueFactory(capacity=12, minimum=6)
    register(sparse, 4)
    page = client.get(reverse("dialogues:registrations_overview", args=[sparse.pk]))
    assert page.context["summary"].below_minimum


def test_demographic_answers_never_appear_in_the_export_or_the_roster(client, coordinator):
    dialogue = DialogueFactory()
    registration = register(dialogue, 1, asl=True)
    with_private_answers(registration)
    client.force_login(coordinator)

    export = client.get(reverse("dialogues:registrations_csv", args=[dialogue.pk]))
    text = export.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Status", "Name", "Email"]
    assert rows[1][1:3] == ["Person 1", "person1@example.org"]
    for forbidden in (SECRET_ANSWER, "haitian", "35_44", "Haitian", "35 to 44"):
        assert forbidden not in text

    roster = client.get(reverse("dialogues:session_roster", args=[dialogue.sessions.get().pk]))
    page = roster.content.decode()
    assert "Person 1" in page
    for forbidden in (SECRET_ANSWER, "Haitian", "35 to 44"):
        assert forbidden not in page


def test_the_export_and_overview_are_for_coordinators_only(client):
    dialogue = DialogueFactory()
    client.force_login(user_with_role(Role.FACILITATOR))
    assert client.get(reverse("dialogues:registrations_csv", args=[dialogue.pk])).status_code == 403
    assert (
        client.get(reverse("dialogues:registrations_overview", args=[dialogue.pk])).status_code
        == 403
    )
    # Facilitators do see the roster, to check people in.
    roster = reverse("dialogues:session_roster", args=[dialogue.sessions.get().pk])
    assert client.get(roster).status_code == 200
    client.force_login(user_with_role(Role.RESIDENT))
    assert client.get(roster).status_code == 403


def test_checking_in_and_walk_ins_at_the_door_with_a_recorded_override(client):
    facilitator = user_with_role(Role.FACILITATOR)
    dialogue = DialogueFactory(capacity=1)
    seated = register(dialogue, 1)
    session = dialogue.sessions.get()
    attendance_check_in(session_id=session.pk, registration_id=seated.pk, by=facilitator)
    attendance_check_in(session_id=session.pk, registration_id=seated.pk, by=facilitator)
    assert session.attendance.count() == 1

    with pytest.raises(CapacityReached):
        walk_in_register(
            session_id=session.pk,
            contact=Contact(name="Walk In"),
            needs=Needs(),
            by=facilitator,
            over_capacity=False,
        )
    assert dialogue.registrations.count() == 1

    walk_in = walk_in_register(
        session_id=session.pk,
        contact=Contact(name="Walk In"),
        needs=Needs(),
        by=facilitator,
        over_capacity=True,
    )
    assert (walk_in.status, walk_in.source, walk_in.capacity_override_by) == (
        "confirmed",
        "walk_in",
        facilitator,
    )
    assert ChangeRecord.objects.get().kind == "capacity_override"
    assert session.attendance.count() == 2


def test_the_roster_page_checks_in_and_refuses_a_walk_in_beyond_capacity_without_override(client):
    facilitator = user_with_role(Role.FACILITATOR)
    dialogue = DialogueFactory(capacity=1)
    seated = register(dialogue, 1)
    session = dialogue.sessions.get()
    client.force_login(facilitator)
    roster = reverse("dialogues:session_roster", args=[session.pk])
    client.post(roster, {"action": "check_in", "registration": seated.pk})
    assert session.attendance.filter(registration=seated).exists()
    response = client.post(
        roster, {"action": "walk_in", "name": "Door", "language": "en", "childcare_children": "0"}
    )
    assert response.status_code == 200
    assert "over_capacity" in response.context["form"].errors
    assert dialogue.registrations.count() == 1


def test_no_shows_are_visible_to_coordinators(client, coordinator):
    dialogue = DialogueFactory(sessions__starts_at=timezone.now() + timedelta(hours=1))
    came = register(dialogue, 1)
    register(dialogue, 2)
    session = dialogue.sessions.get()
    attendance_check_in(session_id=session.pk, registration_id=came.pk, by=coordinator)
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(coordinator)
    page = client.get(reverse("dialogues:registrations_overview", args=[dialogue.pk]))
    (row,) = page.context["no_shows"]
    assert [registration.name for registration in row["absent"]] == ["Person 2"]
    assert Registration.objects.count() == 2


def test_more_seats_go_at_once_to_the_people_waiting_and_fewer_than_seated_is_refused(
    client, coordinator
):
    dialogue = DialogueFactory(capacity=1)
    register(dialogue, 1)
    waiting = register(dialogue, 2, "ru")
    register(dialogue, 3)
    client.force_login(coordinator)
    change_url = reverse("admin:dialogues_dialogue_change", args=[dialogue.pk])
    form = client.get(change_url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data["interpretation_languages"] = []
    data["title_0"] = data["description_0"] = ""
    data.update(
        {
            "sessions-TOTAL_FORMS": "1",
            "sessions-INITIAL_FORMS": "1",
            "sessions-MIN_NUM_FORMS": "0",
            "sessions-MAX_NUM_FORMS": "1000",
            "sessions-0-id": dialogue.sessions.get().pk,
            "sessions-0-dialogue": dialogue.pk,
        }
    )
    data = {
        key: value for key, value in data.items() if not key.startswith(("title", "description"))
    }
    refused = client.post(change_url, {**data, "capacity": 0})
    assert refused.status_code == 200
    assert (
        "Seats cannot be fewer than the people who already have one (1)."
        in refused.content.decode()
    )
    mail.outbox.clear()
    response = client.post(change_url, {**data, "capacity": 2})
    assert response.status_code == 302, response.content.decode()[:2000]
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert [message.to for message in mail.outbox] == [[waiting.email]]
    assert ChangeRecord.objects.filter(kind="capacity_changed").exists()
    assert dialogue.registrations.filter(status="waitlisted").count() == 1


def test_a_new_place_is_announced_with_updated_calendar_entries(coordinator):
    from dialogues.services import dialogue_place_changed

    dialogue = DialogueFactory()
    register(dialogue, 1, "fr")
    mail.outbox.clear()
    dialogue_place_changed(dialogue_id=dialogue.pk, by=coordinator, note="Salle 2")
    (message,) = mail.outbox
    assert translated("fr", "New place: %(title)s", title="")[:6] in message.subject
    assert "Salle 2" in message.body
    assert dialogue.sessions.get().sequence == 1
