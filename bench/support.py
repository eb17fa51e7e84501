"""Shared by the benchmarks: a PostgreSQL database of their own, and a daphne process."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/commonground_bench"
)


def ensure_database() -> None:
    """Creates the benchmark database if it does not exist yet."""
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        if not connection.execute(query, [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def daphne(environment: dict[str, str], application: str = "commonground.asgi:application"):
    """A daphne process serving the app (or another ASGI application); yields its base URL.

    The application must answer GET /healthz."""
    port = free_port()
    # BENCH_DAPHNE_LOG=<directory> keeps each daphne's output, to see what failed in a run.
    log_directory = os.environ.get("BENCH_DAPHNE_LOG")
    if log_directory:
        Path(log_directory).mkdir(parents=True, exist_ok=True)
        output = (Path(log_directory) / f"daphne-{port}.log").open("w")
    else:
        output = subprocess.DEVNULL
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "daphne"),
            "-p",
            str(port),
            application,
        ],
        cwd=BASE_DIR,
        env={**os.environ, **environment},
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("daphne did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if output is not subprocess.DEVNULL:
            output.close()
