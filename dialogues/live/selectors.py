"""Reads for live rooms: who may be in a room, snapshots, replays, and what each viewer sees."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role as AccountRole
from accounts.selectors import user_has_role
from commonground.languages import babel_locale
from commonground.multilingual import localized
from dialogues.guides.selectors import guide_version_for_session
from dialogues.models import (
    Attendance,
    Contribution,
    Dialogue,
    GuideSegment,
    GuideVersion,
    JoinCode,
    LiveRoom,
    Registration,
    RoomConnection,
    RoomEvent,
    RoomParticipant,
    Session,
)
from facilitators.models import LIVE_STATUSES, Assignment
from facilitators.selectors import Turn, interpreter_rotation

Role = RoomParticipant.Role
STAFF_ROLES = (Role.FACILITATOR, Role.INTERPRETER, Role.OBSERVER)
# A connection that has not pinged for this long belongs to a process that died.
CONNECTION_STALE_AFTER = timedelta(seconds=90)
# Beyond this many missed events a reconnecting client gets a snapshot instead of a replay.
REPLAY_LIMIT = 200


@dataclass(frozen=True)
class Viewer:
    participant_id: int
    role: str
    language: str

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


def viewer_of(seat: RoomParticipant) -> Viewer:
    return Viewer(seat.pk, seat.role, seat.language)


# Who may come in


@dataclass(frozen=True)
class SeatClaim:
    """What someone may be in a room, before they have a seat."""

    role: str
    registration: Registration | None = None


def seat_claim(*, session: Session, user) -> SeatClaim | None:
    """An account's place in a session's room: its facilitators control it, its interpreters
    interpret, coordinators observe, and registered residents take part once checked in (or
    straight away when the dialogue meets online)."""
    if user is None or not user.is_authenticated:
        return None
    assignments = Assignment.objects.filter(
        person=user, dialogue_id=session.dialogue_id, status__in=LIVE_STATUSES
    )
    if assignments.filter(session__isnull=True).exists():
        return SeatClaim(Role.FACILITATOR)
    if assignments.filter(session=session, role=Assignment.Role.INTERPRETER).exists():
        return SeatClaim(Role.INTERPRETER)
    if user_has_role(user, AccountRole.COORDINATOR):
        return SeatClaim(Role.OBSERVER)
    registration = Registration.objects.filter(
        dialogue_id=session.dialogue_id, user=user, status=Registration.Status.CONFIRMED
    ).first()
    if registration is None:
        return None
    checked_in = Attendance.objects.filter(session=session, registration=registration).exists()
    if checked_in or session.dialogue.mode != Dialogue.Mode.IN_PERSON:
        return SeatClaim(Role.PARTICIPANT, registration)
    return None


def guest_seat(*, session: Session, seat_id: int | None) -> RoomParticipant | None:
    """A walk-in's seat, from their browser session; only ever in the room it was made for."""
    if seat_id is None:
        return None
    return RoomParticipant.objects.filter(
        pk=seat_id, room__session=session, user=None, registration=None
    ).first()


# Presence


def live_connections(room_id: int) -> QuerySet[RoomConnection]:
    return RoomConnection.objects.filter(
        room_id=room_id, last_seen_at__gt=timezone.now() - CONNECTION_STALE_AFTER
    )


def presence(room_id: int) -> dict:
    """Who is connected now, as counts: participants by language, and staff by role."""
    seats = (
        RoomParticipant.objects.filter(pk__in=live_connections(room_id).values("participant_id"))
        .values("role", "language")
        .annotate(count=Count("pk"))
    )
    by_language: dict[str, int] = {}
    by_role: dict[str, int] = {}
    for row in seats:
        by_role[row["role"]] = by_role.get(row["role"], 0) + row["count"]
        if row["role"] == Role.PARTICIPANT:
            by_language[row["language"]] = by_language.get(row["language"], 0) + row["count"]
    return {
        "participants": by_role.get(Role.PARTICIPANT, 0),
        "by_language": dict(sorted(by_language.items(), key=lambda item: -item[1])),
        "by_role": by_role,
    }


# Event data, written once into the log in the form staff see it


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def timer_data(room: LiveRoom) -> dict:
    if room.timer_ends_at is not None:
        return {"state": "running", "ends_at": _iso(room.timer_ends_at), "remaining_seconds": None}
    if room.timer_remaining_seconds is not None:
        return {
            "state": "paused",
            "ends_at": None,
            "remaining_seconds": room.timer_remaining_seconds,
        }
    return {"state": "idle", "ends_at": None, "remaining_seconds": None}


def join_code_data(join_code: JoinCode) -> dict:
    return {"code": join_code.code, "expires_at": _iso(join_code.expires_at)}


def contribution_data(contribution: Contribution) -> dict:
    return {
        "id": contribution.pk,
        "author": contribution.participant_id,
        "author_name": contribution.participant.display_name,
        "anonymous": contribution.anonymous,
        "text": contribution.text,
        "language": contribution.language,
        "segment_index": contribution.segment_index,
        "created_at": _iso(contribution.created_at),
        "hidden": contribution.hidden_at is not None,
        "hidden_reason": contribution.hidden_reason,
        "spotlighted": contribution.spotlighted_at is not None,
        "tags": sorted(tag.tag for tag in contribution.tags.all()),
        "translations": {
            translation.language: translation.text
            for translation in contribution.translations.all()
        },
    }


def hand_queue(room_id: int) -> list[dict]:
    seats = RoomParticipant.objects.filter(room_id=room_id, hand_raised_at__isnull=False).order_by(
        "hand_raised_at", "pk"
    )
    return [
        {"participant": seat.pk, "name": seat.display_name, "raised_at": _iso(seat.hand_raised_at)}
        for seat in seats
    ]


def event_payload(event: RoomEvent) -> dict:
    return {
        "sequence": event.sequence,
        "kind": event.kind,
        "data": event.data,
        "at": _iso(event.created_at),
    }


# What each viewer sees


def _contribution_for_participant(contribution: dict, viewer: Viewer) -> dict | None:
    """A participant sees their own contributions and the spotlighted ones; never tags, reasons
    for hiding, or the name of someone who chose to be anonymous."""
    mine = contribution["author"] == viewer.participant_id
    public = contribution["spotlighted"] and not contribution["hidden"]
    if not (mine or public):
        return None
    return {
        "id": contribution["id"],
        "text": contribution["text"],
        "language": contribution["language"],
        "author_name": None if contribution["anonymous"] else contribution["author_name"],
        "anonymous": contribution["anonymous"],
        "mine": mine,
        "hidden": contribution["hidden"],
        "spotlighted": public,
        "created_at": contribution["created_at"],
        "translations": contribution["translations"],
    }


def _feedback_url(session_id: int, language: str) -> str:
    with translation.override(language):
        return reverse("feedback:session_feedback", args=[session_id])


def project(payload: dict, viewer: Viewer, session_id: int) -> dict | None:
    """The frame for one viewer, or None when the event is not for them."""
    kind, data = payload["kind"], payload["data"]
    if kind == "status" and data["status"] == LiveRoom.Status.ENDED:
        data = {**data, "feedback_url": _feedback_url(session_id, viewer.language)}
    elif kind == "join_code" and viewer.role not in (Role.FACILITATOR, Role.OBSERVER):
        return None
    elif viewer.is_staff:
        pass
    elif kind in ("contribution", "contribution_updated"):
        visible = _contribution_for_participant(data["contribution"], viewer)
        if visible is None:
            if not data.get("was_public"):
                return None
            visible = {"id": data["contribution"]["id"], "removed": True}
        data = {"contribution": visible}
    elif kind == "hands":
        queue = [entry["participant"] for entry in data["queue"]]
        data = {"you_raised": viewer.participant_id in queue}
    return {"type": "event", **payload, "data": data}


def events_after(room_id: int, sequence: int, until: int | None = None) -> list[dict]:
    events = RoomEvent.objects.filter(room_id=room_id, sequence__gt=sequence).order_by("sequence")
    if until is not None:
        events = events.filter(sequence__lte=until)
    return [event_payload(event) for event in events]


def _text(value: dict, language: str, primary: str) -> dict:
    text = localized(value, language, primary)
    return {
        "text": text.text,
        "language": text.language,
        "fallback": text.is_fallback,
        "lang": str(babel_locale(text.language)).replace("_", "-"),
        "dir": "rtl" if text.language in settings.LANGUAGES_BIDI else "ltr",
    }


def _segments(version: GuideVersion | None, viewer: Viewer) -> list[dict]:
    if version is None:
        return []
    with_notes = viewer.role in (Role.FACILITATOR, Role.OBSERVER)
    return list(_version_segments(version.pk, version.created_at, viewer.language, with_notes))


# A saved version never changes, so its segments in each language are read once per process
# (the save time is part of the key because a rolled-back test can reuse a version's id). When a
# room opens, every phone in it asks for them at once.
@lru_cache(maxsize=512)
def _version_segments(
    version_id: int, saved_at: datetime, language: str, with_notes: bool
) -> tuple[dict, ...]:
    version = GuideVersion.objects.select_related("guide").get(pk=version_id)
    primary = version.guide.primary_language
    segments = []
    with translation.override(language):
        for segment in version.segments.all():
            entry = {
                "index": segment.position,
                "kind": segment.kind,
                "kind_label": str(GuideSegment.Kind(segment.kind).label),
                "duration_minutes": segment.duration_minutes,
                "title": _text(segment.title, language, primary),
                "prompt": _text(segment.prompt, language, primary),
            }
            if with_notes:
                entry["notes"] = _text(segment.facilitator_notes, language, primary)
            segments.append(entry)
    return tuple(segments)


def snapshot(room_id: int, viewer: Viewer) -> dict:
    """The whole state of the room as this viewer sees it, read in one go."""
    room = LiveRoom.objects.select_related(
        "guide_version__guide", "session__dialogue__program"
    ).get(pk=room_id)
    # Staff preview the guide the session will start with; participants wait for it.
    version = guide_version_for_session(room.session) if viewer.is_staff else room.guide_version
    contributions = (
        Contribution.objects.filter(room=room)
        .select_related("participant")
        .prefetch_related("tags", "translations")
        .order_by("created_at", "pk")
    )
    if not viewer.is_staff:
        contributions = contributions.filter(
            Q(participant_id=viewer.participant_id)
            | Q(spotlighted_at__isnull=False, hidden_at__isnull=True)
        )
    you = RoomParticipant.objects.get(pk=viewer.participant_id)
    state = {
        "room": room.pk,
        "session": room.session_id,
        "status": room.status,
        "role": viewer.role,
        "language": viewer.language,
        "you": {"participant": you.pk, "name": you.display_name},
        "guide_version": version.number if version else None,
        "segments": _segments(version, viewer),
        "segment_index": room.segment_index,
        "timer": timer_data(room),
        "time_out": room.time_out,
        "go_round": room.go_round or None,
        "contributions": [],
    }
    for contribution in contributions:
        data = contribution_data(contribution)
        shown = data if viewer.is_staff else _contribution_for_participant(data, viewer)
        if shown is not None:
            state["contributions"].append(shown)
    queue = hand_queue(room.pk)
    if viewer.is_staff:
        state["hands"] = queue
        state["presence"] = presence(room.pk)
    else:
        state["you"]["hand_raised"] = any(e["participant"] == you.pk for e in queue)
    if viewer.role in (Role.FACILITATOR, Role.OBSERVER):
        join_code = room.join_codes.filter(expires_at__gt=timezone.now()).first()
        state["join_code"] = join_code_data(join_code) if join_code else None
    if room.status == LiveRoom.Status.ENDED:
        state["feedback_url"] = _feedback_url(room.session_id, viewer.language)
    return {
        "type": "snapshot",
        "sequence": room.last_sequence,
        "server_time": _iso(timezone.now()),
        "state": state,
    }


def last_sequence(room_id: int) -> int:
    return LiveRoom.objects.values_list("last_sequence", flat=True).get(pk=room_id)


def interpreter_turns(session: Session) -> dict[str, list]:
    """Each interpreted language's rotation between its interpreters (see #5's 30-minute turns)."""
    assignments = (
        Assignment.objects.filter(
            session=session, role=Assignment.Role.INTERPRETER, status__in=LIVE_STATUSES
        )
        .select_related("person", "language")
        .order_by("language__code", "pk")
    )
    by_language: dict[str, list] = {}
    for assignment in assignments:
        by_language.setdefault(assignment.language.code, []).append(assignment.person)
    return {
        code: interpreter_rotation(session, people)
        or [Turn(session.starts_at, session.ends_at, people[0])]
        for code, people in by_language.items()
    }


def projector_languages_default(session: Session) -> list[str]:
    """The dialogue's language first, then the most requested interpretation languages."""
    chosen = [session.dialogue.primary_language.code]
    requested = (
        Registration.objects.filter(
            dialogue=session.dialogue,
            status=Registration.Status.CONFIRMED,
            interpretation_language__isnull=False,
        )
        .values("interpretation_language__code")
        .annotate(count=Count("pk"))
        .order_by("-count", "interpretation_language__code")
    )
    configured = dict(settings.LANGUAGES)
    for row in requested:
        code = row["interpretation_language__code"]
        if code in configured and code not in chosen:
            chosen.append(code)
    return chosen[:3]


def projector_guide(session: Session, languages: list[str]) -> dict:
    """Every segment's title and prompt in each projector language. A snapshot carries the
    guide in one language only, and a projector is one seat: switching that seat's language
    per column would also switch the facilitator's console."""
    version = guide_version_for_session(session)
    if version is None:
        return {"version": None, "languages": {}}
    return {
        "version": version.number,
        "languages": {
            code: [
                {key: segment[key] for key in ("index", "title", "prompt")}
                for segment in _version_segments(version.pk, version.created_at, code, False)
            ]
            for code in languages
        },
    }
