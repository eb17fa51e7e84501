"""The committee summary page and its CSV export over two years of a city's feedback.

Loads 100,000 feedback items (live contributions, survey answers, report quotes and action
ideas) across 24 months, 20 neighborhoods and 9 themes into PostgreSQL, with their theme tags,
20,000 survey responses and 15,000 attendees with demographic answers, in three steps (1,000,
10,000 and 100,000 items, everything else in proportion). After each step it times the summary
page and the CSV export as a signed-in committee member, for the whole two years and for one
neighborhood and one theme, and counts their queries, which must not grow with the data.

The baseline, measured in the same run on the same data, is what an ORM user writes without
GROUP BY: one query per theme and one per month, counting the rows in Python. It computes the
theme counts and the monthly trend, and is compared with `summary()`, which computes those and
the rest of the page (survey scores, who came, quotes).

Needs PostgreSQL: DATABASE_URL, by default postgres://postgres@127.0.0.1:5432/bench_summaries.
That database is never touched: the benchmark builds `<name>_scratch` beside it with Django's
test database machinery and drops it at the end. Run it with `make bench`.
"""

import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_summaries")
os.environ.setdefault("DEBUG", "1")
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "commonground.settings",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "EMAIL_PROVIDER": "locmem",
        "LOG_LEVEL": "WARNING",
    }
)
# An in-memory cache and channel layer: the page must not depend on Redis being warm.
os.environ.pop("REDIS_URL", None)

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.roles import Role  # noqa: E402
from accounts.services import user_create  # noqa: E402
from commonground.formatting import city_time_zone  # noqa: E402
from dialogues.demographics import MORE_THAN_ONE, POPULATION_GROUPS, RACE_ETHNICITY  # noqa: E402
from dialogues.models import (  # noqa: E402
    Attendance,
    Dialogue,
    Language,
    Neighborhood,
    Program,
    Registration,
    RegistrationDemographics,
    Session,
    Venue,
)
from feedback.models import (  # noqa: E402
    FeedbackItem,
    RepresentativeQuote,
    SessionReport,
    SurveyResponse,
    Theme,
    ThemeTag,
)
from feedback.summaries.selectors import SummaryFilter, months_between, summary  # noqa: E402

SEED = 20250701
STEPS = (1_000, 10_000, 100_000)
MONTHS = 24
BATCH = 5_000
# Per 100 feedback items: 20 survey responses (6 in 10 write what the city should do, and that
# answer is a feedback item) and 15 attendees who registered and checked in.
SURVEYS_PER_ITEM = 0.20
SURVEYS_WITH_TEXT = 0.6
ATTENDEES_PER_ITEM = 0.15
# The other items: contributions in live sessions, quotes and action ideas from reports.
KINDS = {
    FeedbackItem.Kind.CONTRIBUTION: 78,
    FeedbackItem.Kind.QUOTE: 12,
    FeedbackItem.Kind.ACTION_IDEA: 10,
}
LANGUAGES = {"en": 60, "es": 20, "ht": 8, "zh-hans": 5, "vi": 4, "pt-br": 3}
# How often each theme is confirmed, per 100 tags: housing and policing come up most.
THEME_WEIGHTS = {
    "health": 14,
    "housing": 22,
    "education": 12,
    "economic-opportunity": 11,
    "policing": 17,
    "civic-engagement": 9,
    "procurement": 2,
    "climate-transportation": 7,
    "digital-access": 6,
}
NEIGHBORHOODS = (
    "Allston",
    "Back Bay",
    "Brighton",
    "Charlestown",
    "Chinatown",
    "Dorchester",
    "Downtown",
    "East Boston",
    "Fenway",
    "Hyde Park",
    "Jamaica Plain",
    "Mattapan",
    "Mission Hill",
    "North End",
    "Roslindale",
    "Roxbury",
    "South Boston",
    "South End",
    "West End",
    "West Roxbury",
)
WHOLE = "whole 2 years"
FILTERED_NEIGHBORHOOD = "Roxbury"
FILTERED_THEME = "housing"
Result = TypeVar("Result")
PAGE_REPETITIONS = 5
NAIVE_REPETITIONS = 3
SAYINGS = (
    "The rent went up again and the landlord will not fix the heat.",
    "My son was stopped by the police twice this month.",
    "The clinic closes before anyone gets off work.",
    "Our school lost its only counselor.",
    "City contracts never go to businesses from here.",
    "The bus comes every forty minutes, when it comes.",
    "Nobody asked us before they decided.",
    "La renta sube y no hay trabajo cerca.",
    "Lekòl la pa gen ase pwofesè.",
)


@dataclass(frozen=True)
class Place:
    """Where and when a session was held, as a feedback item copies it."""

    session_id: int
    dialogue_id: int
    neighborhood_id: int
    program_id: int
    day: date
    report_id: int


@dataclass
class City:
    places: list[Place]
    themes: list[Theme]
    theme_weights: list[int]
    neighborhoods: dict[str, Neighborhood]
    groups: dict[int, tuple[tuple[str, ...], tuple[int, ...]]]  # neighborhood: groups, weights
    staff_id: int
    start: date
    end: date
    loaded: int = 0  # feedback items so far; also numbers the people who came


def pick(rng: random.Random, shares: dict) -> object:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def batches(objects: list, size: int = BATCH) -> Iterator[list]:
    for first in range(0, len(objects), size):
        yield objects[first : first + size]


def period(today: date) -> tuple[date, date]:
    """The 24 whole months before this one."""
    end = date(today.year, today.month, 1) - timedelta(days=1)
    months_back = today.year * 12 + today.month - 1 - MONTHS
    return date(months_back // 12, months_back % 12 + 1, 1), end


def city_create(rng: random.Random) -> City:
    """Neighborhoods with residents by group, a program per year, and one drop-in dialogue per
    neighborhood per month, each with its session and its facilitators' report."""
    zone = city_time_zone()
    start, end = period(timezone.localtime(timezone.now(), zone).date())
    staff = user_create(email="coordinator@example.org", roles=(Role.COORDINATOR,))
    english = Language.objects.get(code="en")
    Theme.objects.create(
        slug="digital-access",
        name={"en": "Digital access", "es": "Acceso digital"},
        position=9,
    )
    themes = list(Theme.objects.order_by("position", "slug"))
    codes = [code for code, _label in POPULATION_GROUPS]
    neighborhoods = {}
    groups = {}
    for name in NEIGHBORHOODS:
        # Each neighborhood is mostly two or three groups, as segregated cities are.
        weights = [rng.choice((1, 2, 5, 20, 60)) for _code in codes]
        residents = rng.randint(15_000, 90_000)
        population = {
            code: residents * weight // sum(weights)
            for code, weight in zip(codes, weights, strict=True)
        }
        neighborhood = Neighborhood.objects.create(
            name=name, slug=name.lower().replace(" ", "-"), population=population
        )
        neighborhoods[name] = neighborhood
        # Attendees pick their groups; "more than one" is what picking several becomes.
        chosen = [i for i, code in enumerate(codes) if code != MORE_THAN_ONE]
        groups[neighborhood.pk] = (
            tuple(codes[i] for i in chosen),
            tuple(weights[i] for i in chosen),
        )
    venues = Venue.objects.bulk_create(
        Venue(neighborhood=n, name=f"{n.name} Library", address=f"1 {n.name} Sq", capacity=60)
        for n in neighborhoods.values()
    )
    months = months_between(start, end)
    programs = {
        year: Program.objects.create(
            name={"en": f"Neighborhood Race Dialogues {year}"}, slug=f"dialogues-{year}"
        )
        for year in sorted({month.year for month in months})
    }
    held = [(month, venue) for month in months for venue in venues]
    dialogues = Dialogue.objects.bulk_create(
        Dialogue(
            program=programs[month.year],
            format=Dialogue.Format.DROP_IN,
            title={"en": f"{venue.neighborhood.name}, {month:%B %Y}"},
            neighborhood=venue.neighborhood,
            venue=venue,
            mode=Dialogue.Mode.IN_PERSON,
            primary_language=english,
            capacity=60,
            status=Dialogue.Status.COMPLETED,
        )
        for month, venue in held
    )
    sessions = []
    for dialogue, (month, _venue) in zip(dialogues, held, strict=True):
        starts = datetime.combine(
            month.replace(day=rng.randint(3, 26)), clock(18, rng.choice((0, 30))), tzinfo=zone
        )
        sessions.append(
            Session(
                dialogue=dialogue, number=1, starts_at=starts, ends_at=starts + timedelta(hours=2)
            )
        )
    sessions = Session.objects.bulk_create(sessions)
    reports = SessionReport.objects.bulk_create(
        SessionReport(
            session=session,
            status=SessionReport.Status.SUBMITTED,
            attendance_count=rng.randint(8, 20),
            no_names_confirmed=True,
            created_by=staff,
            submitted_by=staff,
            submitted_at=session.ends_at + timedelta(hours=20),
        )
        for session in sessions
    )
    dialogue_by_id = {dialogue.pk: dialogue for dialogue in dialogues}
    places = [
        Place(
            session_id=session.pk,
            dialogue_id=session.dialogue_id,
            neighborhood_id=dialogue_by_id[session.dialogue_id].neighborhood_id,
            program_id=dialogue_by_id[session.dialogue_id].program_id,
            day=timezone.localtime(session.starts_at, zone).date(),
            report_id=report.pk,
        )
        for session, report in zip(sessions, reports, strict=True)
    ]
    return City(
        places=places,
        themes=themes,
        theme_weights=[THEME_WEIGHTS[theme.slug] for theme in themes],
        neighborhoods=neighborhoods,
        groups=groups,
        staff_id=staff.pk,
        start=start,
        end=end,
    )


def tags_for(rng: random.Random, city: City, item_id: int, decided: datetime) -> list[ThemeTag]:
    """Most items carry one confirmed theme, some two; one in ten only a suggestion that nobody
    has looked at yet, which must count nowhere."""
    first = rng.choices(city.themes, weights=city.theme_weights)[0]
    roll = rng.random()
    if roll < 0.10:
        return [
            ThemeTag(
                item_id=item_id,
                theme=first,
                status=ThemeTag.Status.SUGGESTED,
                reason={"language": "en", "keywords": ["rent"]},
                suggested_at=decided,
            )
        ]
    themes = [first]
    if roll < 0.28:
        second = first
        while second == first:
            second = rng.choices(city.themes, weights=city.theme_weights)[0]
        themes.append(second)
    return [
        ThemeTag(
            item_id=item_id,
            theme=theme,
            status=ThemeTag.Status.CONFIRMED,
            decided_by_id=city.staff_id,
            decided_at=decided,
        )
        for theme in themes
    ]


def item_for(rng: random.Random, place: Place, kind: str, **source) -> FeedbackItem:
    return FeedbackItem(
        kind=kind,
        text=rng.choice(SAYINGS),
        language=pick(rng, LANGUAGES),
        session_id=place.session_id,
        dialogue_id=place.dialogue_id,
        neighborhood_id=place.neighborhood_id,
        program_id=place.program_id,
        occurred_on=place.day,
        **source,
    )


def answers_for(rng: random.Random, city: City, place: Place) -> RegistrationDemographics | None:
    """Voluntary answers: most give one group, some several, some their own words, some
    prefer not to say, and some were never asked (no consent, no row)."""
    roll = rng.random()
    if roll < 0.05:
        return None
    codes, weights = city.groups[place.neighborhood_id]
    answers, described, prefer_not = [], "", False
    if roll < 0.13:
        prefer_not = True
    elif roll < 0.18:
        described = "Cape Verdean"
    elif roll < 0.28:
        answers = sorted(set(rng.choices(codes, weights=weights, k=2)))
    else:
        code = rng.choices(codes, weights=weights)[0]
        details = next(details for c, _label, details in RACE_ETHNICITY if c == code)
        answers = [f"{code}.{details[0][0]}" if details and rng.random() < 0.3 else code]
    return RegistrationDemographics(
        consented_at=timezone.now(),
        race_ethnicity=answers,
        self_described=described,
        prefer_not_to_say=prefer_not,
        age_range=rng.choice(("18_24", "25_34", "35_44", "45_54", "55_64", "65_plus")),
        residence_neighborhood_id=place.neighborhood_id,
    )


def load(rng: random.Random, city: City, items: int) -> dict[str, int]:
    """Adds `items` feedback items, and surveys and attendees in proportion, spread over every
    session. Returns the rows added per table."""
    now = timezone.now()
    rows = dict.fromkeys(("items", "tags", "surveys", "priorities", "attendees"), 0)
    with transaction.atomic():
        surveys = []
        for _ in range(round(items * SURVEYS_PER_ITEM)):
            place = rng.choice(city.places)
            heard = min(5, max(1, round(rng.gauss(4.0, 1.0))))
            surveys.append(
                SurveyResponse(
                    session_id=place.session_id,
                    language=pick(rng, LANGUAGES),
                    submitted_on=place.day + timedelta(days=rng.randint(0, 3)),
                    felt_heard=heard,
                    felt_safe=min(5, max(1, heard - rng.randint(0, 1))),
                    learned=rng.randint(2, 5),
                    come_again=pick(rng, {"yes": 70, "maybe": 20, "no": 10}),
                    city_should=rng.choice(SAYINGS) if rng.random() < SURVEYS_WITH_TEXT else "",
                )
            )
        surveys = SurveyResponse.objects.bulk_create(surveys, batch_size=BATCH)
        Priority = SurveyResponse.priority_themes.through
        priorities = [
            Priority(surveyresponse_id=response.pk, theme_id=theme.pk)
            for response in surveys
            for theme in set(rng.choices(city.themes, weights=city.theme_weights, k=3))
        ]
        Priority.objects.bulk_create(priorities, batch_size=BATCH)
        place_of = {place.session_id: place for place in city.places}
        written = [
            item_for(
                rng,
                place_of[response.session_id],
                FeedbackItem.Kind.SURVEY_ANSWER,
                survey_response_id=response.pk,
            )
            for response in surveys
            if response.city_should
        ]
        spoken = []
        for _ in range(items - len(written)):
            place = rng.choice(city.places)
            kind = pick(rng, KINDS)
            report = (
                {} if kind == FeedbackItem.Kind.CONTRIBUTION else {"report_id": place.report_id}
            )
            spoken.append(item_for(rng, place, kind, **report))
        for batch in batches(written + spoken):
            created = FeedbackItem.objects.bulk_create(batch)
            tags = [tag for item in created for tag in tags_for(rng, city, item.pk, now)]
            ThemeTag.objects.bulk_create(tags, batch_size=BATCH)
            rows["tags"] += len(tags)
        attendees = []
        for number in range(city.loaded, city.loaded + round(items * ATTENDEES_PER_ITEM)):
            place = rng.choice(city.places)
            attendees.append(
                (
                    place,
                    Registration(
                        dialogue_id=place.dialogue_id,
                        name=f"Resident {number}",
                        email=f"resident{number}@example.org",
                        language=pick(rng, LANGUAGES),
                        status=Registration.Status.CONFIRMED,
                    ),
                )
            )
        Registration.objects.bulk_create([r for _p, r in attendees], batch_size=BATCH)
        demographics = []
        for place, registration in attendees:
            answers = answers_for(rng, city, place)
            if answers is not None:
                answers.registration_id = registration.pk
                demographics.append(answers)
        RegistrationDemographics.objects.bulk_create(demographics, batch_size=BATCH)
        Attendance.objects.bulk_create(
            [
                Attendance(
                    session_id=place.session_id,
                    registration_id=registration.pk,
                    checked_in_by_id=city.staff_id,
                )
                for place, registration in attendees
            ],
            batch_size=BATCH,
        )
        if not city.loaded:
            quotes_choose(city)
    city.loaded += items
    # Statistics as autovacuum would have them on a live database a while after the load.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    rows.update(
        items=items, surveys=len(surveys), priorities=len(priorities), attendees=len(attendees)
    )
    return rows


def quotes_choose(city: City) -> None:
    """Two quotes per theme, as a coordinator picks them."""
    quotes = []
    for theme in city.themes:
        confirmed = ThemeTag.objects.filter(theme=theme, status=ThemeTag.Status.CONFIRMED)
        for tag in confirmed.select_related("item").order_by("item_id")[:2]:
            quotes.append(
                RepresentativeQuote(
                    theme=theme,
                    item_id=tag.item_id,
                    text=tag.item.text,
                    no_names_confirmed=True,
                    chosen_by_id=city.staff_id,
                )
            )
    RepresentativeQuote.objects.bulk_create(quotes)


def naive_counts(filters: SummaryFilter) -> tuple[dict[int, int], dict[date, int]]:
    """Theme counts and the monthly trend as an ORM user writes them without GROUP BY: one
    query per theme and one per month, counting the rows in Python."""
    items = FeedbackItem.objects.filter(
        occurred_on__gte=filters.start, occurred_on__lte=filters.end
    )
    if filters.neighborhood is not None:
        items = items.filter(neighborhood=filters.neighborhood)
    themes = [filters.theme] if filters.theme is not None else list(Theme.objects.all())
    theme_counts = {}
    for theme in themes:
        tagged = items.filter(tags__theme=theme, tags__status=ThemeTag.Status.CONFIRMED)
        counted = len({item.pk for item in tagged})
        if counted:
            theme_counts[theme.pk] = counted
    confirmed = ThemeTag.objects.filter(status=ThemeTag.Status.CONFIRMED, item__in=items)
    if filters.theme is not None:
        confirmed = confirmed.filter(theme=filters.theme)
    trend = {}
    for month in months_between(filters.start, filters.end):
        following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        in_month = confirmed.filter(item__occurred_on__gte=month, item__occurred_on__lt=following)
        # An item with two confirmed themes counts once.
        counted = len({tag.item_id for tag in in_month})
        if counted:
            trend[month] = counted
    return theme_counts, trend


@dataclass
class Timing:
    milliseconds: list[float] = field(default_factory=list)
    counts: set[int] = field(default_factory=set)  # queries per run; one value if constant
    slowest: list[tuple[float, str]] = field(default_factory=list)  # last run: ms, what

    def run(self, work: Callable[[], Result]) -> Result:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = work()
            self.milliseconds.append((time.perf_counter() - started) * 1000)
        self.counts.add(len(captured.captured_queries))
        self.slowest = sorted(
            ((float(query["time"]) * 1000, described(query["sql"])) for query in captured),
            reverse=True,
        )
        return result

    @property
    def queries(self) -> str:
        return " or ".join(str(count) for count in sorted(self.counts))

    @property
    def in_sql(self) -> float:
        """Milliseconds the last run spent waiting for PostgreSQL."""
        return sum(milliseconds for milliseconds, _what in self.slowest)

    @property
    def median(self) -> float:
        return statistics.median(self.milliseconds)

    @property
    def worst(self) -> float:
        return max(self.milliseconds)


def described(sql: str) -> str:
    """The query's main table and first column name, enough to find it in the selector."""
    table = re.search(r'FROM "(\w+)"', sql)
    column = re.search(r'AS "(\w+)"', sql)
    return f"{table.group(1) if table else sql[:40]} ({column.group(1) if column else '*'})"


def get(client: Client, path: str, query: dict[str, str]) -> Callable[[], object]:
    def request():
        response = client.get(path, query)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        # The CSV export streams: read it all, as a browser would.
        return b"".join(response) if response.streaming else response.content

    return request


@dataclass
class Measured:
    page: Timing
    csv: Timing
    summary: Timing | None = None
    naive: Timing | None = None
    same_figures: bool | None = None
    item_count: int | None = None  # "Feedback items" as summary() counts them


def measure(
    client: Client, query: dict[str, str], filters: SummaryFilter, *, baseline: bool
) -> Measured:
    """Times the page and the export after one warm-up request each; then, if asked,
    `summary()` against the naive loop. Runs alternate, so that a change in the machine's
    load hits both sides of a comparison alike."""
    page_request = get(client, reverse("feedback:summaries"), query)
    csv_request = get(client, reverse("feedback:summaries_csv"), query)
    measured = Measured(Timing(), Timing())
    page_request()
    csv_request()
    for _ in range(PAGE_REPETITIONS):
        measured.page.run(page_request)
        measured.csv.run(csv_request)
    if baseline:
        measured.summary, measured.naive = Timing(), Timing()
        for _ in range(NAIVE_REPETITIONS):
            computed = measured.summary.run(lambda: summary(filters))
            theme_counts, trend = measured.naive.run(lambda: naive_counts(filters))
        measured.same_figures = theme_counts == computed.theme_counts and trend == {
            month: n for month, n in computed.trend.items() if n
        }
        measured.item_count = computed.item_count
    return measured


def main() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("bench/summaries.py needs PostgreSQL: set DATABASE_URL.")
    base_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"{base_name}_scratch"
    started = time.perf_counter()
    scratch = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(
        f"feedback summaries: PostgreSQL database {scratch}, migrated in "
        f"{time.perf_counter() - started:.1f} s"
    )
    try:
        run()
    finally:
        connection.creation.destroy_test_db(base_name, verbosity=0)


def run() -> None:
    rng = random.Random(SEED)
    started = time.perf_counter()
    city = city_create(rng)
    print(
        f"{len(NEIGHBORHOODS)} neighborhoods, {len(city.themes)} themes, {MONTHS} months "
        f"({city.start} to {city.end}), {len(city.places)} sessions with reports: "
        f"{time.perf_counter() - started:.1f} s"
    )
    committee = user_create(email="committee@example.org", roles=(Role.COMMITTEE_MEMBER,))
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(committee)
    neighborhood = city.neighborhoods[FILTERED_NEIGHBORHOOD]
    theme = Theme.objects.get(slug=FILTERED_THEME)
    whole = {"start": city.start.isoformat(), "end": city.end.isoformat()}
    narrow = {**whole, "neighborhood": str(neighborhood.pk), "theme": str(theme.pk)}
    selections = {
        WHOLE: (whole, SummaryFilter(start=city.start, end=city.end)),
        f"{FILTERED_NEIGHBORHOOD} + {FILTERED_THEME}": (
            narrow,
            SummaryFilter(start=city.start, end=city.end, neighborhood=neighborhood, theme=theme),
        ),
    }
    results: dict[int, dict[str, Measured]] = {}
    loading = 0.0
    for total in STEPS:
        started = time.perf_counter()
        rows = load(rng, city, total - city.loaded)
        loading += time.perf_counter() - started
        print(
            f"loaded up to {total:,} items in {loading:.1f} s so far: "
            + ", ".join(f"+{count:,} {table}" for table, count in rows.items())
        )
        results[total] = {
            label: measure(client, query, filters, baseline=total == STEPS[-1])
            for label, (query, filters) in selections.items()
        }
    report(results, loaded=city.loaded)


def report(results: dict[int, dict[str, Measured]], *, loaded: int) -> None:
    largest = results[STEPS[-1]]
    print()
    print(
        f"at {STEPS[-1]:,} items, {PAGE_REPETITIONS} requests after a warm-up: median / max ms, "
        "queries, ms of the last request spent in SQL"
    )
    columns = f"{'median / max':>15} {'queries':>8} {'SQL':>5}"
    print(f"{'':<24} {'page':^30} {'CSV export':^30}")
    print(f"{'':<24} {columns} {columns}")
    for label, measured in largest.items():
        page, csv = measured.page, measured.csv
        print(
            f"{label:<24} {page.median:>6.0f} / {page.worst:>6.0f} {page.queries:>8} "
            f"{page.in_sql:>5.0f} {csv.median:>6.0f} / {csv.worst:>6.0f} {csv.queries:>8} "
            f"{csv.in_sql:>5.0f}"
        )
    print()
    print("theme counts + monthly trend: summary() against the naive loop (median ms)")
    print(f"{'':<24} {'summary()':>10} {'queries':>8} {'naive':>10} {'queries':>8} {'ratio':>8}")
    for label, measured in largest.items():
        ours, naive = measured.summary, measured.naive
        print(
            f"{label:<24} {ours.median:>10.0f} {ours.queries:>8} {naive.median:>10.0f} "
            f"{naive.queries:>8} {naive.median / ours.median:>7.1f}x"
        )
    print(
        "  summary() also computes survey scores, who came and quotes; the naive loop only "
        "theme counts and trend. Same figures: "
        + ", ".join(f"{label} {'yes' if m.same_figures else 'NO'}" for label, m in largest.items())
    )
    # Every item loaded lies in the two years, so the page's headline count must be all of them.
    counted = largest[WHOLE].item_count
    print(
        f"  feedback items the page counts over the 2 years: {counted:,} of {loaded:,} loaded"
        + ("" if counted == loaded else "  MISMATCH")
    )
    print()
    print("queries as the data grows (page / CSV export), and page median ms")
    print(f"{'':<24} " + " ".join(f"{f'{total:,} items':>18}" for total in STEPS) + "  equal")
    for label in largest:
        counts = [(results[t][label].page.queries, results[t][label].csv.queries) for t in STEPS]
        cells = " ".join(
            f"{f'{page} / {csv}  {results[t][label].page.median:.0f} ms':>18}"
            for t, (page, csv) in zip(STEPS, counts, strict=True)
        )
        print(f"{label:<24} {cells}  {'yes' if len(set(counts)) == 1 else 'NO'}")
    print()
    print(f"slowest queries of the page at {STEPS[-1]:,} items (last request; ms, table, column)")
    for label, measured in largest.items():
        slowest = ", ".join(f"{ms:.0f} {table}" for ms, table in measured.page.slowest[:3])
        print(f"{label:<24} {slowest}")


if __name__ == "__main__":
    main()
