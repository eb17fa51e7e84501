"""Random and malformed frames against the real consumer: the connection survives, every frame
gets at most one reply, and the room's state stays valid."""

import json

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogues.live.protocol import MESSAGE_FIELDS
from dialogues.models import Contribution, LiveRoom, RoomEvent
from tests.live.setup import live_setup
from tests.live.sockets import joined

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats() | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
field_names = sorted({name for fields in MESSAGE_FIELDS.values() for name in fields})
well_typed_values = st.one_of(
    st.integers(-3, 30),
    st.booleans(),
    st.text(max_size=60),
    st.uuids().map(str),
    st.sampled_from(["es", "zh-hans", "ar", "xx", ""]),
)
messages = st.builds(
    lambda kind, fields: json.dumps({"type": kind, **fields}),
    st.sampled_from([*sorted(MESSAGE_FIELDS), "", "Hello", "__init__"]),
    st.dictionaries(st.sampled_from(field_names), well_typed_values | json_values, max_size=4),
)
frames = st.one_of(
    messages,
    json_values.map(lambda value: json.dumps(value, allow_nan=True)),
    st.text(min_size=1, max_size=200),
    st.binary(min_size=1, max_size=50),
)


def _state_is_valid(room_id: int) -> None:
    room = LiveRoom.objects.get(pk=room_id)
    sequences = list(RoomEvent.objects.filter(room=room).values_list("sequence", flat=True))
    assert sequences == list(range(1, room.last_sequence + 1))
    if room.status != LiveRoom.Status.WAITING:
        assert 0 <= room.segment_index < room.guide_version.segments.count()
    assert room.timer_ends_at is None or room.timer_remaining_seconds is None
    for contribution in Contribution.objects.filter(room=room):
        assert 0 < len(contribution.text) <= 500
        assert contribution.hidden_at is None or contribution.hidden_reason


@pytest.fixture
def fuzz_setup(transactional_db):
    return live_setup(passwords=False)


@pytest.mark.django_db(transaction=True)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sent=st.lists(st.tuples(st.sampled_from(["lead", "resident"]), frames), max_size=12))
def test_random_frames_never_crash_the_connection_or_corrupt_the_room(fuzz_setup, sent):
    async def run():
        sockets = {
            "lead": await joined(fuzz_setup.session.pk, fuzz_setup.lead),
            "resident": await joined(fuzz_setup.session.pk, fuzz_setup.resident),
        }
        try:
            for who, frame in sent:
                socket = sockets[who]
                if isinstance(frame, bytes):
                    await socket.communicator.send_to(bytes_data=frame)
                else:
                    await socket.send_text(frame)
            for socket in sockets.values():
                # Still open and still answering, after whatever came before.
                await socket.send(type="ping")
                while (frame := await socket.receive(timeout=5))["type"] != "pong":
                    assert frame.get("code") != "server_error", frame
            room_id = (await sync_to_async(LiveRoom.objects.get)()).pk
            await sync_to_async(_state_is_valid)(room_id)
        finally:
            for socket in sockets.values():
                await socket.close()

    async_to_sync(run)()
