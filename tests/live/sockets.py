"""Connecting to a live room through the real routing and consumer."""

from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from commonground.routing import websocket_urlpatterns


class RoomSocket:
    """A WebsocketCommunicator with the protocol's hello and a way to wait for a frame."""

    def __init__(self, session_id: int, user=None, http_session=None):
        self.communicator = WebsocketCommunicator(
            URLRouter(websocket_urlpatterns), f"/ws/live/{session_id}/"
        )
        if user is not None:
            self.communicator.scope["user"] = user
        if http_session is not None:
            self.communicator.scope["session"] = http_session
        self.last_sequence = None

    async def connect(self):
        return await self.communicator.connect()

    async def send(self, **frame):
        await self.communicator.send_json_to(frame)

    async def send_text(self, text: str):
        await self.communicator.send_to(text_data=text)

    async def receive(self, timeout: float = 3) -> dict:
        frame = await self.communicator.receive_json_from(timeout=timeout)
        if "sequence" in frame and frame["type"] in ("event", "snapshot", "caught_up"):
            self.last_sequence = frame["sequence"]
        return frame

    async def receive_type(self, *types: str, timeout: float = 3) -> dict:
        """The next frame of one of these types, skipping presence updates and others."""
        while True:
            frame = await self.receive(timeout)
            if frame["type"] in types:
                return frame

    async def event(self, kind: str, timeout: float = 3) -> dict:
        while True:
            frame = await self.receive_type("event", timeout=timeout)
            if frame["kind"] == kind:
                return frame

    async def hello(self, last_sequence=None, **fields) -> dict:
        await self.send(type="hello", last_sequence=last_sequence, **fields)
        return await self.receive_type("snapshot", "caught_up")

    async def nothing_more(self, timeout: float = 0.3) -> bool:
        return await self.communicator.receive_nothing(timeout=timeout)

    async def events_within(self, timeout: float = 0.3) -> list[dict]:
        """The events that arrive within `timeout`; presence updates are not events."""
        events = []
        while not await self.communicator.receive_nothing(timeout=timeout):
            frame = await self.receive()
            if frame["type"] == "event":
                events.append(frame)
        return events

    async def close(self):
        await self.communicator.disconnect()


async def joined(session_id: int, user=None, http_session=None, **hello) -> RoomSocket:
    socket = RoomSocket(session_id, user, http_session)
    connected, code = await socket.connect()
    assert connected, f"refused with {code}"
    await socket.hello(**hello)
    return socket
