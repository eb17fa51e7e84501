"""Everything that changes a live room. Each change locks the room row, appends one event with
the next sequence number, and is broadcast only after it commits (docs/live-protocol.md)."""

import secrets
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogues.guides.selectors import current_version, guide_for_session
from dialogues.live import selectors
from dialogues.models import (
    Attendance,
    Contribution,
    ContributionTag,
    ContributionTranslation,
    JoinCode,
    LiveRoom,
    RoomConnection,
    RoomEvent,
    RoomParticipant,
    Session,
)
from dialogues.models.live import (
    CONTRIBUTION_MAX_LENGTH,
    DISPLAY_NAME_MAX_LENGTH,
    HIDE_REASON_MAX_LENGTH,
    TAG_MAX_LENGTH,
    TRANSLATION_MAX_LENGTH,
)
from feedback.services import feedback_items_from_live_room

Role = RoomParticipant.Role
Status = LiveRoom.Status

JOIN_CODE_DIGITS = 6
# The projector asks for a fresh code this long before the shown one expires, so that someone
# typing the old code still gets in.
JOIN_CODE_RENEW_BEFORE = timedelta(minutes=5)
EXTEND_MAX_MINUTES = 60


class LiveRefusal(Exception):
    """A request the room refuses. `message` is translated when the edge renders it."""

    def __init__(self, code: str, message, **params):
        super().__init__(code)
        self.code = code
        self.message = message
        self.params = params

    def text(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


def _refuse_unless(allowed: bool, code: str, message, **params) -> None:
    if not allowed:
        raise LiveRefusal(code, message, **params)


def _require_role(actor: RoomParticipant, *roles: str) -> None:
    _refuse_unless(actor.role in roles, "not_allowed", _("Your role in this room cannot do that."))


# Broadcasting


def room_group(room_id: int) -> str:
    return f"live-room-{room_id}"


def staff_group(room_id: int) -> str:
    return f"live-staff-{room_id}"


def _broadcast(room_id: int, payload: dict) -> None:
    async_to_sync(get_channel_layer().group_send)(
        room_group(room_id), {"type": "live.event", "event": payload}
    )


def presence_broadcast(room_id: int) -> None:
    async_to_sync(get_channel_layer().group_send)(
        staff_group(room_id),
        {"type": "live.presence", "presence": selectors.presence(room_id)},
    )


@contextmanager
def _locked_room(room_id: int):
    with transaction.atomic():
        yield LiveRoom.objects.select_for_update().get(pk=room_id)


def _append(room: LiveRoom, kind: str, data: dict, actor: RoomParticipant | None) -> RoomEvent:
    """Caller holds the row lock on `room`, so sequence numbers have no gaps and no repeats."""
    room.last_sequence += 1
    room.save(update_fields=["last_sequence"])
    event = RoomEvent.objects.create(
        room=room, sequence=room.last_sequence, kind=kind, data=data, actor=actor
    )
    payload = selectors.event_payload(event)
    transaction.on_commit(lambda: _broadcast(room.pk, payload))
    return event


def _check_actor(room: LiveRoom, actor: RoomParticipant) -> None:
    _refuse_unless(actor.room_id == room.pk, "not_allowed", _("You are not in this room."))


def _require_open(room: LiveRoom) -> None:
    _refuse_unless(
        room.status in (Status.LIVE, Status.PAUSED),
        "room_not_live",
        _("The session has not started yet or has ended."),
    )


# Rooms and seats


def room_ensure(session: Session) -> LiveRoom:
    room, _created = LiveRoom.objects.get_or_create(session=session)
    return room


def participant_seat(
    *, room: LiveRoom, role: str, language: str, user=None, registration=None, display_name=""
) -> RoomParticipant:
    """The person's seat in the room, created the first time they come in.

    A resident seated through their registration is also checked in for the session.
    """
    lookup = {"user": user} if user is not None else {"registration": registration}
    with transaction.atomic():
        seat = RoomParticipant.objects.filter(room=room, **lookup).first()
        if seat is None:
            try:
                with transaction.atomic():
                    seat = RoomParticipant.objects.create(
                        room=room,
                        role=role,
                        user=user,
                        registration=registration,
                        display_name=display_name[:DISPLAY_NAME_MAX_LENGTH],
                        language=language,
                    )
            except IntegrityError:
                # Two tabs opened the room at once; the other one made the seat.
                seat = RoomParticipant.objects.get(room=room, **lookup)
        elif seat.role != role:
            # An assignment can change between visits: seat people as what they are now.
            seat.role = role
            seat.save(update_fields=["role"])
        if registration is not None:
            Attendance.objects.get_or_create(
                session=room.session,
                registration=registration,
                defaults={"checked_in_by": user or registration.user},
            )
    return seat


def room_join_with_code(*, code: str, display_name: str, language: str) -> RoomParticipant:
    code = code.strip().replace(" ", "")
    join_code = (
        JoinCode.objects.select_related("room")
        .filter(code=code, expires_at__gt=timezone.now())
        .exclude(room__status=Status.ENDED)
        .first()
    )
    _refuse_unless(
        join_code is not None,
        "join_code_invalid",
        _("That code is not valid. It may have expired: check the screen in the room."),
    )
    name = display_name.strip()[:DISPLAY_NAME_MAX_LENGTH]
    with _locked_room(join_code.room_id) as room:
        guests = room.participants.filter(user=None, registration=None).count()
        return RoomParticipant.objects.create(
            room=room,
            role=Role.PARTICIPANT,
            display_name=name or str(_("Guest %(number)s") % {"number": guests + 1}),
            language=language,
        )


def participant_set_language(*, participant: RoomParticipant, language: str) -> None:
    _refuse_unless(
        language in dict(settings.LANGUAGES),
        "language_unknown",
        _("That language is not offered here."),
    )
    participant.language = language
    participant.save(update_fields=["language"])


def connection_open(*, participant: RoomParticipant, channel_name: str) -> None:
    """Counts the room's recent connections under the room lock, so the limit holds."""
    with _locked_room(participant.room_id) as room:
        open_connections = selectors.live_connections(room.pk).count()
        _refuse_unless(
            open_connections < settings.LIVE_MAX_CONNECTIONS_PER_ROOM,
            "room_full",
            _("This room is full. Ask the facilitator for help."),
        )
        now = timezone.now()
        RoomConnection.objects.create(
            room=room, participant=participant, channel_name=channel_name, last_seen_at=now
        )


def connection_seen(*, channel_name: str) -> None:
    RoomConnection.objects.filter(channel_name=channel_name).update(last_seen_at=timezone.now())


def connection_close(*, channel_name: str) -> None:
    RoomConnection.objects.filter(channel_name=channel_name).delete()


# The facilitator's controls


def _timer_idle(room: LiveRoom) -> None:
    room.timer_ends_at = None
    room.timer_remaining_seconds = None


def _new_join_code(room: LiveRoom) -> JoinCode:
    now = timezone.now()
    active_codes = set(JoinCode.objects.filter(expires_at__gt=now).values_list("code", flat=True))
    while True:
        code = "".join(secrets.choice("0123456789") for _digit in range(JOIN_CODE_DIGITS))
        if code not in active_codes:
            break
    return JoinCode.objects.create(
        room=room,
        code=code,
        expires_at=now + timedelta(minutes=settings.LIVE_JOIN_CODE_MINUTES),
    )


def room_open(*, room_id: int, actor: RoomParticipant) -> RoomEvent:
    """Starts the session with the guide version that is current now."""
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.FACILITATOR)
        _refuse_unless(
            room.status == Status.WAITING, "already_started", _("The session has already started.")
        )
        guide = guide_for_session(room.session)
        version = current_version(guide) if guide else None
        _refuse_unless(
            version is not None and version.segments.exists(),
            "no_guide",
            _("There is no discussion guide for this session. Ask a coordinator to add one."),
        )
        room.guide_version = version
        room.status = Status.LIVE
        room.segment_index = 0
        room.started_at = timezone.now()
        _timer_idle(room)
        room.save()
        join_code = _new_join_code(room)
        _append(room, "join_code", selectors.join_code_data(join_code), actor)
        return _append(room, "opened", {"status": room.status}, actor)


def room_set_status(*, room_id: int, actor: RoomParticipant, status: str) -> RoomEvent:
    """Pauses, resumes or ends the room. Ending it stops the timer and lowers every hand."""
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.FACILITATOR)
        _require_open(room)
        allowed = {
            Status.PAUSED: room.status == Status.LIVE,
            Status.LIVE: room.status == Status.PAUSED,
            Status.ENDED: True,
        }
        _refuse_unless(
            allowed.get(status, False),
            "invalid_transition",
            _("The room cannot change to that state now."),
        )
        room.status = status
        fields = ["status"]
        if status == Status.ENDED:
            room.ended_at = timezone.now()
            _timer_idle(room)
            room.time_out = False
            room.go_round = {}
            fields += [
                "ended_at",
                "timer_ends_at",
                "timer_remaining_seconds",
                "time_out",
                "go_round",
            ]
            room.participants.filter(hand_raised_at__isnull=False).update(hand_raised_at=None)
            JoinCode.objects.filter(room=room, expires_at__gt=timezone.now()).update(
                expires_at=timezone.now()
            )
        room.save(update_fields=fields)
        if status == Status.ENDED:
            session_id = room.session_id
            transaction.on_commit(lambda: feedback_items_from_live_room(session_id=session_id))
        return _append(room, "status", {"status": status}, actor)


def segment_move(
    *, room_id: int, actor: RoomParticipant, step: int | None = None, index: int | None = None
) -> RoomEvent:
    """Goes `step` segments forward or back, or straight to `index`. The timer goes idle."""
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.FACILITATOR)
        _require_open(room)
        count = room.guide_version.segments.count()
        target = room.segment_index + step if index is None else index
        _refuse_unless(
            0 <= target < count,
            "no_such_segment",
            _("There is no segment there: the guide has %(count)s segments."),
            count=count,
        )
        room.segment_index = target
        _timer_idle(room)
        room.save(update_fields=["segment_index", "timer_ends_at", "timer_remaining_seconds"])
        return _append(
            room, "segment", {"index": target, "timer": selectors.timer_data(room)}, actor
        )


def timer_start(*, room_id: int, actor: RoomParticipant, minutes: int | None = None) -> RoomEvent:
    """Starts the timer for `minutes`, or the segment's suggested time; a paused timer resumes."""
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.FACILITATOR)
        _require_open(room)
        _refuse_unless(
            room.timer_ends_at is None, "timer_running", _("The timer is already running.")
        )
        now = timezone.now()
        if room.timer_remaining_seconds is not None and minutes is None:
            seconds = room.timer_remaining_seconds
        elif minutes is not None:
            seconds = minutes * 60
        else:
            segment = room.guide_version.segments.get(position=room.segment_index)
            seconds = segment.duration_minutes * 60
        room.timer_ends_at = now + timedelta(seconds=seconds)
        room.timer_remaining_seconds = None
        room.save(update_fields=["timer_ends_at", "timer_remaining_seconds"])
        return _append(room, "timer", {"timer": selectors.timer_data(room)}, actor)


def timer_pause(*, room_id: int, actor: RoomParticipant) -> RoomEvent:
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.FACILITATOR)
        _require_open(room)
        _refuse_unless(
            room.timer_ends_at is not None, "timer_not_running", _("The timer is not running.")
        )
        remaining = max(0, round((room.timer_ends_at - timezone.now()).total_seconds()))
        room.timer_ends_at = None
        room.timer_remaining_seconds = remaining
        room.save(update_fields=["timer_ends_at", "timer_remaining_seconds"])
        return _append(room, "timer", {"timer": selectors.timer_data(room)}, actor)


def timer_extend(*, room_id: int, actor: RoomParticipant, minutes: int) -> RoomEvent:
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.FACILITATOR)
        _require_open(room)
        _refuse_unless(
            1 <= minutes <= EXTEND_MAX_MINUTES,
            "invalid_minutes",
            _("Extend by 1 to %(most)s minutes."),
            most=EXTEND_MAX_MINUTES,
        )
        if room.timer_ends_at is not None:
            # A timer that ran out starts counting again from now.
            room.timer_ends_at = max(room.timer_ends_at, timezone.now()) + timedelta(
                minutes=minutes
            )
        elif room.timer_remaining_seconds is not None:
            room.timer_remaining_seconds += minutes * 60
        else:
            raise LiveRefusal("timer_not_started", _("Start the timer first."))
        room.save(update_fields=["timer_ends_at", "timer_remaining_seconds"])
        return _append(room, "timer", {"timer": selectors.timer_data(room)}, actor)


def time_out_set(*, room_id: int, actor: RoomParticipant, active: bool) -> RoomEvent:
    """A "time out": an agreement was broken and everyone pauses to return to the agreements."""
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.FACILITATOR)
        _require_open(room)
        room.time_out = active
        room.save(update_fields=["time_out"])
        return _append(room, "time_out", {"active": active}, actor)


# Go-rounds: everyone present speaks in turn, and anyone may pass.


def go_round_start(*, room_id: int, actor: RoomParticipant) -> RoomEvent:
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.FACILITATOR)
        _require_open(room)
        connected = selectors.live_connections(room.pk).values("participant_id")
        speakers = list(
            room.participants.filter(role=Role.PARTICIPANT, pk__in=connected).order_by(
                "joined_at", "pk"
            )
        )
        _refuse_unless(bool(speakers), "no_participants", _("No participants are connected yet."))
        room.go_round = {
            "order": [{"participant": seat.pk, "name": seat.display_name} for seat in speakers],
            "current": 0,
            "passed": [],
        }
        room.save(update_fields=["go_round"])
        return _append(room, "go_round", {"go_round": room.go_round}, actor)


def go_round_advance(*, room_id: int, actor: RoomParticipant, passed: bool) -> RoomEvent:
    """Moves to the next speaker; `passed` records that the current speaker passed.

    A participant may pass only on their own turn.
    """
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_open(room)
        go_round = room.go_round
        _refuse_unless(
            bool(go_round) and go_round.get("current") is not None,
            "no_go_round",
            _("No go-round is under way."),
        )
        speaker = go_round["order"][go_round["current"]]["participant"]
        if actor.role != Role.FACILITATOR:
            _refuse_unless(
                actor.role == Role.PARTICIPANT and passed and actor.pk == speaker,
                "not_allowed",
                _("You can pass only when it is your turn."),
            )
        if passed and speaker not in go_round["passed"]:
            go_round["passed"].append(speaker)
        following = go_round["current"] + 1
        go_round["current"] = following if following < len(go_round["order"]) else None
        room.go_round = go_round
        room.save(update_fields=["go_round"])
        return _append(room, "go_round", {"go_round": go_round}, actor)


def go_round_end(*, room_id: int, actor: RoomParticipant) -> RoomEvent:
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.FACILITATOR)
        _require_open(room)
        room.go_round = {}
        room.save(update_fields=["go_round"])
        return _append(room, "go_round", {"go_round": None}, actor)


# Hands


def _hands_event(room: LiveRoom, actor: RoomParticipant) -> RoomEvent:
    return _append(room, "hands", {"queue": selectors.hand_queue(room.pk)}, actor)


def hand_set(
    *, room_id: int, actor: RoomParticipant, raised: bool, participant_id: int | None = None
) -> RoomEvent:
    """Raises or lowers the actor's own hand; a facilitator may lower anyone's."""
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_open(room)
        if participant_id is None or participant_id == actor.pk:
            _require_role(actor, Role.PARTICIPANT)
            seat = actor
        else:
            _require_role(actor, Role.FACILITATOR)
            _refuse_unless(not raised, "not_allowed", _("Only participants raise their own hands."))
            seat = room.participants.filter(pk=participant_id).first()
            _refuse_unless(seat is not None, "not_found", _("That person is not in this room."))
        seat.hand_raised_at = timezone.now() if raised else None
        seat.save(update_fields=["hand_raised_at"])
        return _hands_event(room, actor)


# Contributions


@dataclass(frozen=True)
class Submitted:
    contribution: Contribution
    sequence: int
    created: bool


def contribution_submit(
    *, room_id: int, actor: RoomParticipant, client_id: str, text: str, anonymous: bool
) -> Submitted:
    """Stores a contribution before it is acknowledged. A retry with the same client id returns
    the stored contribution instead of a copy."""
    try:
        client_uuid = uuid.UUID(str(client_id))
    except ValueError:
        raise LiveRefusal(
            "invalid_client_id", _("Every contribution needs a client id (a UUID).")
        ) from None
    existing = Contribution.objects.filter(participant=actor, client_id=client_uuid).first()
    if existing is not None:
        return Submitted(existing, _sequence_of(existing), created=False)
    text = text.strip()
    _refuse_unless(bool(text), "empty", _("Write something first."))
    _refuse_unless(
        len(text) <= CONTRIBUTION_MAX_LENGTH,
        "too_long",
        _("A contribution can be at most %(limit)s characters."),
        limit=CONTRIBUTION_MAX_LENGTH,
    )
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.PARTICIPANT)
        _refuse_unless(
            room.status == Status.LIVE,
            "room_not_live",
            _("The room is not taking contributions right now. Your text is kept here."),
        )
        contribution = Contribution.objects.create(
            room=room,
            participant=actor,
            client_id=client_uuid,
            text=text,
            language=actor.language,
            anonymous=anonymous,
            segment_index=room.segment_index,
        )
        event = _append(
            room,
            "contribution",
            {"contribution": selectors.contribution_data(contribution)},
            actor,
        )
        return Submitted(contribution, event.sequence, created=True)


def _sequence_of(contribution: Contribution) -> int:
    event = RoomEvent.objects.filter(
        room_id=contribution.room_id,
        kind="contribution",
        data__contribution__id=contribution.pk,
    ).first()
    return event.sequence if event else 0


def _contribution_in(room: LiveRoom, contribution_id) -> Contribution:
    contribution = (
        Contribution.objects.filter(room=room, pk=contribution_id)
        .select_related("participant")
        .first()
        if isinstance(contribution_id, int)
        else None
    )
    _refuse_unless(
        contribution is not None, "not_found", _("There is no such contribution in this room.")
    )
    return contribution


def _is_public(contribution: Contribution) -> bool:
    return contribution.spotlighted_at is not None and contribution.hidden_at is None


def _contribution_updated(room, contribution, actor, *, was_public: bool) -> RoomEvent:
    """`was_public` tells participants' screens to drop a contribution the room no longer sees."""
    return _append(
        room,
        "contribution_updated",
        {"contribution": selectors.contribution_data(contribution), "was_public": was_public},
        actor,
    )


def contribution_hide(
    *, room_id: int, actor: RoomParticipant, contribution_id: int, reason: str
) -> RoomEvent:
    """Hides a contribution from the room. The text and the reason are kept."""
    reason = reason.strip()
    _refuse_unless(bool(reason), "reason_required", _("Say why you are hiding it."))
    _refuse_unless(
        len(reason) <= HIDE_REASON_MAX_LENGTH,
        "too_long",
        _("The reason can be at most %(limit)s characters."),
        limit=HIDE_REASON_MAX_LENGTH,
    )
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.FACILITATOR)
        contribution = _contribution_in(room, contribution_id)
        was_public = _is_public(contribution)
        contribution.hidden_at = timezone.now()
        contribution.hidden_by = actor
        contribution.hidden_reason = reason
        contribution.spotlighted_at = None
        contribution.save(
            update_fields=["hidden_at", "hidden_by", "hidden_reason", "spotlighted_at"]
        )
        return _contribution_updated(room, contribution, actor, was_public=was_public)


def contribution_restore(*, room_id: int, actor: RoomParticipant, contribution_id: int):
    """Shows a hidden contribution again; the event log keeps that it was hidden, and why."""
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.FACILITATOR)
        contribution = _contribution_in(room, contribution_id)
        was_public = _is_public(contribution)
        contribution.hidden_at = None
        contribution.hidden_by = None
        contribution.hidden_reason = ""
        contribution.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        return _contribution_updated(room, contribution, actor, was_public=was_public)


def contribution_spotlight(
    *, room_id: int, actor: RoomParticipant, contribution_id: int, on: bool
) -> RoomEvent:
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.FACILITATOR)
        contribution = _contribution_in(room, contribution_id)
        was_public = _is_public(contribution)
        _refuse_unless(
            not (on and contribution.hidden_at),
            "hidden",
            _("A hidden contribution cannot be spotlighted. Show it again first."),
        )
        contribution.spotlighted_at = timezone.now() if on else None
        contribution.save(update_fields=["spotlighted_at"])
        return _contribution_updated(room, contribution, actor, was_public=was_public)


def contribution_tag(
    *, room_id: int, actor: RoomParticipant, contribution_id: int, tag: str, add: bool
) -> RoomEvent:
    tag = " ".join(tag.split()).lower()
    _refuse_unless(
        0 < len(tag) <= TAG_MAX_LENGTH,
        "invalid_tag",
        _("A tag has 1 to %(limit)s characters."),
        limit=TAG_MAX_LENGTH,
    )
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.FACILITATOR)
        contribution = _contribution_in(room, contribution_id)
        was_public = _is_public(contribution)
        if add:
            ContributionTag.objects.get_or_create(
                contribution=contribution, tag=tag, defaults={"added_by": actor}
            )
        else:
            ContributionTag.objects.filter(contribution=contribution, tag=tag).delete()
        return _contribution_updated(room, contribution, actor, was_public=was_public)


def translation_add(
    *, room_id: int, actor: RoomParticipant, contribution_id: int, language: str, text: str
) -> RoomEvent:
    """An interpreter's rendering of a contribution in another language; a later one replaces
    it (the event log keeps both)."""
    text = text.strip()
    _refuse_unless(bool(text), "empty", _("Write the interpretation first."))
    _refuse_unless(
        len(text) <= TRANSLATION_MAX_LENGTH,
        "too_long",
        _("An interpretation can be at most %(limit)s characters."),
        limit=TRANSLATION_MAX_LENGTH,
    )
    _refuse_unless(
        language in dict(settings.LANGUAGES),
        "language_unknown",
        _("That language is not offered here."),
    )
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.INTERPRETER)
        contribution = _contribution_in(room, contribution_id)
        was_public = _is_public(contribution)
        _refuse_unless(
            language != contribution.language,
            "same_language",
            _("The contribution is already in that language."),
        )
        ContributionTranslation.objects.update_or_create(
            contribution=contribution,
            language=language,
            defaults={"text": text, "interpreter": actor},
        )
        return _contribution_updated(room, contribution, actor, was_public=was_public)


def join_code_renew(*, room_id: int, actor: RoomParticipant, force: bool) -> RoomEvent | None:
    """A new join code, when asked for or when the shown one is about to expire."""
    with _locked_room(room_id) as room:
        _check_actor(room, actor)
        _require_role(actor, Role.FACILITATOR)
        _require_open(room)
        newest = room.join_codes.order_by("-expires_at").first()
        if not force and newest and newest.expires_at > timezone.now() + JOIN_CODE_RENEW_BEFORE:
            return None
        return _append(room, "join_code", selectors.join_code_data(_new_join_code(room)), actor)
