"""Shared test helpers: real services, real processes, real mail."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import quote

import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import mail
from django.utils import translation

BASE_DIR = Path(__file__).resolve().parent.parent
ARTIFACTS_DIR = BASE_DIR / "tests" / "artifacts"
CODE_PATTERN = re.compile(r"^\s*(\d{6})\s*$", re.MULTILINE)


def redis_url_reachable(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def translated(language: str, message: str, /, **values) -> str:
    """The catalog's translation of a message; fails if the catalog leaves it in English."""
    with translation.override(language):
        text = translation.gettext(message)
    assert language == "en" or text != message, f"{message!r} is not translated into {language}"
    return text % values if values else text


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def last_code_sent_to(address: str) -> str:
    """The one-time code in the newest email to an address, from Django's locmem outbox."""
    for message in reversed(mail.outbox):
        if address in message.to:
            match = CODE_PATTERN.search(message.body)
            assert match, f"no code in the email to {address}: {message.body!r}"
            return match.group(1)
    raise AssertionError(f"no email was sent to {address}")


def database_url_for(settings_dict: dict) -> str:
    """A DATABASE_URL that points another process at the database this test uses."""
    engine = settings_dict["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return f"sqlite:///{settings_dict['NAME']}"
    if engine == "django.db.backends.postgresql":
        user = quote(settings_dict["USER"] or "")
        password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict["PASSWORD"] else ""
        host = settings_dict["HOST"] or "localhost"
        port = settings_dict["PORT"] or 5432
        return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"
    raise ValueError(f"no URL form for {engine}")


def wait_for_other_database_sessions_to_end(connection, timeout: float = 10) -> None:
    """PostgreSQL ends a stopped process's sessions a moment after it exits; dropping the test
    database before then fails with "being accessed by other users"."""
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.1)


def subprocess_environment(**overrides: str) -> dict[str, str]:
    environment = {**os.environ, **overrides}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return environment


def run_python(code: str, **environment: str) -> subprocess.CompletedProcess:
    """Runs Python code in a fresh interpreter at the project root, with these variables."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def http_get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """GET without following redirects; returns status, headers and body."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class DaphneServer:
    """A real daphne process serving commonground.asgi:application, as deployed."""

    def __init__(
        self,
        database_url: str,
        command: Callable[[int], list[str]] | None = None,
        **environment: str,
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        self.log_path = ARTIFACTS_DIR / f"daphne-{self.port}.log"
        self.environment = subprocess_environment(
            DATABASE_URL=database_url, DEBUG="1", **environment
        )
        self.process: subprocess.Popen | None = None
        self.log = None
        self.command = (command or self.daphne_command)(self.port)

    @staticmethod
    def daphne_command(port: int) -> list[str]:
        daphne = str(Path(sys.executable).parent / "daphne")
        return [daphne, "-b", "127.0.0.1", "-p", str(port), "commonground.asgi:application"]

    def start(self) -> None:
        self.log = log = self.log_path.open("w")
        self.process = subprocess.Popen(
            self.command,
            cwd=BASE_DIR,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"daphne exited early:\n{self.log_path.read_text()}")
            try:
                status, _headers, _body = http_get(f"{self.url}/healthz")
            except OSError:
                time.sleep(0.2)
                continue
            if status in (200, 503):
                return
        raise RuntimeError(f"daphne did not answer in 30 s:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log:
            self.log.close()

    def get_json(self, path: str) -> tuple[int, dict]:
        status, _headers, body = http_get(self.url + path)
        return status, json.loads(body)


@contextmanager
def running_daphne(database_url: str, **environment: str):
    server = DaphneServer(database_url, **environment)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class FewIterationsPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Django's hasher with few iterations, for tests: the same algorithm name and format, so a
    daphne process started by a test, with the real hashers, still checks these passwords."""

    iterations = 1_000
