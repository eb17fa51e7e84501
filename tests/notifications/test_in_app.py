"""In-app notifications: the list, marking read, and the live unread badge."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from accounts.access import WEBSOCKET_CLOSE_UNAUTHENTICATED
from commonground.routing import websocket_urlpatterns
from notifications.kinds import Channel
from notifications.models import Notification
from notifications.services import notification_enqueue, notifications_mark_read
from tests.factories import UserFactory
from tests.helpers import translated
from tests.notifications.conftest import REMINDER


def remind(user, number):
    notification_enqueue(
        kind=REMINDER.key,
        idempotency_key=f"reminder:in-app:{number}",
        recipient=user,
        context={"title": f"Dialogue {number}", "starts_at": timezone.now() + timedelta(hours=3)},
    )


async def badge_socket(user, language="en"):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/notifications/{language}/"
    )
    communicator.scope["user"] = user
    connected, _code = await communicator.connect()
    assert connected
    return communicator


@pytest.mark.django_db(transaction=True)
async def test_the_badge_updates_live_when_a_notification_arrives_and_when_read():
    user = await sync_to_async(UserFactory)()
    await sync_to_async(remind)(user, 1)
    communicator = await badge_socket(user, language="ru")
    first = await communicator.receive_json_from(timeout=2)
    assert first["count"] == 1
    assert first["label"] == await sync_to_async(translated)(
        "ru", "%(count)s unread notification", count=1
    )

    await sync_to_async(remind)(user, 2)
    update = await communicator.receive_json_from(timeout=2)
    assert (update["type"], update["count"]) == ("unread", 2)

    await sync_to_async(notifications_mark_read)(user=user)
    update = await communicator.receive_json_from(timeout=2)
    assert update["count"] == 0
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_one_persons_notification_does_not_reach_another_persons_badge():
    alice, bob = await sync_to_async(UserFactory)(), await sync_to_async(UserFactory)()
    bobs_socket = await badge_socket(bob)
    assert (await bobs_socket.receive_json_from(timeout=2))["count"] == 0
    await sync_to_async(remind)(alice, 1)
    assert await bobs_socket.receive_nothing(timeout=0.5)
    await bobs_socket.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_the_badge_socket_needs_a_signed_in_person():
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), "/ws/notifications/en/")
    communicator.scope["user"] = AnonymousUser()
    connected, code = await communicator.connect()
    assert (connected, code) == (False, WEBSOCKET_CLOSE_UNAUTHENTICATED)


@pytest.mark.django_db(transaction=True)
def test_the_list_shows_new_notifications_and_marks_them_read(client):
    user = UserFactory()
    remind(user, 1)
    remind(user, 2)
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-unread-count aria-hidden="true">2</span>' in page

    body = client.get(reverse("notifications:list")).content.decode()
    assert "Reminder: Dialogue 1" in body and "Reminder: Dialogue 2" in body
    assert body.count("notification--unread") == 2

    one = Notification.objects.get(idempotency_key="reminder:in-app:1", channel=Channel.IN_APP)
    client.post(reverse("notifications:read"), {"notification": [one.pk]})
    body = client.get(reverse("notifications:list")).content.decode()
    assert body.count("notification--unread") == 1

    client.post(reverse("notifications:read"))
    assert (
        client.get(reverse("notifications:list")).content.decode().count("notification--unread")
        == 0
    )


@pytest.mark.django_db(transaction=True)
def test_nobody_can_mark_another_persons_notifications_read(client):
    owner, intruder = UserFactory(), UserFactory()
    remind(owner, 1)
    theirs = Notification.objects.get(channel=Channel.IN_APP)
    client.force_login(intruder)
    client.post(reverse("notifications:read"), {"notification": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.read_at is None
