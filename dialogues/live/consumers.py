"""The live room's WebSocket: /ws/live/<session id>/ (docs/live-protocol.md).

The channel layer only wakes consumers up: every event is in the database first, and a consumer
that sees a gap in the sequence numbers reads the missing events from there.
"""

import asyncio
import json
import logging
import time

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.access import WEBSOCKET_CLOSE_FORBIDDEN, WEBSOCKET_CLOSE_UNAUTHENTICATED
from dialogues.live import selectors, services
from dialogues.live.protocol import (
    CONTRIBUTION_INTERVAL_SECONDS,
    ClientMessage,
    RateLimit,
    parse_frame,
)
from dialogues.live.services import LiveRefusal
from dialogues.models import RoomParticipant, Session

logger = logging.getLogger(__name__)

WEBSOCKET_CLOSE_ROOM_FULL = 4429
PRESENCE_DELAY_SECONDS = 1
GUEST_SEATS_SESSION_KEY = "live_guest_seats"

Status = services.Status


def _admit(session_id: int, user, guest_seat_ids: dict) -> RoomParticipant | int:
    """The caller's seat in the room, or the close code that refuses them."""
    session = Session.objects.select_related("dialogue").filter(pk=session_id).first()
    if session is None:
        return WEBSOCKET_CLOSE_FORBIDDEN
    claim = selectors.seat_claim(session=session, user=user)
    if claim is not None:
        room = services.room_ensure(session)
        return services.participant_seat(
            room=room,
            role=claim.role,
            language=user.preferred_language,
            user=user,
            registration=claim.registration,
            display_name=first_name(
                claim.registration.name if claim.registration else user.display_name
            ),
        )
    seat = selectors.guest_seat(session=session, seat_id=guest_seat_ids.get(str(session_id)))
    if seat is not None:
        return seat
    if user is None or not user.is_authenticated:
        return WEBSOCKET_CLOSE_UNAUTHENTICATED
    return WEBSOCKET_CLOSE_FORBIDDEN


_presence_tasks: dict[int, asyncio.Task] = {}


async def _presence_after_a_moment(room_id: int) -> None:
    await asyncio.sleep(PRESENCE_DELAY_SECONDS)
    # Arrivals from here on schedule the next count.
    if _presence_tasks.get(room_id) is asyncio.current_task():
        del _presence_tasks[room_id]
    await database_sync_to_async(services.presence_broadcast)(room_id)


def first_name(name: str) -> str:
    """Only a first name is shown to the room."""
    return (name.split() or [""])[0]


class LiveRoomConsumer(AsyncWebsocketConsumer):
    seat: RoomParticipant | None = None
    # The newest event this connection has accounted for; None until the client says hello.
    cursor: int | None = None

    async def connect(self):
        session_id = self.scope["url_route"]["kwargs"]["session_id"]
        http_session = self.scope.get("session")
        guest_seat_ids = (http_session.get(GUEST_SEATS_SESSION_KEY) or {}) if http_session else {}
        admitted = await database_sync_to_async(_admit)(
            session_id, self.scope.get("user"), guest_seat_ids
        )
        if isinstance(admitted, int):
            await self.close(code=admitted)
            return
        self.seat = admitted
        self.room_id = admitted.room_id
        self.session_id = session_id
        self.rate = RateLimit()
        await self.accept()
        try:
            await database_sync_to_async(services.connection_open)(
                participant=admitted, channel_name=self.channel_name
            )
        except LiveRefusal as refusal:
            await self._send_error(refusal)
            self.seat = None
            await self.close(code=WEBSOCKET_CLOSE_ROOM_FULL)
            return
        await self.channel_layer.group_add(services.room_group(self.room_id), self.channel_name)
        if admitted.is_staff_role:
            await self.channel_layer.group_add(
                services.staff_group(self.room_id), self.channel_name
            )
        self._presence_soon()

    async def disconnect(self, code):
        if self.seat is None:
            return
        try:
            await self.channel_layer.group_discard(
                services.room_group(self.room_id), self.channel_name
            )
            await self.channel_layer.group_discard(
                services.staff_group(self.room_id), self.channel_name
            )
        finally:
            # Presence and the room's connection limit must not count a socket that is gone.
            await database_sync_to_async(services.connection_close)(channel_name=self.channel_name)
            self._presence_soon()

    async def dispatch(self, message):
        """Channels closes stale database connections before every handler, in the one thread
        all database work shares; every database call here already does so itself, and a busy
        room sends each consumer hundreds of messages a minute."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    def _presence_soon(self):
        """Presence is recounted at most once a second per room and process: a room filling
        up would otherwise recount it for every arrival."""
        loop = asyncio.get_running_loop()
        pending = _presence_tasks.get(self.room_id)
        if pending and not pending.done() and pending.get_loop() is loop:
            return
        _presence_tasks[self.room_id] = loop.create_task(_presence_after_a_moment(self.room_id))

    # Frames from the client

    async def receive(self, text_data=None, bytes_data=None):
        if self.seat is None:
            return  # refused; the close is on its way
        message = None
        try:
            if text_data is None:
                raise LiveRefusal("malformed", _("Send text frames with JSON."))
            wait = self.rate.take()
            if wait:
                raise LiveRefusal(
                    "rate_limited", _("Too many messages. Wait a moment and try again.")
                )
            message = parse_frame(text_data)
            await self._handle(message)
        except LiveRefusal as refusal:
            await self._send_error(refusal, request=message)
        except Exception:
            # A bug must not end the session for everyone on this connection.
            logger.exception("live room %s: failed to handle a frame", self.room_id)
            await self._send_error(LiveRefusal("server_error", _("Something went wrong.")))

    async def _handle(self, message: ClientMessage):
        fields = message.fields
        if message.type == "hello":
            if "language" in fields:
                await self._set_language(fields["language"])
            await self._catch_up_from(fields.get("last_sequence"))
            return
        if self.cursor is None:
            raise LiveRefusal("hello_first", _("Send a hello message first."))
        if message.type == "ping":
            await database_sync_to_async(services.connection_seen)(channel_name=self.channel_name)
            if self.seat.role == RoomParticipant.Role.FACILITATOR:
                await self._call((services.join_code_renew, {"force": False}), quiet=True)
            await self._catch_up_to(
                await database_sync_to_async(selectors.last_sequence)(self.room_id)
            )
            await self._send_json(
                {"type": "pong", "sequence": self.cursor, "server_time": timezone.now().isoformat()}
            )
            return
        if message.type == "set_language":
            await self._set_language(fields["language"])
            await self._send_snapshot()
            return
        if message.type == "contribute":
            await self._contribute(fields)
            return
        handler = CONTROL_HANDLERS[message.type]
        await self._call(handler, **fields)

    async def _call(self, handler, quiet=False, **arguments):
        """Runs a service as this seat. Its event comes back through the group like any other."""
        call, keyword_arguments = handler
        arguments = {
            **keyword_arguments,
            **{ARGUMENT_NAMES.get(k, k): v for k, v in arguments.items()},
        }
        try:
            await database_sync_to_async(call)(room_id=self.room_id, actor=self.seat, **arguments)
        except LiveRefusal:
            if not quiet:
                raise

    async def _contribute(self, fields: dict):
        arrived_at = time.monotonic()
        if self.rate.contribution_wait(arrived_at):
            raise LiveRefusal(
                "rate_limited",
                _("One contribution every %(seconds)s seconds, please."),
                seconds=round(CONTRIBUTION_INTERVAL_SECONDS),
            )
        submitted = await database_sync_to_async(services.contribution_submit)(
            room_id=self.room_id,
            actor=self.seat,
            client_id=fields["client_id"],
            text=fields["text"],
            anonymous=fields.get("anonymous", False),
        )
        if submitted.created:
            self.rate.contribution_stored(arrived_at)
        await self._send_json(
            {
                "type": "ack",
                "client_id": fields["client_id"],
                "contribution": submitted.contribution.pk,
                "sequence": submitted.sequence,
                "duplicate": not submitted.created,
            }
        )

    async def _set_language(self, language: str):
        await database_sync_to_async(services.participant_set_language)(
            participant=self.seat, language=language
        )
        if not self.seat.is_staff_role:
            self._presence_soon()

    # Catching up: replay or snapshot

    async def _catch_up_from(self, last_sequence: int | None):
        current = await database_sync_to_async(selectors.last_sequence)(self.room_id)
        if (
            last_sequence is None
            or last_sequence > current
            or current - last_sequence > selectors.REPLAY_LIMIT
        ):
            await self._send_snapshot()
            return
        self.cursor = last_sequence
        await self._catch_up_to(current)
        await self._send_json({"type": "caught_up", "sequence": self.cursor})

    async def _catch_up_to(self, sequence: int):
        if self.cursor is None or sequence <= self.cursor:
            return
        missed = await database_sync_to_async(selectors.events_after)(
            self.room_id, self.cursor, sequence
        )
        for payload in missed:
            await self._deliver(payload)
            if payload["kind"] == "opened":
                # A snapshot already covers everything up to now.
                return

    async def _send_snapshot(self):
        snapshot = await database_sync_to_async(selectors.snapshot)(
            self.room_id, selectors.viewer_of(self.seat)
        )
        self.cursor = snapshot["sequence"]
        await self._send_json(snapshot)

    async def _deliver(self, payload: dict):
        if self.cursor is not None and payload["sequence"] <= self.cursor:
            return
        if payload["kind"] == "opened":
            # The guide is now fixed; everyone receives it in their language.
            await self._send_snapshot()
            return
        self.cursor = payload["sequence"]
        frame = selectors.project(payload, selectors.viewer_of(self.seat), self.session_id)
        if frame is not None:
            await self._send_json(frame)

    # Messages from the channel layer

    async def live_event(self, message):
        payload = message["event"]
        if self.cursor is None or payload["sequence"] <= self.cursor:
            return
        if payload["sequence"] > self.cursor + 1:
            await self._catch_up_to(payload["sequence"] - 1)
        await self._deliver(payload)

    async def live_presence(self, message):
        await self._send_json({"type": "presence", "presence": message["presence"]})

    # Sending

    async def _send_json(self, frame: dict):
        await self.send(text_data=json.dumps(frame, separators=(",", ":"), ensure_ascii=False))

    async def _send_error(self, refusal: LiveRefusal, request: ClientMessage | None = None):
        language = self.seat.language if self.seat else settings.LANGUAGE_CODE
        with translation.override(language):
            frame = {"type": "error", "code": refusal.code, "message": refusal.text()}
        if request is not None:
            frame["request"] = request.type
            if "client_id" in request.fields:
                frame["client_id"] = request.fields["client_id"]
        await self._send_json(frame)


# Message type -> (service, fixed arguments). The service checks the seat's role.
CONTROL_HANDLERS = {
    "hand_raise": (services.hand_set, {"raised": True}),
    "hand_lower": (services.hand_set, {"raised": False}),
    "go_round_pass": (services.go_round_advance, {"passed": True}),
    "translate": (services.translation_add, {}),
    "room_open": (services.room_open, {}),
    "room_pause": (services.room_set_status, {"status": Status.PAUSED}),
    "room_resume": (services.room_set_status, {"status": Status.LIVE}),
    "room_end": (services.room_set_status, {"status": Status.ENDED}),
    "segment_next": (services.segment_move, {"step": 1}),
    "segment_previous": (services.segment_move, {"step": -1}),
    "segment_go": (services.segment_move, {}),
    "timer_start": (services.timer_start, {}),
    "timer_pause": (services.timer_pause, {}),
    "timer_extend": (services.timer_extend, {}),
    "time_out": (services.time_out_set, {}),
    "go_round_start": (services.go_round_start, {}),
    "go_round_next": (services.go_round_advance, {"passed": False}),
    "go_round_end": (services.go_round_end, {}),
    "contribution_hide": (services.contribution_hide, {}),
    "contribution_restore": (services.contribution_restore, {}),
    "contribution_spotlight": (services.contribution_spotlight, {}),
    "contribution_tag": (services.contribution_tag, {"add": True}),
    "join_code_new": (services.join_code_renew, {"force": True}),
}
# Protocol field name -> service argument name.
ARGUMENT_NAMES = {"contribution": "contribution_id", "participant": "participant_id"}
