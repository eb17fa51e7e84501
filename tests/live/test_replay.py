"""Sequence numbers and replay: a client that reconnects, or whose wake-up message was lost,
still receives every event it may see, once and in order (docs/live-protocol.md)."""

import pytest
from asgiref.sync import sync_to_async

from dialogues.live import selectors, services
from dialogues.models import RoomParticipant
from tests.live.setup import live_setup
from tests.live.sockets import RoomSocket, joined

pytestmark = pytest.mark.django_db(transaction=True)


async def frames_until(socket: RoomSocket, last_type: str) -> list[dict]:
    """Every frame up to and including the first of `last_type`."""
    frames = []
    while True:
        frame = await socket.receive()
        frames.append(frame)
        if frame["type"] == last_type:
            return frames


async def live_room():
    """An open room with the lead and the Spanish-speaking resident connected."""
    setup = await sync_to_async(live_setup)()
    lead = await joined(setup.session.pk, setup.lead)
    resident = await joined(setup.session.pk, setup.resident)
    await lead.send(type="room_open")
    await lead.receive_type("snapshot")
    opened = await resident.receive_type("snapshot")
    assert opened["state"]["segment_index"] == 0
    lead_seat = await sync_to_async(RoomParticipant.objects.get)(
        room__session=setup.session, user=setup.lead
    )
    return setup, lead, resident, lead_seat


async def move_without_anyone_listening(lead_seat: RoomParticipant, steps: list[int]) -> int:
    """Appends segment events straight through the service; returns the last sequence."""

    def move():
        for step in steps:
            event = services.segment_move(room_id=lead_seat.room_id, actor=lead_seat, step=step)
        return event.sequence

    return await sync_to_async(move)()


def drop_the_first_broadcast(monkeypatch) -> list[dict]:
    """Makes the channel layer lose the next wake-up, as an at-most-once group send may."""
    dropped = []
    broadcast = services._broadcast

    def lossy(room_id, payload):
        if not dropped:
            dropped.append(payload)
            return
        broadcast(room_id, payload)

    monkeypatch.setattr(services, "_broadcast", lossy)
    return dropped


async def test_a_reconnecting_participant_gets_exactly_the_events_it_missed():
    setup, lead, resident, _lead_seat = await live_room()
    last_seen = resident.last_sequence
    await resident.close()

    for _change in range(3):
        await lead.send(type="segment_next")
        await lead.event("segment")

    resident = RoomSocket(setup.session.pk, setup.resident)
    connected, _code = await resident.connect()
    assert connected
    await resident.send(type="hello", last_sequence=last_seen)
    frames = await frames_until(resident, "caught_up")

    events, caught_up = frames[:-1], frames[-1]
    assert [frame["type"] for frame in events] == ["event"] * 3
    assert [frame["kind"] for frame in events] == ["segment"] * 3
    assert [frame["sequence"] for frame in events] == [last_seen + 1, last_seen + 2, last_seen + 3]
    assert [frame["data"]["index"] for frame in events] == [1, 2, 3]
    assert caught_up == {"type": "caught_up", "sequence": last_seen + 3}
    assert await resident.nothing_more()

    # The stream carries on from there, without repeats.
    await lead.send(type="segment_next")
    moved = await resident.event("segment")
    assert (moved["sequence"], moved["data"]["index"]) == (last_seen + 4, 4)
    assert await resident.nothing_more()
    await lead.close()
    await resident.close()


async def test_up_to_the_replay_limit_is_replayed_and_beyond_it_a_snapshot_is_sent():
    setup, lead, resident, lead_seat = await live_room()
    await lead.close()
    last_seen = resident.last_sequence
    await resident.close()

    # Exactly REPLAY_LIMIT missed events: still a replay.
    forth_and_back = [1, -1] * (selectors.REPLAY_LIMIT // 2)
    newest = await move_without_anyone_listening(lead_seat, forth_and_back)
    assert newest - last_seen == selectors.REPLAY_LIMIT
    resident = RoomSocket(setup.session.pk, setup.resident)
    assert (await resident.connect())[0]
    await resident.send(type="hello", last_sequence=last_seen)
    frames = await frames_until(resident, "caught_up")
    sequences = [frame["sequence"] for frame in frames[:-1]]
    assert sequences == list(range(last_seen + 1, newest + 1))
    assert frames[-1] == {"type": "caught_up", "sequence": newest}
    await resident.close()

    # One more than the limit: a snapshot instead, and no events.
    newest = await move_without_anyone_listening(lead_seat, [*forth_and_back, 1])
    resident = RoomSocket(setup.session.pk, setup.resident)
    assert (await resident.connect())[0]
    await resident.send(type="hello", last_sequence=newest - selectors.REPLAY_LIMIT - 1)
    snapshot = await resident.receive()
    assert snapshot["type"] == "snapshot"
    assert snapshot["sequence"] == newest
    assert snapshot["state"]["segment_index"] == 1
    assert snapshot["state"]["segments"][1]["prompt"]["text"] == "Nuestros acuerdos?"
    assert await resident.nothing_more()
    await resident.close()


async def test_a_last_sequence_ahead_of_the_room_gets_a_snapshot():
    setup, lead, resident, _lead_seat = await live_room()
    await lead.send(type="segment_next")
    moved = await resident.event("segment")
    await resident.close()

    resident = RoomSocket(setup.session.pk, setup.resident)
    assert (await resident.connect())[0]
    await resident.send(type="hello", last_sequence=moved["sequence"] + 5)
    snapshot = await resident.receive()
    assert snapshot["type"] == "snapshot"
    assert snapshot["sequence"] == moved["sequence"]
    assert snapshot["state"]["segment_index"] == 1
    assert await resident.nothing_more()

    # The client's sequence is the snapshot's from now on: the next event follows it.
    await lead.send(type="segment_next")
    moved_again = await resident.event("segment")
    assert moved_again["sequence"] == moved["sequence"] + 1
    await lead.close()
    await resident.close()


async def test_a_dropped_wake_up_is_recovered_when_the_next_event_arrives(monkeypatch):
    _setup, lead, resident, lead_seat = await live_room()
    last_seen = resident.last_sequence
    dropped = drop_the_first_broadcast(monkeypatch)

    # In the log, but nobody is told.
    lost = await move_without_anyone_listening(lead_seat, [1])
    assert [payload["sequence"] for payload in dropped] == [lost] == [last_seen + 1]
    assert await resident.nothing_more()

    # The next event's wake-up arrives: the consumer reads the lost one first.
    await lead.send(type="segment_next")
    first, second = await resident.event("segment"), await resident.event("segment")
    assert [first["sequence"], second["sequence"]] == [last_seen + 1, last_seen + 2]
    assert [first["data"]["index"], second["data"]["index"]] == [1, 2]
    assert await resident.nothing_more()
    lead_first, lead_second = await lead.event("segment"), await lead.event("segment")
    assert [lead_first["sequence"], lead_second["sequence"]] == [last_seen + 1, last_seen + 2]
    await lead.close()
    await resident.close()


async def test_a_ping_delivers_a_dropped_last_event_before_the_pong(monkeypatch):
    _setup, lead, resident, lead_seat = await live_room()
    last_seen = resident.last_sequence
    drop_the_first_broadcast(monkeypatch)

    lost = await move_without_anyone_listening(lead_seat, [1])
    assert await resident.nothing_more()

    await resident.send(type="ping")
    event, pong = await resident.receive(), await resident.receive()
    assert event["type"] == "event"
    assert (event["sequence"], event["kind"], event["data"]["index"]) == (lost, "segment", 1)
    assert lost == last_seen + 1
    assert pong["type"] == "pong"
    assert pong["sequence"] == lost

    # Nothing twice: another ping has nothing new to deliver.
    await resident.send(type="ping")
    assert (await resident.receive())["type"] == "pong"
    assert await resident.nothing_more()
    await lead.close()
    await resident.close()
