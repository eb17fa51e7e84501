"""A rush on one dialogue: N people register over HTTP at once for its 12 seats.

Starts daphne against PostgreSQL (a database of the benchmark's own), then fires N concurrent
registrations (N = 200 and 1,000) at one 12-seat dialogue. Prints throughput, p50 and p99
latency, seats confirmed, people waitlisted, and overbooking, which must be zero. The baseline,
measured in the same run, is the same requests sent to a bare view that only renders a page.
Run it with `make bench`.
"""

import http.client
import os
import re
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.support import DATABASE_URL, daphne, ensure_database  # noqa: E402

SEATS = 12
CLIENTS = 64
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "bench.rush_settings",
    "DATABASE_URL": DATABASE_URL,
    "BACKGROUND_TASKS": "database",
    "EMAIL_PROVIDER": "locmem",
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "REGISTRATION_RATE_LIMIT": "1000000/m/ip",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENVIRONMENT)
os.environ.pop("REDIS_URL", None)
ensure_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from dialogues.models import Dialogue, Language, Neighborhood, Program, Registration, Session, Venue  # noqa: E402


def fresh_dialogue() -> Dialogue:
    neighborhood, _ = Neighborhood.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    venue, _ = Venue.objects.get_or_create(
        name="Bench Hall",
        defaults={"neighborhood": neighborhood, "address": "1 Bench St", "capacity": 40},
    )
    program, _ = Program.objects.get_or_create(slug="bench", defaults={"name": {"en": "Bench"}})
    dialogue = Dialogue.objects.create(
        program=program,
        format=Dialogue.Format.DROP_IN,
        neighborhood=neighborhood,
        venue=venue,
        mode=Dialogue.Mode.IN_PERSON,
        primary_language=Language.objects.get(code="en"),
        capacity=SEATS,
        status=Dialogue.Status.OPEN,
    )
    starts_at = timezone.now() + timezone.timedelta(days=7)
    Session.objects.create(
        dialogue=dialogue,
        number=1,
        starts_at=starts_at,
        ends_at=starts_at + timezone.timedelta(hours=2),
    )
    return dialogue


def csrf(base_url: str, path: str) -> tuple[str, str]:
    """The CSRF cookie and form token a browser would have after loading the form."""
    host = urlsplit(base_url)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    return cookie, token


def rush(base_url: str, path: str, people: int, form_path: str) -> list[tuple[float, int]]:
    cookie, token = csrf(base_url, form_path)
    host = urlsplit(base_url)

    def one(number: int) -> tuple[float, int]:
        body = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "name": f"Person {number}",
                "email": f"person{number}@example.org",
                "language": "en",
                "childcare_children": "0",
            }
        )
        started = time.perf_counter()
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=120)
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie}",
                "Referer": base_url + form_path,
            },
        )
        status = connection.getresponse().status
        connection.close()
        return time.perf_counter() - started, status

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return list(pool.map(one, range(people)))


def report(label: str, results: list[tuple[float, int]], elapsed: float) -> float:
    latencies = sorted(latency for latency, _status in results)
    rate = len(results) / elapsed
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    failures = sum(1 for _latency, status in results if status >= 400)
    print(f"{label:<34} {rate:>8.1f}/s  p50 {p50:>7.1f} ms  p99 {p99:>7.1f} ms  errors {failures}")
    return rate


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    print(
        f"registration rush: one dialogue of {SEATS} seats, {CLIENTS} concurrent clients, "
        "one daphne process, PostgreSQL"
    )
    with daphne(ENVIRONMENT) as base_url:
        for people in (200, 1000):
            dialogue = fresh_dialogue()
            form_path = f"/en/dialogues/{dialogue.pk}/register/"
            started = time.perf_counter()
            baseline = rush(base_url, "/bench/bare/", people, form_path)
            baseline_rate = report(
                f"N={people} bare page (baseline)", baseline, time.perf_counter() - started
            )
            started = time.perf_counter()
            results = rush(base_url, form_path, people, form_path)
            rate = report(f"N={people} registrations", results, time.perf_counter() - started)
            confirmed = Registration.objects.filter(dialogue=dialogue, status="confirmed").count()
            waitlisted = Registration.objects.filter(dialogue=dialogue, status="waitlisted").count()
            overbooked = max(confirmed - SEATS, 0)
            print(
                f"{'':<34} confirmed {confirmed}, waitlisted {waitlisted}, "
                f"overbooked {overbooked}, ratio to baseline {rate / baseline_rate:.2f}x"
            )


if __name__ == "__main__":
    main()
