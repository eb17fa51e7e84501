"""Every message type from every role: only the roles the protocol names may change the room."""

import uuid

import pytest
from asgiref.sync import sync_to_async

from dialogues.live import services
from dialogues.models import Contribution, LiveRoom, RoomParticipant
from tests.live.setup import live_setup
from tests.live.sockets import joined

Role = RoomParticipant.Role
FACILITATOR, PARTICIPANT, INTERPRETER, OBSERVER = (
    Role.FACILITATOR,
    Role.PARTICIPANT,
    Role.INTERPRETER,
    Role.OBSERVER,
)


def _open(room, lead):
    services.room_open(room_id=room.pk, actor=lead)


def _running_timer(room, lead):
    _open(room, lead)
    services.timer_start(room_id=room.pk, actor=lead)


def _paused_timer(room, lead):
    _running_timer(room, lead)
    services.timer_pause(room_id=room.pk, actor=lead)


def _paused_room(room, lead):
    _open(room, lead)
    services.room_set_status(room_id=room.pk, actor=lead, status=LiveRoom.Status.PAUSED)


def _at_second_segment(room, lead):
    _open(room, lead)
    services.segment_move(room_id=room.pk, actor=lead, step=1)


def _contribution(room, lead):
    _open(room, lead)
    resident = room.participants.get(role=Role.PARTICIPANT, display_name="Rosa")
    services.contribution_submit(
        room_id=room.pk, actor=resident, client_id=str(uuid.uuid4()), text="Hola", anonymous=False
    )


def _hidden_contribution(room, lead):
    _contribution(room, lead)
    services.contribution_hide(
        room_id=room.pk, actor=lead, contribution_id=_first_contribution(), reason="A name"
    )


def _go_round(room, lead):
    _open(room, lead)
    services.go_round_start(room_id=room.pk, actor=lead)


def _raised_hand(room, lead):
    _open(room, lead)
    resident = room.participants.get(display_name="Rosa")
    services.hand_set(room_id=room.pk, actor=resident, raised=True)


def _first_contribution():
    return Contribution.objects.order_by("pk").first().pk


def _rosa():
    return RoomParticipant.objects.get(display_name="Rosa").pk


# type -> (roles allowed, preparation, frame fields). Fields given as callables are read after
# the preparation. Rosa, a participant, is the first speaker of any go-round.
CASES = {
    "room_open": ({FACILITATOR}, None, {}),
    "room_pause": ({FACILITATOR}, _open, {}),
    "room_resume": ({FACILITATOR}, _paused_room, {}),
    "room_end": ({FACILITATOR}, _open, {}),
    "segment_next": ({FACILITATOR}, _open, {}),
    "segment_previous": ({FACILITATOR}, _at_second_segment, {}),
    "segment_go": ({FACILITATOR}, _open, {"index": 3}),
    "timer_start": ({FACILITATOR}, _open, {"minutes": 5}),
    "timer_pause": ({FACILITATOR}, _running_timer, {}),
    "timer_extend": ({FACILITATOR}, _paused_timer, {"minutes": 2}),
    "time_out": ({FACILITATOR}, _open, {"active": True}),
    "go_round_start": ({FACILITATOR}, _open, {}),
    "go_round_next": ({FACILITATOR}, _go_round, {}),
    "go_round_end": ({FACILITATOR}, _go_round, {}),
    "go_round_pass": ({FACILITATOR, PARTICIPANT}, _go_round, {}),
    "contribution_hide": (
        {FACILITATOR},
        _contribution,
        {"contribution": _first_contribution, "reason": "Names a neighbor"},
    ),
    "contribution_restore": (
        {FACILITATOR},
        _hidden_contribution,
        {"contribution": _first_contribution},
    ),
    "contribution_spotlight": (
        {FACILITATOR},
        _contribution,
        {"contribution": _first_contribution, "on": True},
    ),
    "contribution_tag": (
        {FACILITATOR},
        _contribution,
        {"contribution": _first_contribution, "tag": "housing"},
    ),
    "join_code_new": ({FACILITATOR}, _open, {}),
    "hand_raise": ({PARTICIPANT}, _open, {}),
    "hand_lower": ({PARTICIPANT}, _raised_hand, {}),
    "translate": (
        {INTERPRETER},
        _contribution,
        {"contribution": _first_contribution, "language": "en", "text": "Hello"},
    ),
    "contribute": ({PARTICIPANT}, _open, {"text": "Vivienda", "client_id": uuid.uuid4}),
}


def _room_sequence(room_id):
    return LiveRoom.objects.get(pk=room_id).last_sequence


@pytest.mark.parametrize("message_type", sorted(CASES))
@pytest.mark.django_db(transaction=True)
async def test_only_the_named_roles_may_send(message_type):
    allowed, prepare, fields = CASES[message_type]
    setup = await sync_to_async(live_setup)(passwords=False)
    session_id = setup.session.pk
    sockets = {
        FACILITATOR: await joined(session_id, setup.lead),
        PARTICIPANT: await joined(session_id, setup.resident),
        INTERPRETER: await joined(session_id, setup.interpreter),
        OBSERVER: await joined(session_id, setup.coordinator),
    }
    room = await sync_to_async(LiveRoom.objects.get)(session_id=session_id)
    lead = await sync_to_async(RoomParticipant.objects.get)(room=room, role=FACILITATOR)
    if prepare:
        await sync_to_async(prepare)(room, lead)
    frame = {
        name: await sync_to_async(value)() if callable(value) else value
        for name, value in fields.items()
    }
    frame = {
        name: str(value) if isinstance(value, uuid.UUID) else value for name, value in frame.items()
    }

    for socket in sockets.values():
        # A ping delivers everything so far, so what follows is the reply to our frame.
        await socket.send(type="ping")
        await socket.receive_type("pong")

    for role, socket in sockets.items():
        if role in allowed:
            continue
        before = await sync_to_async(_room_sequence)(room.pk)
        await socket.send(type=message_type, **frame)
        error = await socket.receive_type("error")
        assert (error["code"], error["request"]) == ("not_allowed", message_type), role
        assert error["message"]
        assert await sync_to_async(_room_sequence)(room.pk) == before, f"{role} changed the room"

    for role in sorted(allowed):
        before = await sync_to_async(_room_sequence)(room.pk)
        socket = sockets[role]
        await socket.send(type=message_type, **frame)
        reply = await socket.receive_type("event", "ack", "error", "snapshot")
        assert reply["type"] != "error", reply
        assert await sync_to_async(_room_sequence)(room.pk) > before
        if message_type == "go_round_pass":
            break  # Rosa's turn has passed; once is the point.

    for socket in sockets.values():
        await socket.close()


@pytest.mark.parametrize("message_type", ["hello", "ping", "set_language"])
@pytest.mark.django_db(transaction=True)
async def test_every_role_may_say_hello_ping_and_choose_a_language(message_type):
    setup = await sync_to_async(live_setup)(passwords=False)
    fields = {"set_language": {"language": "vi"}, "hello": {"last_sequence": 0}}.get(
        message_type, {}
    )
    expected = {"hello": "caught_up", "ping": "pong", "set_language": "snapshot"}[message_type]
    for user in (setup.lead, setup.resident, setup.interpreter, setup.coordinator):
        socket = await joined(setup.session.pk, user)
        await socket.send(type=message_type, **fields)
        reply = await socket.receive_type(expected, "error")
        assert reply["type"] == expected, reply
        if message_type == "set_language":
            assert reply["state"]["language"] == "vi"
        await socket.close()
