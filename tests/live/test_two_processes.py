"""One live room served by two real daphne processes that share Redis and the database.

The facilitator's socket is on process A and the residents' sockets are on process B, so every
event crosses processes through the Redis channel layer, as with several workers behind a proxy.
"""

import asyncio
import json
import uuid

import pytest
from django.conf import settings
from django.test import Client
from websockets.asyncio.client import connect

from tests.helpers import database_url_for, running_daphne, wait_for_other_database_sessions_to_end
from tests.live.setup import live_setup

pytestmark = [pytest.mark.needs_redis, pytest.mark.django_db(transaction=True)]

TIMEOUT = 10


@pytest.fixture(scope="module")
def two_daphnes(django_db_setup, django_db_blocker):
    """Processes A and B on the test database (tests need `transaction=True`, so that what they
    write is committed where daphne can read it) and on the same Redis."""
    from django.db import connection

    with django_db_blocker.unblock():
        database_url = database_url_for(connection.settings_dict)
    with (
        running_daphne(database_url, REDIS_URL=settings.REDIS_URL) as first,
        running_daphne(database_url, REDIS_URL=settings.REDIS_URL) as second,
    ):
        yield first, second
    with django_db_blocker.unblock():
        wait_for_other_database_sessions_to_end(connection)


def session_cookie(user) -> str:
    """A real Django session for this account, as the browser would hold it after signing in."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class Socket:
    """A WebSocket client on a real TCP connection, with the protocol's hello."""

    def __init__(self, connection):
        self.connection = connection

    @classmethod
    async def join(cls, server, session_id: int, cookie: str) -> "Socket":
        connection = await connect(
            f"ws://127.0.0.1:{server.port}/ws/live/{session_id}/",
            origin=server.url,
            additional_headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"},
            open_timeout=TIMEOUT,
        )
        socket = cls(connection)
        await socket.send(type="hello", last_sequence=None)
        await socket.receive_type("snapshot")
        return socket

    async def send(self, **frame):
        await self.connection.send(json.dumps(frame))

    async def receive_type(self, *types: str) -> dict:
        """The next frame of one of these types, skipping presence updates and others."""
        while True:
            frame = json.loads(await asyncio.wait_for(self.connection.recv(), TIMEOUT))
            assert frame["type"] != "error", frame
            if frame["type"] in types:
                return frame

    async def event(self, kind: str) -> dict:
        while True:
            frame = await self.receive_type("event")
            if frame["kind"] == kind:
                return frame

    async def close(self):
        await self.connection.close()


def test_an_event_crosses_from_one_daphne_process_to_another(two_daphnes):
    process_a, process_b = two_daphnes
    setup = live_setup()
    session_id = setup.session.pk
    lead_cookie = session_cookie(setup.lead)
    resident_cookie = session_cookie(setup.resident)
    other_cookie = session_cookie(setup.other_resident)

    async def scenario():
        lead = await Socket.join(process_a, session_id, lead_cookie)
        resident = await Socket.join(process_b, session_id, resident_cookie)
        other = await Socket.join(process_b, session_id, other_cookie)
        try:
            await lead.send(type="room_open")
            # The room opened on A: B's consumers send each resident the guide in their language.
            opened = await resident.receive_type("snapshot")
            other_opened = await other.receive_type("snapshot")
            assert opened["state"]["status"] == "live"
            assert opened["state"]["language"] == "es"
            await lead.receive_type("snapshot")

            await lead.send(type="segment_next")
            moved = await resident.event("segment")
            assert moved["sequence"] == opened["sequence"] + 1
            assert moved["data"]["index"] == 1
            prompt = opened["state"]["segments"][moved["data"]["index"]]["prompt"]
            assert prompt == {
                "text": "Nuestros acuerdos?",
                "language": "es",
                "fallback": False,
                "lang": "es",
                "dir": "ltr",
            }
            other_moved = await other.event("segment")
            assert other_moved["data"]["index"] == 1
            other_segment = other_opened["state"]["segments"][1]
            assert other_segment["prompt"]["text"] == "我们的约定?"
            assert (await lead.event("segment"))["sequence"] == moved["sequence"]

            # A contribution stored through B reaches the facilitator on A.
            client_id = str(uuid.uuid4())
            await resident.send(type="contribute", client_id=client_id, text="Hola desde B")
            ack = await resident.receive_type("ack")
            assert ack["client_id"] == client_id
            assert ack["duplicate"] is False
            seen = await lead.event("contribution")
            assert seen["sequence"] == ack["sequence"]
            assert seen["data"]["contribution"]["id"] == ack["contribution"]
            assert seen["data"]["contribution"]["text"] == "Hola desde B"
            assert seen["data"]["contribution"]["author_name"] == "Rosa"
        finally:
            for socket in (lead, resident, other):
                await socket.close()

    asyncio.run(scenario())
