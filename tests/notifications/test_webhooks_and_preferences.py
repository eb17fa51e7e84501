"""Bounces stop mail to an address; people choose what they receive and can stop it in one click."""

import base64
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from notifications.kinds import Category, Channel
from notifications.models import Notification, NotificationOptOut, UndeliverableAddress
from notifications.services import notification_enqueue
from tests.factories import UserFactory, user_with_role
from tests.helpers import translated
from tests.notifications.conftest import INVITATION, REMINDER

pytestmark = pytest.mark.django_db(transaction=True)

WEBHOOK_SECRET = "postmark:a-long-webhook-secret"


def remind(key, **recipient):
    return notification_enqueue(
        kind=REMINDER.key,
        idempotency_key=key,
        context={"title": "Roxbury", "starts_at": timezone.now() + timedelta(hours=3)},
        **recipient,
    )


def postmark_bounce(email: str, notification_id: str = "") -> dict:
    """A hard bounce as Postmark posts it to its tracking webhook."""
    return {
        "RecordType": "Bounce",
        "ID": 4323372036854775807,
        "Type": "HardBounce",
        "TypeCode": 1,
        "Name": "Hard bounce",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Description": "The server was unable to deliver your message (ex: unknown user).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email,
        "From": "dialogues@boston.gov",
        "BouncedAt": "2027-01-05T16:09:19Z",
        "Metadata": {"notification_id": notification_id, "category": "transactional"},
        "Tag": "test.invitation",
        "MessageStream": "outbound",
    }


def post_webhook(client, payload, secret=WEBHOOK_SECRET):
    credentials = base64.b64encode(secret.encode()).decode()
    return client.post(
        "/anymail/postmark/tracking/",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )


def test_a_bounce_marks_the_address_undeliverable_and_later_mail_is_suppressed_and_counted(
    client, settings
):
    settings.ANYMAIL = {"WEBHOOK_SECRET": WEBHOOK_SECRET}
    (sent,) = notification_enqueue(
        kind=INVITATION.key, idempotency_key="invitation:1", email="gone@example.org", context={}
    )
    response = post_webhook(client, postmark_bounce("gone@example.org", str(sent.pk)))
    assert response.status_code == 200

    address = UndeliverableAddress.objects.get(email="gone@example.org")
    assert address.reason == UndeliverableAddress.Reason.BOUNCED
    sent.refresh_from_db()
    assert sent.status == Notification.Status.FAILED
    assert sent.last_error.startswith("bounced")

    mail.outbox.clear()
    notification_enqueue(
        kind=INVITATION.key, idempotency_key="invitation:2", email="Gone@example.org", context={}
    )
    assert mail.outbox == []
    suppressed = Notification.objects.get(idempotency_key="invitation:2")
    assert suppressed.status == Notification.Status.SUPPRESSED
    assert "undeliverable" in suppressed.last_error
    address.refresh_from_db()
    assert address.suppressed_sends == 1


def test_a_webhook_without_the_secret_is_refused(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": WEBHOOK_SECRET}
    response = post_webhook(client, postmark_bounce("victim@example.org"), secret="x:guess")
    assert response.status_code == 400
    assert not UndeliverableAddress.objects.exists()


def test_coordinators_see_who_cannot_be_reached(client):
    UserFactory(email="amina@example.org", display_name="Amina")
    UndeliverableAddress.objects.create(
        email="amina@example.org", reason=UndeliverableAddress.Reason.BOUNCED, suppressed_sends=3
    )
    client.force_login(user_with_role(Role.COORDINATOR))
    body = client.get(reverse("dialogues:coordinator_home")).content.decode()
    assert "amina@example.org" in body and "Amina" in body
    admin_list = client.get(reverse("admin:notifications_undeliverableaddress_changelist"))
    assert "amina@example.org" in admin_list.content.decode()


def test_people_choose_optional_categories_and_transactional_mail_always_goes(client):
    user = UserFactory(email="kim@example.org")
    client.force_login(user)
    response = client.post(reverse("notifications:preferences"), {"wanted": ["outcomes"]})
    assert response.status_code == 302
    assert set(NotificationOptOut.objects.filter(user=user).values_list("category", flat=True)) == {
        "reminders",
        "digests",
    }
    remind("reminder:1", recipient=user)
    notification_enqueue(
        kind=INVITATION.key, idempotency_key="invitation:kim", recipient=user, context={}
    )
    assert [message.subject for message in mail.outbox] == ["Invitation:"]
    statuses = dict(
        Notification.objects.filter(idempotency_key="reminder:1").values_list("channel", "status")
    )
    assert statuses == {Channel.EMAIL: "suppressed", Channel.IN_APP: "suppressed"}


def test_the_preferences_page_refuses_unknown_categories_and_changes_nothing(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("notifications:preferences"), {"wanted": ["transactional-off", "reminders"]}
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not NotificationOptOut.objects.exists()


def test_one_click_unsubscribe_from_the_email_header_stops_that_category(client):
    remind("reminder:guest", email="guest@example.org", language="es")
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("http://127.0.0.1:8000")

    # A person following the link sees a confirmation page first, in their language...
    page = client.get(path)
    assert page.status_code == 200
    assert translated("es", "Stop these emails") in page.content.decode()
    assert not NotificationOptOut.objects.exists()

    # ...while the mail provider posts the one-click form without any cookie or token.
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    opt_out = NotificationOptOut.objects.get()
    assert (opt_out.email, opt_out.category) == ("guest@example.org", Category.REMINDERS)

    mail.outbox.clear()
    remind("reminder:guest:2", email="guest@example.org")
    assert mail.outbox == []


def test_a_tampered_unsubscribe_link_is_refused(client):
    with translation.override("en"):
        url = reverse("notifications:unsubscribe", args=["not-a-real-token"])
    response = client.post(url)
    assert response.status_code == 400
    assert not NotificationOptOut.objects.exists()
