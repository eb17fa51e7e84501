"""What a recipient gets: their language and script, text and HTML, a calendar entry."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_roles_set
from commonground.calendars import CalendarEvent, calendar_text
from notifications.kinds import Channel
from notifications.models import Notification
from notifications.services import notification_enqueue
from tests.factories import UserFactory
from tests.helpers import translated
from tests.notifications.conftest import INVITATION, REMINDER

pytestmark = pytest.mark.django_db(transaction=True)


def grant(user: User, role: Role) -> None:
    user_roles_set(user=user, roles={role})


def test_an_email_to_a_spanish_speaker_is_in_spanish_as_text_and_html():
    grant(UserFactory(email="rosa@example.org", preferred_language="es"), Role.FACILITATOR)
    (message,) = mail.outbox
    role = translated("es", "Facilitator")
    assert message.subject == translated(
        "es", "New role on Common Ground %(city_name)s: %(role)s", city_name="Boston", role=role
    )
    assert translated("es", "A coordinator gave your account a new role: %(role)s.", role=role) in (
        message.body
    )
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="es" dir="ltr">' in html
    # Links point at the Spanish pages of the site.
    assert "http://127.0.0.1:8000/es/facilitator/" in message.body


def test_an_email_to_an_arabic_speaker_is_right_to_left():
    grant(UserFactory(email="nadia@example.org", preferred_language="ar"), Role.INTERPRETER)
    (message,) = mail.outbox
    html, _mimetype = message.alternatives[0]
    assert '<html lang="ar" dir="rtl">' in html
    assert translated("ar", "Interpreter") in message.subject


def test_the_language_is_the_recipients_not_the_coordinators(client):
    # The coordinator works in English; the email follows the recipient's preference.
    grant(UserFactory(email="minh@example.org", preferred_language="vi"), Role.COMMITTEE_MEMBER)
    assert translated("vi", "Advisory committee member") in mail.outbox[0].subject


def test_granting_a_role_also_appears_in_the_app_and_only_once():
    user = UserFactory(preferred_language="fr")
    grant(user, Role.FACILITATOR)
    grant(user, Role.FACILITATOR)  # already held: no second message
    assert Notification.objects.filter(recipient=user, channel=Channel.IN_APP).count() == 1
    assert len(mail.outbox) == 1


def test_dates_in_an_email_follow_the_recipients_locale_and_the_city_time_zone():
    starts_at = datetime(2027, 3, 2, 23, 0, tzinfo=UTC)  # 18:00 in Boston
    notification_enqueue(
        kind=REMINDER.key,
        idempotency_key="reminder:date:1",
        email="guest@example.org",
        language="fr",
        context={"title": "Mattapan", "starts_at": starts_at},
    )
    (message,) = mail.outbox
    assert "mardi 2 mars 2027" in message.body
    assert "18:00:00" in message.body


def test_optional_messages_carry_a_one_click_unsubscribe_and_transactional_ones_do_not():
    notification_enqueue(
        kind=REMINDER.key,
        idempotency_key="reminder:headers:1",
        email="guest@example.org",
        language="ht",
        context={"title": "Hyde Park", "starts_at": timezone.now() + timedelta(days=2)},
    )
    notification_enqueue(
        kind=INVITATION.key,
        idempotency_key="invitation:headers:1",
        email="guest@example.org",
        context={"title": "Hyde Park"},
    )
    reminder, invitation = mail.outbox
    unsubscribe = reminder.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://127.0.0.1:8000/ht/notifications/unsubscribe/")
    assert reminder.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in reminder.body
    assert "List-Unsubscribe" not in invitation.extra_headers
    for message in (reminder, invitation):
        assert message.extra_headers["Auto-Submitted"] == "auto-generated"
        assert message.extra_headers["Message-ID"].startswith("<notification-")


def test_a_calendar_entry_travels_as_an_ics_attachment_that_icalendar_reads():
    starts_at = datetime(2027, 1, 5, 23, 0, tzinfo=UTC)
    ics = calendar_text(
        [
            CalendarEvent(
                uid="session-17@commonground",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                summary="Roxbury race dialogue",
                location="Dudley Branch Library, 65 Warren St",
                url="https://dialogues.boston.gov/en/",
                sequence=2,
            )
        ]
    )
    notification_enqueue(
        kind=INVITATION.key,
        idempotency_key="invitation:calendar:17",
        email="guest@example.org",
        context={"title": "Roxbury race dialogue"},
        calendar=ics,
    )
    (message,) = mail.outbox
    (part,) = [part for part in message.attachments if part.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "PUBLISH"
    assert part.get_filename() == "dialogue.ics"

    calendar = Calendar.from_ical(part.get_payload(decode=True))
    assert calendar["method"] == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == "session-17@commonground"
    assert str(event["summary"]) == "Roxbury race dialogue"
    assert str(event["location"]) == "Dudley Branch Library, 65 Warren St"
    assert event.decoded("dtstart") == starts_at
    assert event.decoded("dtend") == starts_at + timedelta(hours=2)
    # Local time with its zone, and the zone's definition in the same file.
    assert event["dtstart"].params["TZID"] == "America/New_York"
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert int(event["sequence"]) == 2
    assert str(event["status"]) == "CONFIRMED"


def test_a_cancellation_keeps_the_uid_and_says_cancelled():
    starts_at = datetime(2027, 1, 5, 23, 0, tzinfo=UTC)
    ics = calendar_text(
        [
            CalendarEvent(
                uid="session-17@commonground",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                summary="Roxbury race dialogue",
                sequence=3,
                cancelled=True,
            )
        ]
    )
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert (str(event["uid"]), str(event["status"]), int(event["sequence"])) == (
        "session-17@commonground",
        "CANCELLED",
        3,
    )


def test_calendar_times_must_be_aware():
    naive = CalendarEvent(
        uid="x",
        starts_at=datetime(2027, 1, 5, 18, 0),
        ends_at=datetime(2027, 1, 5, 20),
        summary="x",
    )
    with pytest.raises(ValueError):
        calendar_text([naive])


def test_an_account_page_link_in_the_in_app_list_is_in_the_readers_language(client):
    user = UserFactory(preferred_language="es")
    grant(user, Role.FACILITATOR)
    client.force_login(user)
    body = client.get("/so/me/notifications/").content.decode()
    # Written for a Spanish speaker, read today on the Somali pages: it follows the page.
    expected = translated(
        "so",
        'Your account has a new role: %(role)s. <a href="%(area_url)s">Go to your area</a>.',
        role=translated("so", "Facilitator"),
        area_url="/so/facilitator/",
    )
    assert expected in body
