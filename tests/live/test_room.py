"""The live room through its real consumer: admission, what each viewer sees, limits, and the
state kept in the database."""

import json
import uuid
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.test import override_settings
from django.utils import timezone

from accounts.access import WEBSOCKET_CLOSE_FORBIDDEN, WEBSOCKET_CLOSE_UNAUTHENTICATED
from dialogues.live import services
from dialogues.live.consumers import GUEST_SEATS_SESSION_KEY, WEBSOCKET_CLOSE_ROOM_FULL
from dialogues.live.protocol import FRAME_MAX_BYTES, MESSAGE_BURST
from dialogues.live.services import LiveRefusal
from dialogues.models import (
    Contribution,
    GuideSegment,
    GuideVersion,
    JoinCode,
    LiveRoom,
    RoomEvent,
    RoomParticipant,
)
from tests.factories import DialogueFactory
from tests.live.setup import live_setup
from tests.live.sockets import RoomSocket, joined

pytestmark = pytest.mark.django_db(transaction=True)


async def _setup(**kwargs):
    return await sync_to_async(live_setup)(passwords=False, **kwargs)


async def _opened(setup):
    """The lead and the Spanish-speaking resident in a room that has started."""
    lead = await joined(setup.session.pk, setup.lead)
    resident = await joined(setup.session.pk, setup.resident)
    await lead.send(type="room_open")
    await lead.receive_type("snapshot")
    await resident.receive_type("snapshot")
    return lead, resident


def _contribute(text="Más vivienda asequible", **fields):
    return {"type": "contribute", "client_id": str(uuid.uuid4()), "text": text, **fields}


# Admission


async def test_people_without_a_place_in_the_room_are_refused():
    setup = await _setup()
    anonymous = RoomSocket(setup.session.pk)
    assert await anonymous.connect() == (False, WEBSOCKET_CLOSE_UNAUTHENTICATED)
    outsider = RoomSocket(setup.session.pk, setup.outsider)
    assert await outsider.connect() == (False, WEBSOCKET_CLOSE_FORBIDDEN)


async def test_a_registered_resident_who_is_not_checked_in_waits_outside_an_in_person_room():
    setup = await _setup()
    from dialogues.models import Attendance

    await sync_to_async(Attendance.objects.filter(registration__user=setup.resident).delete)()
    socket = RoomSocket(setup.session.pk, setup.resident)
    assert await socket.connect() == (False, WEBSOCKET_CLOSE_FORBIDDEN)


async def test_a_participant_of_one_room_cannot_enter_another():
    setup = await _setup()
    other_session = await sync_to_async(lambda: DialogueFactory().sessions.get())()
    socket = RoomSocket(other_session.pk, setup.resident)
    assert await socket.connect() == (False, WEBSOCKET_CLOSE_FORBIDDEN)
    # A walk-in's seat is for its own room only, even if the browser session names another.
    lead, _resident = await _opened(setup)
    join_code = await sync_to_async(JoinCode.objects.get)()
    seat = await sync_to_async(services.room_join_with_code)(
        code=join_code.code, display_name="Sam", language="en"
    )
    guest = RoomSocket(
        other_session.pk, http_session={GUEST_SEATS_SESSION_KEY: {str(other_session.pk): seat.pk}}
    )
    assert await guest.connect() == (False, WEBSOCKET_CLOSE_UNAUTHENTICATED)
    await lead.close()


async def test_a_walk_in_joins_with_the_code_and_the_code_expires():
    setup = await _setup()
    lead, _resident = await _opened(setup)
    join_code = await sync_to_async(JoinCode.objects.get)()
    assert len(join_code.code) == 6 and join_code.code.isdigit()
    seat = await sync_to_async(services.room_join_with_code)(
        code=f" {join_code.code} ", display_name="Sam Walker", language="ht"
    )
    guest = await joined(
        setup.session.pk, http_session={GUEST_SEATS_SESSION_KEY: {str(setup.session.pk): seat.pk}}
    )
    await guest.send(type="ping")
    await guest.receive_type("pong")
    # Presence is recounted a moment after people arrive.
    while (await lead.receive_type("presence"))["presence"]["by_language"].get("ht") != 1:
        pass

    join_code.expires_at = timezone.now() - timedelta(seconds=1)
    await sync_to_async(join_code.save)()
    with pytest.raises(LiveRefusal) as refusal:
        await sync_to_async(services.room_join_with_code)(
            code=join_code.code, display_name="", language="en"
        )
    assert refusal.value.code == "join_code_invalid"
    await guest.close()
    await lead.close()


async def test_ending_the_room_invalidates_its_join_codes():
    setup = await _setup()
    lead, resident = await _opened(setup)
    code = (await sync_to_async(JoinCode.objects.get)()).code
    await lead.send(type="room_end")
    ended = await resident.event("status")
    assert ended["data"]["status"] == "ended"
    assert ended["data"]["feedback_url"] == f"/es/sessions/{setup.session.pk}/feedback/"
    with pytest.raises(LiveRefusal):
        await sync_to_async(services.room_join_with_code)(code=code, display_name="", language="en")


@override_settings(LIVE_MAX_CONNECTIONS_PER_ROOM=2)
async def test_a_full_room_says_so_and_closes():
    setup = await _setup()
    first = await joined(setup.session.pk, setup.lead)
    second = await joined(setup.session.pk, setup.resident)
    third = RoomSocket(setup.session.pk, setup.other_resident)
    connected, _code = await third.connect()
    assert connected
    error = await third.receive()
    assert error["code"] == "room_full"
    assert (await third.communicator.receive_output())["code"] == WEBSOCKET_CLOSE_ROOM_FULL
    await first.close()
    await second.close()


# The prompt, in everyone's language


async def test_each_participant_sees_the_prompt_in_their_language_with_visible_fallback():
    setup = await _setup()
    lead, resident = await _opened(setup)
    chinese = await joined(setup.session.pk, setup.other_resident)
    await lead.send(type="segment_go", index=2)
    for socket in (resident, chinese):
        assert (await socket.event("segment"))["data"]["index"] == 2
    snapshot = await chinese.hello(last_sequence=None)
    priming = snapshot["state"]["segments"][2]
    assert priming["prompt"]["text"] == "你第一次注意到种族是什么时候?"
    assert priming["prompt"]["fallback"] is False
    # The Spanish text is missing: English is shown, marked, with its own lang.
    await resident.send(type="hello", last_sequence=None)
    spanish = (await resident.receive_type("snapshot"))["state"]["segments"][2]
    assert spanish["prompt"] == {
        "text": "When did you first notice race??",
        "language": "en",
        "fallback": True,
        "lang": "en",
        "dir": "ltr",
    }
    assert "notes" not in spanish
    await resident.send(type="set_language", language="ar")
    arabic = await resident.receive_type("snapshot")
    assert arabic["state"]["language"] == "ar"
    assert arabic["state"]["segments"][0]["prompt"]["fallback"] is True
    for socket in (lead, resident, chinese):
        await socket.close()


async def test_a_live_session_keeps_the_guide_version_it_started_with():
    setup = await _setup()
    lead, resident = await _opened(setup)

    def save_new_version():
        old = GuideVersion.objects.get()
        new = GuideVersion.objects.create(guide=old.guide, number=2)
        GuideSegment.objects.create(
            version=new, position=0, kind="welcome", duration_minutes=5, prompt={"en": "Changed"}
        )

    await sync_to_async(save_new_version)()
    snapshot = await resident.hello(last_sequence=None)
    assert snapshot["state"]["guide_version"] == 1
    assert snapshot["state"]["segments"][0]["prompt"]["text"] == "Bienvenidos?"
    assert len(snapshot["state"]["segments"]) == 5
    await lead.close()
    await resident.close()


async def test_a_session_without_a_guide_cannot_start():
    setup = await _setup(guide=False)
    lead = await joined(setup.session.pk, setup.lead)
    await lead.send(type="room_open")
    assert (await lead.receive_type("error"))["code"] == "no_guide"
    assert await sync_to_async(LiveRoom.objects.filter(status="waiting").count)() == 1
    await lead.close()


async def test_a_late_joiner_sees_the_time_left_not_the_full_duration():
    setup = await _setup()
    lead, resident = await _opened(setup)
    await lead.send(type="timer_start", minutes=10)
    started = await resident.event("timer")
    ends_at = started["data"]["timer"]["ends_at"]
    room = await sync_to_async(LiveRoom.objects.get)()
    room.timer_ends_at -= timedelta(minutes=4)
    await sync_to_async(room.save)(update_fields=["timer_ends_at"])
    late = await joined(setup.session.pk, setup.other_resident)
    snapshot = await late.hello(last_sequence=None)
    timer = snapshot["state"]["timer"]
    assert timer["state"] == "running" and timer["ends_at"] < ends_at
    left = timezone.datetime.fromisoformat(timer["ends_at"]) - timezone.datetime.fromisoformat(
        snapshot["server_time"]
    )
    assert timedelta(minutes=5, seconds=50) < left <= timedelta(minutes=6)

    await lead.send(type="timer_pause")
    paused = (await late.event("timer"))["data"]["timer"]
    assert paused["state"] == "paused" and 350 <= paused["remaining_seconds"] <= 360
    await lead.send(type="timer_extend", minutes=2)
    extended = (await late.event("timer"))["data"]["timer"]
    assert extended["remaining_seconds"] == paused["remaining_seconds"] + 120
    await lead.send(type="segment_next")
    assert (await late.event("segment"))["data"]["timer"]["state"] == "idle"
    for socket in (lead, resident, late):
        await socket.close()


# Contributions


async def test_a_contribution_is_stored_before_its_ack_and_a_retry_never_duplicates():
    setup = await _setup()
    lead, resident = await _opened(setup)
    frame = _contribute()
    await resident.send(**frame)
    ack = await resident.receive_type("ack")
    stored = await sync_to_async(Contribution.objects.get)(pk=ack["contribution"])
    assert (stored.text, stored.language, ack["duplicate"]) == (frame["text"], "es", False)
    seen = (await lead.event("contribution"))["data"]["contribution"]
    assert (seen["text"], seen["author_name"]) == (frame["text"], "Rosa")

    # The phone lost the ack and reconnects: the same client id is sent again.
    await resident.close()
    again = await joined(setup.session.pk, setup.resident)
    await again.send(**frame)
    retry = await again.receive_type("ack")
    assert (retry["contribution"], retry["duplicate"]) == (ack["contribution"], True)
    assert await sync_to_async(Contribution.objects.count)() == 1
    assert await lead.events_within() == []
    await lead.close()
    await again.close()


async def test_contribution_text_is_kept_verbatim_for_escaped_display():
    setup = await _setup()
    lead, resident = await _opened(setup)
    attack = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    await resident.send(**_contribute(attack))
    await resident.receive_type("ack")
    seen = (await lead.event("contribution"))["data"]["contribution"]
    assert seen["text"] == attack  # plain text; every client renders it with textContent
    await lead.close()
    await resident.close()


async def test_contribution_limits_and_rules():
    setup = await _setup()
    lead, resident = await _opened(setup)
    await resident.send(**_contribute("x" * 501))
    assert (await resident.receive_type("error"))["code"] == "too_long"
    await resident.send(**_contribute("   "))
    assert (await resident.receive_type("error"))["code"] == "empty"
    await resident.send(**_contribute(client_id="not-a-uuid"))
    assert (await resident.receive_type("error"))["code"] == "invalid_client_id"
    await resident.send(**_contribute("Uno"))
    await resident.receive_type("ack")
    await resident.send(**_contribute("Dos"))
    limited = await resident.receive_type("error")
    assert limited["code"] == "rate_limited" and limited["client_id"]
    await lead.send(type="room_pause")
    await resident.event("status")
    wei = await joined(setup.session.pk, setup.other_resident)
    await wei.send(**_contribute("三"))
    assert (await wei.receive_type("error"))["code"] == "room_not_live"
    assert await sync_to_async(Contribution.objects.count)() == 1
    for socket in (lead, resident, wei):
        await socket.close()


async def test_participants_see_only_their_own_and_spotlighted_contributions():
    setup = await _setup()
    lead, rosa = await _opened(setup)
    wei = await joined(setup.session.pk, setup.other_resident)
    await wei.send(**_contribute("我想匿名说", anonymous=True))
    await wei.receive_type("ack")
    contribution = (await lead.event("contribution"))["data"]["contribution"]
    assert contribution["anonymous"] is True and contribution["author_name"] == "Wei"
    await lead.send(
        type="contribution_tag", contribution=contribution["id"], tag=" Housing  Costs "
    )
    tagged = (await lead.event("contribution_updated"))["data"]["contribution"]
    assert tagged["tags"] == ["housing costs"]

    await lead.send(type="contribution_spotlight", contribution=contribution["id"], on=True)
    await lead.event("contribution_updated")
    public = (await rosa.event("contribution_updated"))["data"]["contribution"]
    assert public["text"] == "我想匿名说" and public["author_name"] is None
    assert "tags" not in public and "hidden_reason" not in public

    await lead.send(
        type="contribution_hide", contribution=contribution["id"], reason="Identifies a person"
    )
    removed = (await rosa.event("contribution_updated"))["data"]["contribution"]
    assert removed == {"id": contribution["id"], "removed": True}
    hidden = (await lead.event("contribution_updated"))["data"]["contribution"]
    assert (hidden["hidden"], hidden["hidden_reason"], hidden["spotlighted"]) == (
        True,
        "Identifies a person",
        False,
    )
    await lead.send(type="contribution_hide", contribution=contribution["id"], reason=" ")
    assert (await lead.receive_type("error"))["code"] == "reason_required"
    assert (await rosa.hello(last_sequence=None))["state"]["contributions"] == []
    await lead.send(type="contribution_restore", contribution=contribution["id"])
    restored = (await lead.event("contribution_updated"))["data"]["contribution"]
    assert restored["hidden"] is False
    # The reason stays in the room's log.
    logged = await sync_to_async(
        lambda: list(
            RoomEvent.objects.filter(kind="contribution_updated").values_list("data", flat=True)
        )
    )()
    assert any(d["contribution"]["hidden_reason"] == "Identifies a person" for d in logged)
    for socket in (lead, rosa, wei):
        await socket.close()


async def test_an_interpretation_reaches_the_participants_who_chose_that_language():
    setup = await _setup()
    lead, rosa = await _opened(setup)
    wei = await joined(setup.session.pk, setup.other_resident)
    interpreter = await joined(setup.session.pk, setup.interpreter)
    await wei.send(**_contribute("社区需要更多的住房"))
    await wei.receive_type("ack")
    contribution = (await interpreter.event("contribution"))["data"]["contribution"]
    await interpreter.send(
        type="translate",
        contribution=contribution["id"],
        language="es",
        text="La comunidad necesita más vivienda",
    )
    updated = (await lead.event("contribution_updated"))["data"]["contribution"]
    assert updated["translations"] == {"es": "La comunidad necesita más vivienda"}
    await lead.send(type="contribution_spotlight", contribution=contribution["id"], on=True)
    seen = (await rosa.event("contribution_updated"))["data"]["contribution"]
    assert seen["translations"]["es"] == "La comunidad necesita más vivienda"
    await interpreter.send(
        type="translate", contribution=contribution["id"], language="zh-hans", text="同样"
    )
    assert (await interpreter.receive_type("error"))["code"] == "same_language"
    for socket in (lead, rosa, wei, interpreter):
        await socket.close()


# Hands, go-rounds and time outs


async def test_hands_go_rounds_and_time_out():
    setup = await _setup()
    lead, rosa = await _opened(setup)
    wei = await joined(setup.session.pk, setup.other_resident)
    await rosa.send(type="hand_raise")
    assert (await rosa.event("hands"))["data"] == {"you_raised": True}
    queue = (await lead.event("hands"))["data"]["queue"]
    assert [entry["name"] for entry in queue] == ["Rosa"]
    assert (await wei.event("hands"))["data"] == {"you_raised": False}
    await lead.send(type="hand_lower", participant=queue[0]["participant"])
    assert (await rosa.event("hands"))["data"] == {"you_raised": False}

    await lead.send(type="go_round_start")
    go_round = (await wei.event("go_round"))["data"]["go_round"]
    assert [turn["name"] for turn in go_round["order"]] == ["Rosa", "Wei"]
    assert go_round["current"] == 0
    await wei.send(type="go_round_pass")
    assert (await wei.receive_type("error"))["code"] == "not_allowed"
    await rosa.send(type="go_round_pass")
    passed = (await wei.event("go_round"))["data"]["go_round"]
    assert passed["current"] == 1 and passed["passed"] == [go_round["order"][0]["participant"]]
    await lead.send(type="go_round_next")
    assert (await wei.event("go_round"))["data"]["go_round"]["current"] is None

    await lead.send(type="time_out", active=True)
    assert (await rosa.event("time_out"))["data"] == {"active": True}
    assert (await wei.hello(last_sequence=None))["state"]["time_out"] is True
    for socket in (lead, rosa, wei):
        await socket.close()


# Bad frames


async def test_bad_frames_get_an_error_and_the_connection_stays_open():
    setup = await _setup()
    lead, resident = await _opened(setup)
    cases = [
        ("{not json", "malformed"),
        ("[1, 2]", "malformed"),
        ('{"type": 7}', "malformed"),
        ('{"type": "teleport"}', "unknown_type"),
        ('{"type": "segment_go", "index": "3"}', "invalid_field"),
        ('{"type": "segment_go", "index": true}', "invalid_field"),
        ('{"type": "segment_go"}', "invalid_field"),
        (json.dumps({"type": "contribute", "text": "x" * FRAME_MAX_BYTES}), "frame_too_large"),
        ('{"type": "segment_go", "index": 99}', "no_such_segment"),
    ]
    for text, code in cases:
        await lead.send_text(text)
        assert (await lead.receive_type("error"))["code"] == code, text
    await lead.communicator.send_to(bytes_data=b"\x00\x01")
    assert (await lead.receive_type("error"))["code"] == "malformed"
    await lead.send(type="segment_next")
    assert (await resident.event("segment"))["data"]["index"] == 1
    await lead.close()
    await resident.close()


async def test_a_flood_of_frames_is_rate_limited_with_an_error_frame():
    setup = await _setup()
    socket = await joined(setup.session.pk, setup.lead)
    for _frame in range(MESSAGE_BURST + 5):
        await socket.send(type="ping")
    replies = [await socket.receive_type("pong", "error") for _frame in range(MESSAGE_BURST + 5)]
    codes = [reply.get("code") for reply in replies if reply["type"] == "error"]
    assert codes and set(codes) == {"rate_limited"}
    await socket.close()


async def test_hello_comes_first():
    setup = await _setup()
    socket = RoomSocket(setup.session.pk, setup.lead)
    await socket.connect()
    await socket.send(type="segment_next")
    assert (await socket.receive_type("error"))["code"] == "hello_first"
    await socket.close()


async def test_the_event_log_numbers_events_without_gaps():
    setup = await _setup()
    lead, resident = await _opened(setup)
    for _step in range(3):
        await lead.send(type="segment_next")
        await resident.event("segment")
    room = await sync_to_async(LiveRoom.objects.get)()
    sequences = await sync_to_async(
        lambda: list(RoomEvent.objects.filter(room=room).values_list("sequence", flat=True))
    )()
    assert sequences == list(range(1, room.last_sequence + 1))
    participants = await sync_to_async(RoomParticipant.objects.filter(room=room).count)()
    assert participants == 2
    await lead.close()
    await resident.close()
