"""Live room fan-out: how long a facilitator's prompt change takes to reach every phone.

Starts daphne with the Redis channel layer against PostgreSQL (a database of the benchmark's
own), creates rooms of walk-in participants (N = 100, 500 and 1,000 in one room, and 10 rooms
of 100 at once), opens their WebSockets from this process (asyncio + websockets), and has each
room's facilitator send `room_open` and then `segment_next` 20 times, waiting until the event
has reached everyone before the next. Prints p50, p99 and max latency from the send to each
client's receipt, and counts missed and duplicated prompts, which must be zero: every client
must receive indices 1 to 20 exactly once.

The baseline, measured in the same run with the same clients, is a bare Channels consumer
(bench/fanout_asgi.py, under its own daphne on the same Redis) that group-sends a frame of the
same size to the same number of clients. The ratio of our p99 to its p99 is what the live
room's guarantees cost (the database write, the sequence check, the per-viewer projection).

Then 200 participants contribute 50 times a second for 10 s (each client once every 4 s, under
the one-per-2-s limit), and the ack round trip is measured against the bare consumer's echo.

Clients and servers share this machine, so a slow client loop shows up in both columns; the
client's CPU time is printed. Needs PostgreSQL (BENCH_DATABASE_URL, see bench/support.py) and
Redis (BENCH_REDIS_URL, by default redis://127.0.0.1:6379/12). Run it with `make bench`.
"""

import asyncio
import contextlib
import json
import math
import os
import resource
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.support import DATABASE_URL, daphne, ensure_database  # noqa: E402

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
PROMPT_CHANGES = 20
SIZES = tuple(int(n) for n in os.environ.get("BENCH_LIVE_SIZES", "100,500,1000").split(","))
ROOMS_AT_ONCE = 10
ROOM_SIZE_AT_ONCE = 100
CONTRIBUTORS = 200
CONTRIBUTIONS_PER_SECOND = 50
CONTRIBUTION_SECONDS = 10
CONNECTING_AT_ONCE = 50
TIMEOUT = 30
ROUND_TIMEOUT = 10
OPEN_TIMEOUT = 120
SETTLE_TIMEOUT = 10
LANGUAGES = ("es", "en", "zh-hans", "vi")
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "commonground.settings",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "BACKGROUND_TASKS": "database",
    "EMAIL_PROVIDER": "locmem",
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "LIVE_MAX_CONNECTIONS_PER_ROOM": str(max(*SIZES, ROOM_SIZE_AT_ONCE, CONTRIBUTORS) + 50),
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENVIRONMENT)
# A thousand sockets at each end: raise the open-file limit, for daphne too.
_soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(_hard, 65536), _hard))
ensure_database()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session as HttpSession  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection as db_connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from accounts.services import user_create  # noqa: E402
from dialogues.live import services  # noqa: E402
from dialogues.live.consumers import GUEST_SEATS_SESSION_KEY  # noqa: E402
from dialogues.models import (  # noqa: E402
    Dialogue,
    DiscussionGuide,
    GuideSegment,
    GuideVersion,
    Language,
    Neighborhood,
    Program,
    RoomConnection,
    RoomParticipant,
    Session,
    Venue,
)
from facilitators.models import Assignment  # noqa: E402

# The data: a guide, sessions, a facilitator and walk-in seats, with Django sessions to match


def bench_guide() -> DiscussionGuide:
    guide = DiscussionGuide.objects.create(name={"en": "Bench guide"})
    version = GuideVersion.objects.create(guide=guide, number=1)
    kinds = list(GuideSegment.Kind)
    GuideSegment.objects.bulk_create(
        GuideSegment(
            version=version,
            position=position,
            kind=kinds[position % len(kinds)],
            duration_minutes=5,
            title={"en": f"Segment {position}", "es": f"Segmento {position}"},
            prompt={
                "en": f"What did you notice in part {position} of our conversation?",
                "es": f"¿Qué notó en la parte {position} de nuestra conversación?",
                "zh-hans": f"在我们谈话的第{position}部分中，您注意到了什么？",  # noqa: RUF001
            },
            facilitator_notes={"en": "Give everyone a turn."},
        )
        for position in range(PROMPT_CHANGES + 1)
    )
    return guide


def http_sessions(data: list[dict]) -> list[str]:
    """Django sessions holding `data`, saved at once; their keys are the cookie values."""
    store = SessionStore()
    expire = timezone.now() + timedelta(days=1)
    rows = [
        HttpSession(
            session_key=get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789"),
            session_data=store.encode(values),
            expire_date=expire,
        )
        for values in data
    ]
    HttpSession.objects.bulk_create(rows)
    return [row.session_key for row in rows]


@dataclass
class RoomData:
    session_id: int
    facilitator_cookie: str
    guest_cookies: list[str]


def fresh_room(guide: DiscussionGuide, participants: int) -> RoomData:
    neighborhood, _ = Neighborhood.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    venue, _ = Venue.objects.get_or_create(
        name="Bench Hall",
        defaults={"neighborhood": neighborhood, "address": "1 Bench St", "capacity": 40},
    )
    program, _ = Program.objects.update_or_create(
        slug="bench-live", defaults={"name": {"en": "Bench live"}, "discussion_guide": guide}
    )
    dialogue = Dialogue.objects.create(
        program=program,
        format=Dialogue.Format.DROP_IN,
        neighborhood=neighborhood,
        venue=venue,
        mode=Dialogue.Mode.IN_PERSON,
        primary_language=Language.objects.get(code="en"),
        capacity=12,
        status=Dialogue.Status.OPEN,
    )
    starts_at = timezone.now()
    session = Session.objects.create(
        dialogue=dialogue, number=1, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )
    lead = user_create(
        email=f"bench-lead-{uuid.uuid4().hex}@example.org", display_name="Lena", password=None
    )
    Assignment.objects.create(
        dialogue=dialogue, person=lead, role=Assignment.Role.LEAD, status="accepted"
    )
    room = services.room_ensure(session)
    seats = RoomParticipant.objects.bulk_create(
        RoomParticipant(
            room=room,
            role=RoomParticipant.Role.PARTICIPANT,
            display_name=f"Guest {number + 1}",
            language=LANGUAGES[number % len(LANGUAGES)],
        )
        for number in range(participants)
    )
    (facilitator_cookie,) = http_sessions(
        [
            {
                SESSION_KEY: str(lead.pk),
                BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                HASH_SESSION_KEY: lead.get_session_auth_hash(),
            }
        ]
    )
    guest_cookies = http_sessions(
        [{GUEST_SEATS_SESSION_KEY: {str(session.pk): seat.pk}} for seat in seats]
    )
    return RoomData(session.pk, facilitator_cookie, guest_cookies)


# The clients


class Tally:
    """How many clients of one room have received each index; wakes whoever waits for all."""

    def __init__(self, size: int):
        self.size = size
        self.counts: Counter[int] = Counter()
        self.complete: dict[int, asyncio.Event] = {}

    def add(self, index: int) -> None:
        self.counts[index] += 1
        if self.counts[index] >= self.size:
            self.done(index).set()

    def done(self, index: int) -> asyncio.Event:
        return self.complete.setdefault(index, asyncio.Event())


@dataclass
class Client:
    connection: object
    tally: Tally | None
    segments: list[tuple[int, float]] = field(default_factory=list)
    acks: dict[str, float] = field(default_factory=dict)
    snapshots: int = 0
    last_snapshot_at: float = 0.0
    contributions_seen: dict[str, float] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    snapshot_arrived: asyncio.Event = field(default_factory=asyncio.Event)
    reader: asyncio.Task | None = None

    async def read(self) -> None:
        try:
            async for raw in self.connection:
                now = time.perf_counter()
                frame = json.loads(raw)
                kind = frame["type"]
                if kind == "event":
                    if frame["kind"] == "segment":
                        index = frame["data"]["index"]
                        self.segments.append((index, now))
                        if self.tally is not None:
                            self.tally.add(index)
                    elif frame["kind"] == "contribution":
                        self.contributions_seen[frame["data"]["contribution"]["text"]] = now
                elif kind == "ack":
                    self.acks[frame["client_id"]] = now
                    if frame.get("duplicate"):
                        self.errors.append(frame)
                elif kind == "snapshot":
                    self.snapshots += 1
                    self.last_snapshot_at = now
                    self.snapshot_arrived.set()
                elif kind == "error":
                    self.errors.append(frame)
        except Exception as error:  # a dropped connection is a result, not a crash
            self.errors.append({"type": "closed", "error": repr(error)})

    async def send(self, **frame) -> None:
        await self.connection.send(json.dumps(frame))


async def open_client(
    url: str, cookie: str | None, tally: Tally | None, gate: asyncio.Semaphore, hello: bool
) -> Client:
    async with gate:
        connection = await connect(
            url,
            origin=url.replace("ws://", "http://").split("/ws/")[0],
            additional_headers={"Cookie": f"sessionid={cookie}"} if cookie else None,
            compression=None,
            ping_interval=None,
            open_timeout=TIMEOUT,
            max_queue=None,
        )
        client = Client(connection, tally)
        client.reader = asyncio.create_task(client.read())
        if hello:
            await client.send(type="hello", last_sequence=None)
            await asyncio.wait_for(client.snapshot_arrived.wait(), TIMEOUT)
    return client


async def close_all(clients: list[Client]) -> None:
    """Closes the clients a batch at a time. All at once, the server's group_discard calls
    exhaust redis-py's pool of 100 connections per process and fail ("Too many connections")."""
    for start in range(0, len(clients), CONNECTING_AT_ONCE):
        batch = clients[start : start + CONNECTING_AT_ONCE]
        await asyncio.gather(*(client.connection.close() for client in batch))
    await asyncio.gather(*(client.reader for client in clients))


def bare_frame(index: int) -> str:
    """A frame the size and shape of the segment event a participant receives."""
    frame = {
        "type": "event",
        "sequence": index + 2,
        "kind": "segment",
        "data": {
            "index": index,
            "timer": {"state": "idle", "ends_at": None, "remaining_seconds": None},
        },
        "at": datetime.now(UTC).isoformat(),
    }
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)


# Measuring


@dataclass
class Result:
    latencies: list[float]
    missed: int
    duplicated: int
    clients: int
    client_cpu: float
    elapsed: float
    errors: int = 0
    connect_seconds: float = math.nan
    disconnect_seconds: float = math.nan
    left_behind: int = 0
    open_seconds: tuple[float, int] = (math.nan, 0)

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)] * 1000 if ordered else math.nan

    @property
    def p50(self) -> float:
        return self.quantile(0.5)

    @property
    def p99(self) -> float:
        return self.quantile(0.99)

    @property
    def max(self) -> float:
        return max(self.latencies) * 1000 if self.latencies else math.nan


def prompt_result(groups: list[tuple[list[Client], dict[int, float]]], cpu, elapsed) -> Result:
    """Latency of every receipt from its send; missed and duplicated indices per client."""
    latencies, missed, duplicated, clients, errors = [], 0, 0, 0, 0
    expected = set(range(1, PROMPT_CHANGES + 1))
    for members, sent_at in groups:
        for client in members:
            clients += 1
            errors += len(client.errors)
            counts = Counter(index for index, _at in client.segments)
            missed += len(expected - set(counts))
            duplicated += sum(count - 1 for count in counts.values() if count > 1)
            duplicated += sum(count for index, count in counts.items() if index not in expected)
            latencies += [at - sent_at[index] for index, at in client.segments if index in sent_at]
    return Result(latencies, missed, duplicated, clients, cpu, elapsed, errors)


async def change_prompts(rooms: list[tuple[Client, Tally]], trigger) -> list[dict[int, float]]:
    """Each room's facilitator moves to the next prompt 20 times; the rooms move at once, and
    the next change waits until the last has reached everyone."""
    sent_at: list[dict[int, float]] = [{} for _room in rooms]
    for index in range(1, PROMPT_CHANGES + 1):
        for number, (facilitator, _tally) in enumerate(rooms):
            sent_at[number][index] = time.perf_counter()
            await trigger(facilitator, index)
        for _facilitator, tally in rooms:
            with contextlib.suppress(TimeoutError):  # a client still waiting is counted missed
                await asyncio.wait_for(tally.done(index).wait(), ROUND_TIMEOUT)
        await asyncio.sleep(0.05)
    return sent_at


async def live_prompts(base_url: str, rooms: list[RoomData]) -> Result:
    ws_url = base_url.replace("http://", "ws://")
    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)
    groups = []
    connecting = time.perf_counter()
    for room in rooms:
        url = f"{ws_url}/ws/live/{room.session_id}/"
        tally = Tally(len(room.guest_cookies) + 1)
        facilitator = await open_client(url, room.facilitator_cookie, tally, gate, hello=True)
        guests = await asyncio.gather(
            *(open_client(url, cookie, tally, gate, hello=True) for cookie in room.guest_cookies)
        )
        groups.append((facilitator, tally, [facilitator, *guests]))
    everyone = [client for _f, _t, members in groups for client in members]
    connected_in = time.perf_counter() - connecting

    # Opening sends everyone a snapshot in their language, read from the database per viewer;
    # the prompt changes start once every snapshot has arrived.
    opened_at = time.perf_counter()
    for facilitator, _tally, _members in groups:
        await facilitator.send(type="room_open")
    deadline = time.monotonic() + OPEN_TIMEOUT
    while any(client.snapshots < 2 for client in everyone) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    opened = [c.last_snapshot_at - opened_at for c in everyone if c.snapshots >= 2]

    async def segment_next(facilitator: Client, _index: int) -> None:
        await facilitator.send(type="segment_next")

    cpu, started = time.process_time(), time.perf_counter()
    sent_at = await change_prompts([(f, t) for f, t, _m in groups], segment_next)
    cpu, elapsed = time.process_time() - cpu, time.perf_counter() - started
    closing = time.perf_counter()
    await close_all(everyone)
    left_behind = await settle(rooms)
    disconnected_in = time.perf_counter() - closing
    result = prompt_result(
        [(members, sent) for (_f, _t, members), sent in zip(groups, sent_at, strict=True)],
        cpu,
        elapsed,
    )
    result.connect_seconds = connected_in
    result.open_seconds = (max(opened) if opened else math.nan, len(everyone) - len(opened))
    result.disconnect_seconds = disconnected_in
    result.left_behind = left_behind
    return result


async def settle(rooms: list[RoomData]) -> int:
    """Waits until the server has handled every disconnect, so that the next scenario does not
    queue behind this one's; returns how many connection rows it left behind."""

    def open_connections() -> int:
        try:
            return RoomConnection.objects.filter(
                room__session_id__in=[room.session_id for room in rooms]
            ).count()
        finally:
            db_connection.close()

    deadline = time.monotonic() + SETTLE_TIMEOUT
    while (left := await asyncio.to_thread(open_connections)) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    return left


async def bare_prompts(base_url: str, sizes: list[int]) -> Result:
    ws_url = base_url.replace("http://", "ws://")
    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)
    run = uuid.uuid4().hex[:8]
    groups = []
    connecting = time.perf_counter()
    for number, size in enumerate(sizes):
        url = f"{ws_url}/ws/fanout/{run}-{number}/"
        tally = Tally(size + 1)
        members = await asyncio.gather(
            *(open_client(url, None, tally, gate, hello=False) for _seat in range(size + 1))
        )
        groups.append((members[0], tally, members))
    everyone = [client for _f, _t, members in groups for client in members]
    connected_in = time.perf_counter() - connecting

    async def trigger(facilitator: Client, index: int) -> None:
        await facilitator.send(type="trigger", broadcast=bare_frame(index))

    cpu, started = time.process_time(), time.perf_counter()
    sent_at = await change_prompts([(f, t) for f, t, _m in groups], trigger)
    cpu, elapsed = time.process_time() - cpu, time.perf_counter() - started
    await close_all(everyone)
    result = prompt_result(
        [(members, sent) for (_f, _t, members), sent in zip(groups, sent_at, strict=True)],
        cpu,
        elapsed,
    )
    result.connect_seconds = connected_in
    return result


async def round_trips(
    url: str, contributors: list[Client], frame: dict
) -> tuple[Result, dict[str, float]]:
    """CONTRIBUTIONS_PER_SECOND frames a second, round-robin over the contributors, on a fixed
    schedule; the latency is from each send to its ack. Also returns when each text was sent."""
    total = CONTRIBUTIONS_PER_SECOND * CONTRIBUTION_SECONDS
    sent: dict[str, tuple[Client, float]] = {}
    texts: dict[str, float] = {}
    cpu, started = time.process_time(), time.perf_counter()
    for number in range(total):
        delay = started + number / CONTRIBUTIONS_PER_SECOND - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        client = contributors[number % len(contributors)]
        client_id, text = str(uuid.uuid4()), f"Contribution {number}"
        sent[client_id] = (client, time.perf_counter())
        texts[text] = sent[client_id][1]
        await client.send(**frame, client_id=client_id, text=text)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and any(
        client_id not in client.acks for client_id, (client, _at) in sent.items()
    ):
        await asyncio.sleep(0.05)
    cpu, elapsed = time.process_time() - cpu, time.perf_counter() - started
    latencies = [
        client.acks[client_id] - at
        for client_id, (client, at) in sent.items()
        if client_id in client.acks
    ]
    errors = sum(len(client.errors) for client in contributors)
    codes = Counter(error.get("code", error["type"]) for c in contributors for error in c.errors)
    if codes:
        print(f"{'':<26}error frames: {dict(codes)}")
    result = Result(latencies, total - len(latencies), 0, len(contributors), cpu, elapsed, errors)
    return result, texts


async def live_contributions(base_url: str, room: RoomData) -> tuple[Result, Result]:
    url = f"{base_url.replace('http://', 'ws://')}/ws/live/{room.session_id}/"
    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)
    connecting = time.perf_counter()
    facilitator = await open_client(url, room.facilitator_cookie, None, gate, hello=True)
    guests = await asyncio.gather(
        *(open_client(url, cookie, None, gate, hello=True) for cookie in room.guest_cookies)
    )
    connected_in = time.perf_counter() - connecting
    await facilitator.send(type="room_open")
    deadline = time.monotonic() + TIMEOUT
    while facilitator.snapshots < 2 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    result, texts = await round_trips(url, guests, {"type": "contribute"})
    deadline = time.monotonic() + ROUND_TIMEOUT
    while len(facilitator.contributions_seen) < len(texts) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    seen = Result(
        [at - texts[text] for text, at in facilitator.contributions_seen.items()],
        len(texts) - len(facilitator.contributions_seen),
        0,
        1,
        result.client_cpu,
        result.elapsed,
    )
    await close_all([facilitator, *guests])
    result.left_behind = await settle([room])
    result.connect_seconds = connected_in
    return result, seen


async def bare_contributions(base_url: str) -> Result:
    url = f"{base_url.replace('http://', 'ws://')}/ws/fanout/{uuid.uuid4().hex[:8]}/"
    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)
    connecting = time.perf_counter()
    members = await asyncio.gather(
        *(open_client(url, None, None, gate, hello=False) for _seat in range(CONTRIBUTORS + 1))
    )
    connected_in = time.perf_counter() - connecting
    result, _texts = await round_trips(url, members[1:], {"type": "echo"})
    await close_all(members)
    result.connect_seconds = connected_in
    return result


# Reporting

HEADER = (
    f"{'':<26}{'clients':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
    f"{'missed':>8}{'dup':>5}{'errors':>7}{'client cpu':>14}{'connect':>10}"
)


def row(label: str, result: Result) -> None:
    cpu = f"{result.client_cpu:.1f}/{result.elapsed:.1f} s"
    print(
        f"{label:<26}{result.clients:>8}{result.p50:>9.1f}{result.p99:>9.1f}{result.max:>9.1f}"
        f"{result.missed:>8}{result.duplicated:>5}{result.errors:>7}{cpu:>14}"
        f"{result.connect_seconds:>9.1f}s",
        flush=True,
    )


def scenarios(guide: DiscussionGuide) -> list[tuple[str, list[RoomData]]]:
    """The rooms of every scenario, created before any client connects."""
    plan = [(f"1 room of {size}", [size]) for size in SIZES]
    plan.append(
        (f"{ROOMS_AT_ONCE} rooms of {ROOM_SIZE_AT_ONCE}", [ROOM_SIZE_AT_ONCE] * ROOMS_AT_ONCE)
    )
    return [(label, [fresh_room(guide, size) for size in sizes]) for label, sizes in plan]


async def measure(
    live_url: str, bare_url: str, plan: list[tuple[str, list[RoomData]]], contributors: RoomData
) -> list[str]:
    problems = []
    print(f"prompt changes: {PROMPT_CHANGES} segment_next per room, latency send -> receipt")
    print(HEADER)
    for label, rooms in plan:
        bare = await bare_prompts(bare_url, [len(room.guest_cookies) for room in rooms])
        row(f"{label}: bare", bare)
        ours = await live_prompts(live_url, rooms)
        row(f"{label}: live room", ours)
        ratio = ours.p99 / bare.p99
        print(
            f"{'':<26}p99 ratio to bare {ratio:.2f}x (aim <= 1.5x)\n"
            f"{'':<26}room_open: last snapshot after {ours.open_seconds[0]:.1f} s"
            f" ({ours.open_seconds[1]} never came); disconnects handled in "
            f"{ours.disconnect_seconds:.1f} s, {ours.left_behind} connection rows left behind",
            flush=True,
        )
        if ours.missed or ours.duplicated or ours.errors:
            problems.append(
                f"{label}: {ours.missed} missed, {ours.duplicated} duplicated, {ours.errors} errors"
            )

    print(
        f"\ncontributions: {CONTRIBUTIONS_PER_SECOND}/s for {CONTRIBUTION_SECONDS} s over "
        f"{CONTRIBUTORS} clients, latency send -> ack"
    )
    print(HEADER)
    bare = await bare_contributions(bare_url)
    row("bare echo", bare)
    ours, seen = await live_contributions(live_url, contributors)
    row("live room contribute", ours)
    row("  reaching the facilitator", seen)
    print(
        f"{'':<26}ack p99 ratio to bare {ours.p99 / bare.p99:.2f}x; "
        f"{ours.left_behind} connection rows left behind"
    )
    if seen.missed:
        # A time limit, not a failure: the events are in the log and arrive late.
        print(
            f"{'':<26}{seen.missed} contributions had not reached the facilitator "
            f"{ROUND_TIMEOUT} s after the last ack"
        )
    if ours.missed or ours.errors:
        problems.append(f"contributions: {ours.missed} without an ack, {ours.errors} errors")
    return problems


def main() -> None:
    call_command("migrate", verbosity=0)
    print(
        "live fan-out: one daphne process, Redis channel layer, PostgreSQL; "
        f"clients in one asyncio process on the same machine ({os.cpu_count()} CPUs)\n"
    )
    guide = bench_guide()
    plan = scenarios(guide)
    contributors = fresh_room(guide, CONTRIBUTORS)
    with (
        daphne(ENVIRONMENT) as live_url,
        daphne(ENVIRONMENT, application="bench.fanout_asgi:application") as bare_url,
    ):
        problems = asyncio.run(measure(live_url, bare_url, plan, contributors))
    for problem in problems:
        print(f"PROBLEM: {problem}")
    if problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
