"""How much does serving a page in another language cost, compared with English?

Renders the home page through Django's full middleware stack in every configured language,
against a freshly migrated SQLite database, and prints milliseconds per request and the ratio
to English measured in the same run. Run it with `make bench`.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from commonground.demo import demo_data_seed  # noqa: E402

REQUESTS = 200
ROUNDS = 5


def milliseconds_per_request(client: Client, path: str) -> float:
    start = time.perf_counter()
    for _ in range(REQUESTS):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    return (time.perf_counter() - start) * 1000 / REQUESTS


def main() -> None:
    call_command("migrate", verbosity=0)
    demo_data_seed()
    client = Client(SERVER_NAME="localhost")
    for code, _name in settings.LANGUAGES:  # warm every catalog and template once
        client.get(f"/{code}/")
    # Rounds interleave the languages, so that drift in the machine's speed hits all alike.
    rounds = {code: [] for code, _name in settings.LANGUAGES}
    for _ in range(ROUNDS):
        for code in rounds:
            rounds[code].append(milliseconds_per_request(client, f"/{code}/"))
    medians = {code: statistics.median(values) for code, values in rounds.items()}
    baseline = medians["en"]
    print(f"home page, {REQUESTS} requests x {ROUNDS} rounds (median), baseline: English")
    print(f"{'language':<10} {'ms/request':>10} {'vs en':>7}")
    for code, value in medians.items():
        print(f"{code:<10} {value:>10.2f} {value / baseline:>6.2f}x")


if __name__ == "__main__":
    main()
