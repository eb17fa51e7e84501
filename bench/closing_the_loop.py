"""Closing the loop on PostgreSQL: a committee decision told to a theme's whole audience.

Loads 40 dialogues that spoke about housing, each with 10 sessions over the last year, 25,000
registrations checked in (4 in 10 consented to hear about outcomes; 1 in 10 is an account, and
some people came to several dialogues) and 3,000 survey receipts that asked to hear back (half
of them walk-ins who left an address). A second theme, policing, has the same dialogues,
people and receipts, but nobody asked to hear back.

1. `brief_decide` on a fresh housing brief (routed first, as a coordinator does) writes one
   OutcomeNews row per person in the same transaction. Its median over several decisions is
   compared with the same decision on a policing brief, which has nobody to tell.
2. With three pending changes per person (a brief routed and decided, another routed),
   `outcome_digests_send_due` enqueues one digest per person. The baseline, measured in the
   same run on the same news, is what sending without digests does: the same pending rows,
   the same enqueue function, but one message per change and person.
3. A second run of `outcome_digests_send_due` at the same time must enqueue nothing.

Delivery is not run: with the database task backend, enqueuing writes the outbox rows and the
delivery tasks, and no worker is started.

Needs PostgreSQL: BENCH_DATABASE_URL, by default postgres://postgres@127.0.0.1:5432/
commonground_bench. That database, which the other benchmarks share, is never touched: this one
keeps `<name>_loop` beside it (made and migrated with Django's test database machinery on the
first run) and flushes it before and after each run. Run it with `make bench`.
"""

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.support import DATABASE_URL  # noqa: E402

ENVIRONMENT = {
    "DATABASE_URL": DATABASE_URL,
    # Enqueuing writes delivery tasks to the database; no worker runs, so nothing is sent.
    "BACKGROUND_TASKS": "database",
    "EMAIL_PROVIDER": "locmem",
    # As in production: DEBUG off, so templates are compiled once and cached.
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENVIRONMENT)
# An in-memory channel layer for the in-app unread counts: no Redis needed.
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")


import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import CharField, Value  # noqa: E402
from django.db.models.functions import Cast, Concat  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from accounts.services import user_create  # noqa: E402
from commonground.formatting import city_time_zone  # noqa: E402
from dialogues.models import (  # noqa: E402
    Attendance,
    Dialogue,
    Language,
    Neighborhood,
    Program,
    Registration,
    Session,
    Venue,
)
from feedback.committee.loop import (  # noqa: E402
    DIGEST_GATHER,
    DIGEST_KEY_PREFIX,
    MARK_BATCH,
    _Changes,
    _digest,
    outcome_digests_send_due,
)
from feedback.committee.messages import OUTCOMES_DIGEST  # noqa: E402
from feedback.committee.services import brief_create, brief_decide, brief_route  # noqa: E402
from feedback.models import (  # noqa: E402
    BriefStatusChange,
    FeedbackItem,
    OutcomeNews,
    SurveyReceipt,
    Theme,
    ThemeBrief,
    ThemeTag,
)
from notifications.models import Notification  # noqa: E402
from notifications.services import notifications_enqueue_many  # noqa: E402

SEED = 20250801
DIALOGUES = 40
SESSIONS_PER_DIALOGUE = 10
REGISTRATIONS = 25_000
# Distinct people behind the registrations: some came to more than one dialogue.
PEOPLE = 22_000
CONSENTED = 0.40
ACCOUNT_EVERY = 10  # one person in ten has an account
RECEIPTS = 3_000
WALK_IN_RECEIPTS = 0.5
# A walk-in who gave the address they registered with elsewhere: the same person.
WALK_IN_KNOWN_ADDRESS = 0.2
# Sessions of a dialogue each registration was checked in at, per 100 registrations.
SESSIONS_ATTENDED = {1: 60, 2: 25, 3: 15}
ITEMS_PER_SESSION = 4
NEIGHBORHOODS = 10
BATCH = 5_000
DECISIONS = 5
# A run over the whole audience takes tens of seconds: noise is small against that, and
# more runs would take the benchmark past a few minutes.
DIGEST_RUNS = 1
AUDIENCE_THEME = "housing"
BASELINE_THEME = "policing"
LANGUAGES = {"en": 55, "es": 20, "ht": 8, "zh-hans": 6, "vi": 5, "pt-br": 3, "ar": 3}
SAYINGS = (
    "The rent went up again and the landlord will not fix the heat.",
    "We need more affordable housing near the train.",
    "My building has had no hot water since March.",
    "La renta sube y no hay trabajo cerca.",
)
Result = TypeVar("Result")


def pick(rng: random.Random, shares: dict) -> object:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


@dataclass
class Timing:
    milliseconds: list[float] = field(default_factory=list)
    counts: set[int] = field(default_factory=set)  # queries per run; one value if constant
    in_sql: list[float] = field(default_factory=list)  # ms per run spent waiting for SQL

    def run(self, work: Callable[[], Result]) -> Result:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = work()
            self.milliseconds.append((time.perf_counter() - started) * 1000)
        self.counts.add(len(captured.captured_queries))
        self.in_sql.append(sum(float(query["time"]) * 1000 for query in captured))
        return result

    @property
    def queries(self) -> str:
        return " or ".join(str(count) for count in sorted(self.counts))

    @property
    def median(self) -> float:
        return statistics.median(self.milliseconds)

    @property
    def worst(self) -> float:
        return max(self.milliseconds)

    @property
    def median_in_sql(self) -> float:
        return statistics.median(self.in_sql)


@dataclass
class Loaded:
    sessions: int = 0
    registrations: int = 0
    attendances: int = 0
    consented: int = 0
    accounts: int = 0
    receipts: int = 0


def theme_dialogues_create(
    rng: random.Random,
    theme: Theme,
    *,
    hear_back: bool,
    prefix: str,
    staff: User,
    neighborhoods: list[Neighborhood],
    venues: list[Venue],
    program: Program,
    english: Language,
) -> Loaded:
    """DIALOGUES dialogues whose confirmed feedback is about `theme`, with their sessions over
    the last year, their checked-in registrations and survey receipts. With `hear_back` False,
    nobody consented and no receipt asks to hear back."""
    zone = city_time_zone()
    now = timezone.now()
    loaded = Loaded()
    with transaction.atomic():
        dialogues = Dialogue.objects.bulk_create(
            Dialogue(
                program=program,
                format=Dialogue.Format.DROP_IN,
                title={"en": f"{theme.slug.title()} conversations #{number + 1}"},
                neighborhood=neighborhoods[number % len(neighborhoods)],
                venue=venues[number % len(venues)],
                mode=Dialogue.Mode.IN_PERSON,
                primary_language=english,
                capacity=200,
                status=Dialogue.Status.COMPLETED,
            )
            for number in range(DIALOGUES)
        )
        sessions = []
        for dialogue in dialogues:
            days = sorted(rng.sample(range(7, 360), SESSIONS_PER_DIALOGUE), reverse=True)
            for number, days_ago in enumerate(days, start=1):
                day = timezone.localtime(now, zone).date() - timedelta(days=days_ago)
                starts = datetime(day.year, day.month, day.day, 18, tzinfo=zone)
                sessions.append(
                    Session(
                        dialogue=dialogue,
                        number=number,
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=2),
                    )
                )
        sessions = Session.objects.bulk_create(sessions, batch_size=BATCH)
        loaded.sessions = len(sessions)
        sessions_of: dict[int, list[Session]] = {}
        for session in sessions:
            sessions_of.setdefault(session.dialogue_id, []).append(session)
        dialogue_of = {dialogue.pk: dialogue for dialogue in dialogues}
        items = FeedbackItem.objects.bulk_create(
            (
                FeedbackItem(
                    kind=FeedbackItem.Kind.CONTRIBUTION,
                    text=rng.choice(SAYINGS),
                    language="en",
                    session=session,
                    dialogue_id=session.dialogue_id,
                    neighborhood_id=dialogue_of[session.dialogue_id].neighborhood_id,
                    program=program,
                    occurred_on=timezone.localtime(session.starts_at, zone).date(),
                )
                for session in sessions
                for _ in range(ITEMS_PER_SESSION)
            ),
            batch_size=BATCH,
        )
        ThemeTag.objects.bulk_create(
            (
                ThemeTag(
                    item=item,
                    theme=theme,
                    status=ThemeTag.Status.CONFIRMED,
                    decided_by=staff,
                    decided_at=now,
                )
                for item in items
            ),
            batch_size=BATCH,
        )

        # People: each has a language, and one in ten an account.
        languages = [pick(rng, LANGUAGES) for _ in range(PEOPLE)]
        users = User.objects.bulk_create(
            (
                User(
                    email=f"{prefix}{person}@example.org",
                    display_name=f"Resident {person}",
                    preferred_language=languages[person],
                    password=make_password(None),
                )
                for person in range(0, PEOPLE, ACCOUNT_EVERY)
            ),
            batch_size=BATCH,
        )
        loaded.accounts = len(users)
        account_of = {user.email: user for user in users}
        registered = set()
        registrations = []
        while len(registrations) < REGISTRATIONS:
            dialogue = dialogues[len(registrations) % DIALOGUES]
            person = rng.randrange(PEOPLE)
            if (dialogue.pk, person) in registered:
                continue
            registered.add((dialogue.pk, person))
            email = f"{prefix}{person}@example.org"
            consented = hear_back and rng.random() < CONSENTED
            registrations.append(
                Registration(
                    dialogue=dialogue,
                    user=account_of.get(email),
                    name=f"Resident {person}",
                    email=email,
                    language=languages[person],
                    status=Registration.Status.CONFIRMED,
                    outcomes_consented_at=now if consented else None,
                )
            )
        registrations = Registration.objects.bulk_create(registrations, batch_size=BATCH)
        loaded.registrations = len(registrations)
        loaded.consented = sum(1 for r in registrations if r.outcomes_consented_at is not None)
        attended = []
        for registration in registrations:
            chosen = rng.sample(sessions_of[registration.dialogue_id], pick(rng, SESSIONS_ATTENDED))
            attended.extend((session, registration) for session in chosen)
        Attendance.objects.bulk_create(
            (
                Attendance(session=session, registration=registration, checked_in_by=staff)
                for session, registration in attended
            ),
            batch_size=BATCH,
        )
        loaded.attendances = len(attended)

        # Survey receipts: registered people (at a session they came to) and walk-ins.
        receipts = []
        walk_ins = round(RECEIPTS * WALK_IN_RECEIPTS)
        for session, registration in rng.sample(attended, RECEIPTS - walk_ins):
            receipts.append(
                SurveyReceipt(
                    session=session,
                    registration=registration,
                    submitted_on=timezone.localtime(session.starts_at, zone).date(),
                    language=registration.language,
                    hear_back=hear_back,
                )
            )
        for number in range(walk_ins):
            session = rng.choice(sessions)
            if rng.random() < WALK_IN_KNOWN_ADDRESS:
                address = f"{prefix.title()}{rng.randrange(PEOPLE)}@Example.org"
            else:
                address = f"{prefix}-walk-in{number}@example.net"
            receipts.append(
                SurveyReceipt(
                    session=session,
                    walk_in_key=f"browser-{number}",
                    submitted_on=timezone.localtime(session.starts_at, zone).date(),
                    language=pick(rng, LANGUAGES),
                    hear_back=hear_back,
                    hear_back_email=address if hear_back else "",
                )
            )
        SurveyReceipt.objects.bulk_create(receipts, batch_size=BATCH)
        loaded.receipts = len(receipts)
    return loaded


def city_create(rng: random.Random, staff: User) -> dict[str, Loaded]:
    english, _created = Language.objects.get_or_create(code="en", defaults={"name": "English"})
    program = Program.objects.create(name={"en": "Neighborhood Dialogues"}, slug="dialogues")
    neighborhoods = Neighborhood.objects.bulk_create(
        Neighborhood(name=f"Neighborhood {number}", slug=f"neighborhood-{number}")
        for number in range(NEIGHBORHOODS)
    )
    venues = Venue.objects.bulk_create(
        Venue(neighborhood=n, name=f"{n.name} Library", address=f"1 {n.name} Sq", capacity=200)
        for n in neighborhoods
    )
    shared = {
        "staff": staff,
        "neighborhoods": neighborhoods,
        "venues": venues,
        "program": program,
        "english": english,
    }
    loaded = {
        AUDIENCE_THEME: theme_dialogues_create(
            rng,
            Theme.objects.get(slug=AUDIENCE_THEME),
            hear_back=True,
            prefix="resident",
            **shared,
        ),
        BASELINE_THEME: theme_dialogues_create(
            rng,
            Theme.objects.get(slug=BASELINE_THEME),
            hear_back=False,
            prefix="neighbor",
            **shared,
        ),
    }
    # Statistics as autovacuum would have them on a live database a while after the load.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return loaded


@dataclass
class Committee:
    coordinator: User
    member: User


def brief_routed(committee: Committee, theme: Theme, number: int) -> ThemeBrief:
    """A fresh brief, written and put on the docket by a coordinator."""
    brief = brief_create(
        theme=theme,
        title={"en": f"Brief {number} on {theme.slug}", "es": f"Informe {number}"},
        public_summary={"en": "Rents rise and repairs wait.", "es": "Suben los alquileres."},
        proposed_ask={"en": "Enforce repair orders."},
        quotes=[],
        action_ideas=[],
        by=committee.coordinator,
    )
    return brief_route(brief_id=brief.pk, by=committee.coordinator)


def decide(committee: Committee, brief: ThemeBrief) -> BriefStatusChange:
    return brief_decide(
        brief_id=brief.pk,
        status=ThemeBrief.Status.ACCEPTED,
        rationale={
            "en": "Repairs are a safety issue in every neighborhood we heard from.",
            "es": "Las reparaciones son un asunto de seguridad en todos los barrios.",
        },
        by=committee.member,
    )


@dataclass
class Decisions:
    timing: Timing = field(default_factory=Timing)
    news: set[int] = field(default_factory=set)  # news rows per decision


def measure_decisions(committee: Committee) -> dict[str, Decisions]:
    """One warm-up decision per theme, then DECISIONS each; the themes alternate, so that a
    change in the machine's load hits both sides of the comparison alike."""
    themes = {slug: Theme.objects.get(slug=slug) for slug in (AUDIENCE_THEME, BASELINE_THEME)}
    results = {slug: Decisions() for slug in themes}
    number = 0
    for repetition in range(DECISIONS + 1):
        for slug, theme in themes.items():
            number += 1
            brief = brief_routed(committee, theme, number)
            if repetition == 0:
                decide(committee, brief)
                continue
            change = results[slug].timing.run(lambda brief=brief: decide(committee, brief))
            results[slug].news.add(OutcomeNews.objects.filter(brief_change=change).count())
    return results


def news_reset(changes: list[int]) -> None:
    """The news of these changes pending again, and no outbox rows or delivery tasks."""
    OutcomeNews.objects.filter(brief_change_id__in=changes).update(
        sent_at=None, notification_key=""
    )
    Notification.objects.all().delete()
    DBTaskResult.objects.all().delete()


def naive_send_due(*, now: datetime) -> int:
    """Without digests: the same pending news, locked, read and marked as
    outcome_digests_send_due does, but one message for each change and person, through the
    same enqueue function. Returns how many messages."""
    with transaction.atomic():
        pending = list(
            OutcomeNews.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(sent_at__isnull=True, created_at__lte=now - DIGEST_GATHER)
            .select_related("recipient")
            .order_by("created_at", "id")
        )
        changes, page_urls = _Changes(pending), {}
        messages = [_digest([news], changes, page_urls) for news in pending]
        notifications_enqueue_many(kind=OUTCOMES_DIGEST.key, outgoing=messages)
        ids = [news.pk for news in pending]
        for start in range(0, len(ids), MARK_BATCH):
            OutcomeNews.objects.filter(pk__in=ids[start : start + MARK_BATCH]).update(
                sent_at=now,
                notification_key=Concat(Value(DIGEST_KEY_PREFIX), Cast("pk", CharField())),
            )
    return len(messages)


@dataclass
class Sending:
    timing: Timing = field(default_factory=Timing)
    messages: int = 0
    rows: int = 0  # outbox rows: an account gets an email and an in-app message


@dataclass
class Digests:
    people: int
    news: int
    ours: Sending
    naive: Sending
    again: int  # digests a second run at the same time enqueued
    again_rows: int  # outbox rows it added


def measure_digests(committee: Committee) -> Digests:
    """Three changes pending per person, then digests against one message per change.

    The news the decisions above wrote is marked as sent a month ago, as a live table holds
    it: not pending, but read for each person's last message."""
    OutcomeNews.objects.update(
        sent_at=timezone.now() - timedelta(days=30), notification_key="bench:earlier"
    )
    housing = Theme.objects.get(slug=AUDIENCE_THEME)
    first = brief_routed(committee, housing, 1000)
    decide(committee, first)
    second = brief_routed(committee, housing, 1001)
    changes = list(
        BriefStatusChange.objects.filter(brief__in=(first, second)).values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    pending = OutcomeNews.objects.filter(sent_at__isnull=True)
    measured = Digests(
        people=pending.values("contact_key").distinct().count(),
        news=pending.count(),
        ours=Sending(),
        naive=Sending(),
        again=0,
        again_rows=0,
    )
    now = timezone.now() + DIGEST_GATHER + timedelta(minutes=1)
    for repetition in range(DIGEST_RUNS):
        news_reset(changes)
        ours = measured.ours
        ours.messages = ours.timing.run(lambda: outcome_digests_send_due(now=now))
        ours.rows = Notification.objects.count()
        if repetition == 0:
            measured.again = outcome_digests_send_due(now=now)
            measured.again_rows = Notification.objects.count() - ours.rows
        news_reset(changes)
        naive = measured.naive
        naive.messages = naive.timing.run(lambda: naive_send_due(now=now))
        naive.rows = Notification.objects.count()
    news_reset(changes)
    return measured


def main() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("bench/closing_the_loop.py needs PostgreSQL: set BENCH_DATABASE_URL.")
    connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_loop"
    started = time.perf_counter()
    # Kept between runs, so that only the first one waits for the migrations; flushing it
    # makes every run start clean, and re-seeds the themes (post_migrate).
    connection.creation.create_test_db(verbosity=0, keepdb=True, serialize=False)
    call_command("flush", interactive=False, verbosity=0)
    print(
        f"closing the loop: PostgreSQL database {connection.settings_dict['NAME']}, "
        f"migrated and flushed in {time.perf_counter() - started:.1f} s"
    )
    try:
        run()
    finally:
        call_command("flush", interactive=False, verbosity=0)


def run() -> None:
    rng = random.Random(SEED)
    committee = Committee(
        coordinator=user_create(email="coordinator@example.org", roles=(Role.COORDINATOR,)),
        member=user_create(email="committee@example.org", roles=(Role.COMMITTEE_MEMBER,)),
    )
    started = time.perf_counter()
    loaded = city_create(rng, committee.coordinator)
    print(f"loaded in {time.perf_counter() - started:.1f} s, per theme:")
    for slug, rows in loaded.items():
        print(
            f"  {slug:<9} {DIALOGUES} dialogues, {rows.sessions:,} sessions in the last year, "
            f"{rows.registrations:,} registrations ({rows.accounts:,} accounts) checked in "
            f"{rows.attendances:,} times, {rows.consented:,} consented, {rows.receipts:,} "
            f"survey receipts ({'all' if slug == AUDIENCE_THEME else 'none'} hear back)"
        )

    decisions = measure_decisions(committee)
    ours, baseline = decisions[AUDIENCE_THEME], decisions[BASELINE_THEME]
    print()
    print(
        f"1. brief_decide on a fresh routed brief, {DECISIONS} decisions after a warm-up "
        "(ms; news rows written; queries)"
    )
    print(
        f"{'':<32} {'median':>8} {'max':>8} {'in SQL':>8} {'news rows':>10} {'queries':>8}"
        f" {'vs baseline':>12}"
    )
    for label, measured in (
        (f"{AUDIENCE_THEME}: residents to tell", ours),
        (f"baseline, {BASELINE_THEME}: nobody", baseline),
    ):
        news = " or ".join(f"{count:,}" for count in sorted(measured.news))
        print(
            f"{label:<32} {measured.timing.median:>8.0f} {measured.timing.worst:>8.0f} "
            f"{measured.timing.median_in_sql:>8.0f} {news:>10} {measured.timing.queries:>8} "
            f"{measured.timing.median / baseline.timing.median:>11.1f}x"
        )

    measured = measure_digests(committee)
    people, ours, naive = measured.people, measured.ours, measured.naive
    print()
    print(
        f"2. outcome_digests_send_due: {people:,} people with {measured.news:,} pending news "
        f"({measured.news / people:.1f} per person), {DIGEST_RUNS} run each"
    )
    print(
        f"{'':<32} {'messages':>9} {'outbox rows':>12} {'median s':>9} {'in SQL s':>9} "
        f"{'us/person':>10} {'queries':>8}"
    )
    for label, sending in (
        ("digests, one per person", ours),
        ("baseline: one per change", naive),
    ):
        seconds = sending.timing.median / 1000
        print(
            f"{label:<32} {sending.messages:>9,} {sending.rows:>12,} {seconds:>9.2f} "
            f"{sending.timing.median_in_sql / 1000:>9.2f} {seconds / people * 1e6:>10.0f} "
            f"{sending.timing.queries:>8}"
        )
    print(
        f"  baseline / digests: {naive.messages / ours.messages:.1f}x the messages, "
        f"{naive.rows / ours.rows:.1f}x the outbox rows, "
        f"{naive.timing.median / ours.timing.median:.2f}x the time"
    )
    print()
    print(
        f"3. a second outcome_digests_send_due at the same time: {measured.again} digests "
        f"enqueued, {measured.again_rows} new outbox rows"
    )


if __name__ == "__main__":
    main()
